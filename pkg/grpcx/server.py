"""The gRPC server: one interceptor chain, every service, health, reflection and graceful shutdown."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1._async import HealthServicer
from grpc_reflection.v1alpha import reflection

from pkg.grpcx.decoding import decode_in_chain
from pkg.grpcx.drain import DrainGate
from pkg.log import get_logger

AddServicer = Callable[[Any, Any], None]  # generated `add_*Servicer_to_server`


class _Registration:
    """What generated `add_*Servicer_to_server` functions see; `handlers()` is what the server gets.

    Only generic handlers are added: grpc.aio keeps one pending request per *registered* method and wakes
    a wait over all of them on every call, so with the contract's ~250 RPCs registered each call scanned
    them all (measured: about a third of the throughput lost). Generic handlers are looked up by path in a
    dict instead. They are rebuilt from the method handlers the generated code registers, each with a
    deserializer that leaves undecodable requests to the interceptor chain (`pkg.grpcx.decoding`).
    """

    def __init__(self) -> None:
        self._generic: list[Any] = []
        self._methods: dict[str, dict[str, Any]] = {}

    def add_generic_rpc_handlers(self, handlers: Any) -> None:
        self._generic.extend(handlers)

    def add_registered_method_handlers(self, service: str, handlers: Any) -> None:
        self._methods[service] = dict(handlers)

    def handlers(self) -> list[Any]:
        """One dictionary handler per service (the generic ones passed in serve the same methods)."""
        if not self._methods:  # code generated before registered methods existed: take it as it is
            return self._generic
        return [
            grpc.method_handlers_generic_handler(
                service, {name: decode_in_chain(handler) for name, handler in methods.items()}
            )
            for service, methods in self._methods.items()
        ]


def _add(server: grpc.aio.Server, servicer: Any, add_to_server: AddServicer) -> None:
    registration = _Registration()
    add_to_server(servicer, registration)
    server.add_generic_rpc_handlers(registration.handlers())


class GrpcServer:
    """Owns a grpc.aio server; services are registered before `start`."""

    def __init__(
        self,
        address: str,
        interceptors: Sequence[grpc.aio.ServerInterceptor],
        *,
        max_concurrent_rpcs: int | None = None,
        reuse_port: bool = False,
    ) -> None:
        self._address = address
        # Outermost: counts accepted calls, refuses new ones while stopping. It keeps the handler the
        # interceptors inside it return for each method, so they must return the same one on every call
        # (the chain does: it wraps each method once).
        self.drain = DrainGate()
        self._server = grpc.aio.server(
            interceptors=[self.drain, *interceptors],
            maximum_concurrent_rpcs=max_concurrent_rpcs,
            options=[
                # Several processes may share the port (`serve --workers N`); the kernel spreads connections.
                ("grpc.so_reuseport", 1 if reuse_port else 0),
                ("grpc.max_receive_message_length", 8 * 1024 * 1024),
                ("grpc.keepalive_permit_without_calls", 1),
                ("grpc.http2.min_ping_interval_without_data_ms", 10_000),
            ],
        )
        self.health = HealthServicer()
        _add(self._server, self.health, health_pb2_grpc.add_HealthServicer_to_server)
        self._service_names: list[str] = []
        self.port: int | None = None
        self._log = get_logger("grpc")

    def add(self, full_name: str, servicer: Any, add_to_server: AddServicer) -> None:
        """Register a servicer under its full service name (for health and reflection)."""
        _add(self._server, servicer, add_to_server)
        self._service_names.append(full_name)

    @property
    def service_names(self) -> list[str]:
        """Every registered application service (not health or reflection)."""
        return list(self._service_names)

    async def start(self) -> int:
        """Enable reflection, bind and start; returns the bound port."""
        reflection.enable_server_reflection(
            [
                *self._service_names,
                health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
                reflection.SERVICE_NAME,
            ],
            self._server,
        )
        self.port = self._server.add_insecure_port(self._address)
        if not self.port:
            raise RuntimeError(f"cannot bind the gRPC port {self._address}")
        await self._server.start()
        self._log.info("grpc_listening", address=self._address, port=self.port)
        return self.port

    async def stop(self, grace_seconds: float) -> None:
        """Drain (see pkg/grpcx/drain.py): end streams, admit the queued backlog, refuse later calls with
        UNAVAILABLE, let accepted calls finish within the grace period; then stop (cancelling stragglers)."""
        deadline = time.monotonic() + grace_seconds
        self.drain.start_draining()
        await self.drain.close_admission(max_seconds=grace_seconds / 3)
        drained = await self.drain.wait_idle(deadline - time.monotonic())
        await self._server.stop(max(deadline - time.monotonic(), 0.1) if drained else 0)
        self._log.info("grpc_stopped", drained=drained)
