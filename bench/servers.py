"""Servers for the chain benchmark: a bare grpc.aio health server, or the chain with one link left out.

Run as `python -m bench.servers --port P [--chain] [--without LINK]`. The full-chain number in
docs/benchmarks.md comes from the real `skillsphere serve`; this script only serves the baseline and the
leave-one-out variants used to attribute the cost to links.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

import grpc
import uvloop
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1._async import HealthServicer
from prometheus_client import CollectorRegistry

from internal.policy import POLICIES
from internal.registry import register_services
from pkg.grpcx.chain import LINKS, build_chain
from pkg.grpcx.server import GrpcServer
from pkg.grpcx.tracing import build_tracer_provider
from pkg.log import configure_logging
from pkg.ratelimit import RateLimiter
from pkg.tokens import TokenVerifier, load_key_set


async def serve(port: int, chain: bool, without: str | None, key_file: Path) -> None:
    interceptors: list[grpc.aio.ServerInterceptor] = []
    if chain:
        keys = load_key_set(key_file)
        interceptors = build_chain(
            registry=CollectorRegistry(),
            tracer_provider=build_tracer_provider("none", service_name="bench", endpoint=""),
            verifier=TokenVerifier(keys, issuer="skillsphere", audience="skillsphere-api"),
            policies=POLICIES,
            limiter=RateLimiter("async+memory://", "1000000/second"),
            trusted_proxies=["127.0.0.1"],
            without=without.split(",") if without else (),
        )
    if not chain:
        server = grpc.aio.server()
        health = HealthServicer()
        await health.set("", health_pb2.HealthCheckResponse.SERVING)
        health_pb2_grpc.add_HealthServicer_to_server(health, server)
        server.add_insecure_port(f"127.0.0.1:{port}")
        await server.start()
        await server.wait_for_termination()
        return
    # The same server assembly as `skillsphere serve`, minus the database.
    grpc_server = GrpcServer(f"127.0.0.1:{port}", interceptors)
    register_services(grpc_server, {})
    await grpc_server.health.set("", health_pb2.HealthCheckResponse.SERVING)
    await grpc_server.start()
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--chain", action="store_true")
    parser.add_argument("--without", help="comma-separated links to leave out: " + ", ".join(LINKS))
    parser.add_argument("--key-file", type=Path, default=Path(tempfile.gettempdir()) / "none.pem")
    args = parser.parse_args()
    configure_logging("info", "json")  # the runner sends stdout to a file, as for the real server
    uvloop.run(serve(args.port, args.chain, args.without, args.key_file))


if __name__ == "__main__":
    main()
