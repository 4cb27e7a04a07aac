"""The composition root: configuration → database → keys → chain → services → servers.

`skillsphere serve` runs the gRPC server, the HTTP port (grpc-web, metrics, health) and the health
probe in one process; `skillsphere migrate` applies migrations and exits.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import signal
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import serialization
from grpc_health.v1 import health_pb2
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from internal.policy import POLICIES
from internal.registry import register_services
from pkg.config import Settings
from pkg.db import Database, DatabaseSetupError, UnitOfWorkFactory, migrate
from pkg.db.embedded import start_embedded
from pkg.gateway import HttpServer, build_http_app, response_streaming_paths
from pkg.grpcx.chain import build_chain
from pkg.grpcx.health import HealthReporter
from pkg.grpcx.pagination import PageTokens
from pkg.grpcx.server import GrpcServer
from pkg.grpcx.tracing import build_tracer_provider
from pkg.log import configure_logging, get_logger
from pkg.ratelimit import RateLimiter
from pkg.tokens import KeySet, TokenVerifier, load_key_set
from pkg.tokens.keys import development_key_path

log = get_logger("app")


async def open_database(settings: Settings, registry: CollectorRegistry) -> Database:
    """The configured database (or the embedded one), checked for required extensions."""
    url = settings.database_url or await start_embedded(settings.data_dir)
    database = Database(
        url,
        registry=registry,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_seconds,
        statement_timeout_ms=settings.db_statement_timeout_ms,
        slow_query_ms=settings.db_slow_query_ms,
        connect_attempts=settings.db_connect_attempts,
    )
    await database.check_extensions()
    return database


def page_token_secret(settings: Settings, keys: KeySet) -> bytes:
    """The configured page-token secret; in development one derived from the signing key (stable per data dir)."""
    if settings.page_token_secret:
        return settings.page_token_secret.encode()
    private = keys.signing.private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return hashlib.sha256(b"skillsphere page tokens\0" + private).digest()


def load_keys(settings: Settings) -> KeySet:
    """The configured signing key, or (outside production) a development key kept in the data dir."""
    signing = settings.jwt_signing_key_file or development_key_path(settings.data_dir)
    return load_key_set(signing, settings.jwt_verification_key_files)


@dataclass
class Application:
    """A running SkillSphere process; `start` and `stop` are used by `serve` and by the tests."""

    settings: Settings
    database: Database
    keys: KeySet
    registry: CollectorRegistry
    tracer_provider: TracerProvider | None
    grpc: GrpcServer
    health: HealthReporter
    uow: UnitOfWorkFactory
    page_tokens: PageTokens
    streaming_paths: frozenset[str]
    http: HttpServer | None = None
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    async def create(
        cls,
        settings: Settings,
        registry: CollectorRegistry | None = None,
        handlers: Mapping[str, Any] | None = None,
    ) -> Application:
        """Wire every part; applies migrations before anything serves.

        `handlers` overrides servicers by full service name (the tests use it to add a failing handler).
        """
        registry = registry or CollectorRegistry()
        database = await open_database(settings, registry)
        await migrate.upgrade(database.engine)
        keys = load_keys(settings)
        verifier = TokenVerifier(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
        limiter = RateLimiter(settings.rate_limit_storage_uri, settings.rate_limit_default, settings.rate_limits)
        tracer_provider = build_tracer_provider(
            settings.otel_exporter, service_name=settings.otel_service_name, endpoint=settings.otel_endpoint
        )
        grpc_server = GrpcServer(
            settings.grpc_address,
            build_chain(
                registry=registry,
                tracer_provider=tracer_provider,
                verifier=verifier,
                policies=POLICIES,
                limiter=limiter,
                trusted_proxies=settings.trusted_proxies,
            ),
            max_concurrent_rpcs=settings.max_concurrent_rpcs,
        )
        services = register_services(grpc_server, handlers=dict(handlers or {}))
        health = HealthReporter(
            grpc_server.health,
            grpc_server.service_names,
            database.ping,
            settings.db_health_interval_seconds,
        )
        return cls(
            settings=settings,
            database=database,
            keys=keys,
            registry=registry,
            tracer_provider=tracer_provider,
            grpc=grpc_server,
            health=health,
            uow=UnitOfWorkFactory(database.engine),
            page_tokens=PageTokens(page_token_secret(settings, keys)),
            streaming_paths=response_streaming_paths(
                [*(s.descriptor for s in services), health_pb2.DESCRIPTOR.services_by_name["Health"]]
            ),
        )

    async def start(self) -> None:
        """Start serving on both ports."""
        await self.health.start()
        grpc_port = await self.grpc.start()
        jwks = self.keys.jwks()

        async def jwks_endpoint(_: Request) -> JSONResponse:
            return JSONResponse(jwks, headers={"cache-control": "public, max-age=300"})

        http_app = build_http_app(
            grpc_target=f"127.0.0.1:{grpc_port}",
            is_server_streaming=self.streaming_paths,
            allowed_origins=self.settings.cors_allowed_origins,
            registry=self.registry,
            extra_routes=[Route("/.well-known/jwks.json", jwks_endpoint)],
        )
        self.http = HttpServer(
            http_app,
            self.settings.http_host,
            self.settings.http_port,
            graceful_timeout=int(self.settings.shutdown_grace_seconds),
        )
        await self.http.start()
        log.info("serving", grpc_port=grpc_port, http_port=self.http.port, env=self.settings.env.value)

    async def stop(self) -> None:
        """Graceful shutdown: report NOT_SERVING, stop taking calls, drain in-flight ones, close the pool."""
        log.info("shutting_down", grace_seconds=self.settings.shutdown_grace_seconds)
        await self.health.shutdown()
        # Browsers' calls pass through the HTTP port into gRPC, so both drain in parallel.
        await asyncio.gather(
            self.http.stop() if self.http else asyncio.sleep(0),
            self.grpc.stop(self.settings.shutdown_grace_seconds),
        )
        await self.database.dispose()
        if self.tracer_provider is not None:
            self.tracer_provider.shutdown()
        log.info("stopped")

    def request_stop(self) -> None:
        """Ask `run_until_stopped` to shut down (signal handlers call this)."""
        self._stopping.set()

    async def run_until_stopped(self) -> None:
        """Serve until SIGTERM/SIGINT, then shut down gracefully."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.request_stop)
        await self.start()
        await self._stopping.wait()
        await self.stop()


async def _serve(settings: Settings) -> None:
    app = await Application.create(settings)
    await app.run_until_stopped()


async def _migrate(settings: Settings, downgrade_to: str | None) -> None:
    database = await open_database(settings, CollectorRegistry())
    try:
        if downgrade_to:
            await migrate.downgrade(database.engine, downgrade_to)
        else:
            await migrate.upgrade(database.engine)
        log.info("migrated", revision=await migrate.current_revision(database.engine))
    finally:
        await database.dispose()


def _install_uvloop() -> None:
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


def main(argv: Sequence[str] | None = None) -> int:
    """The `skillsphere` command."""
    parser = argparse.ArgumentParser(prog="skillsphere", description="SkillSphere backend.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="serve gRPC and grpc-web until SIGTERM/SIGINT")
    migrate_cmd = commands.add_parser("migrate", help="apply database migrations and exit")
    migrate_cmd.add_argument("--downgrade", metavar="REVISION", help="revert down to REVISION (or 'base')")
    args = parser.parse_args(argv)

    try:
        settings = Settings()
    except ValueError as exc:
        print(f"skillsphere: invalid configuration: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)
    _install_uvloop()
    try:
        if args.command == "serve":
            asyncio.run(_serve(settings))
        elif args.command == "migrate":
            asyncio.run(_migrate(settings, args.downgrade))
    except DatabaseSetupError as exc:
        log.error("database_unusable", error=str(exc))
        print(f"skillsphere: {exc}", file=sys.stderr)
        return 1
    return 0
