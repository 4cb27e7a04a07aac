"""The HTTP side of the server: grpc-web gateway, metrics, health probes, extra routes, and its uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import grpc
import uvicorn
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.exposition import choose_encoder
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp

from pkg.gateway.grpcweb import CorsPolicy, GrpcWebGateway, StreamingPredicate

__all__ = ["CHANNEL_OPTIONS", "HttpServer", "build_http_app", "serve_http"]

log = logging.getLogger(__name__)

# The gateway passes messages through untouched; size limits are the gRPC server's business.
CHANNEL_OPTIONS: tuple[tuple[str, Any], ...] = (
    ("grpc.max_receive_message_length", -1),
    ("grpc.max_send_message_length", -1),
)


class _Upstream:
    """The gateway's channel: given by the caller, or opened lazily from a target inside the serving loop.

    grpc.aio channels belong to the event loop that created them, so an owned channel is only created on
    first use (in the loop uvicorn serves from) and closed at app shutdown.
    """

    def __init__(self, channel: grpc.aio.Channel | None, target: str | None) -> None:
        if (channel is None) == (target is None):
            raise ValueError("pass exactly one of channel= or grpc_target=")
        self._channel = channel
        self._target = target
        self._owned = channel is None

    def get(self) -> grpc.aio.Channel:
        if self._channel is None:
            assert self._target is not None
            self._channel = grpc.aio.insecure_channel(self._target, options=CHANNEL_OPTIONS)
        return self._channel

    async def close(self) -> None:
        if self._owned and self._channel is not None:
            await self._channel.close()
            self._channel = None


def build_http_app(
    *,
    channel: grpc.aio.Channel | None = None,
    grpc_target: str | None = None,
    is_server_streaming: StreamingPredicate | None = None,
    allowed_origins: Sequence[str] = (),
    cors: CorsPolicy | None = None,
    registry: CollectorRegistry = REGISTRY,
    extra_routes: Sequence[BaseRoute] = (),
    readiness_service: str = "",
    readiness_timeout: float = 2.0,
    max_request_bytes: int = 4 * 1024 * 1024,
) -> Starlette:
    """Build the HTTP app: ``/healthz``, ``/readyz``, ``/metrics``, ``extra_routes``, then grpc-web.

    Give either an open ``channel`` to the gRPC server (the caller closes it) or a ``grpc_target`` such as
    ``"127.0.0.1:50051"`` (the app opens the channel lazily and closes it on shutdown). grpc-web is the
    catch-all route, so extra routes (``/.well-known/jwks.json``, ``/files/...``, ``/webhooks/stripe``)
    take precedence over it.
    """
    upstream = _Upstream(channel, grpc_target)
    gateway = GrpcWebGateway(
        upstream.get,
        is_server_streaming=is_server_streaming,
        cors=cors,
        allowed_origins=allowed_origins,
        max_request_bytes=max_request_bytes,
    )

    async def healthz(_request: Request) -> Response:
        # Liveness: answering at all is the signal; dependencies belong to /readyz.
        return PlainTextResponse("ok")

    async def readyz(_request: Request) -> Response:
        # Readiness asks the gRPC server itself, through the same channel browsers use, so it also proves
        # the loopback hop works.
        stub = health_pb2_grpc.HealthStub(upstream.get())
        try:
            reply = await stub.Check(
                health_pb2.HealthCheckRequest(service=readiness_service), timeout=readiness_timeout
            )
        except grpc.aio.AioRpcError as exc:
            return JSONResponse({"status": "UNAVAILABLE", "error": exc.code().name}, status_code=503)
        status = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
        serving = reply.status == health_pb2.HealthCheckResponse.SERVING
        return JSONResponse({"status": status}, status_code=200 if serving else 503)

    async def metrics(request: Request) -> Response:
        encoder, content_type = choose_encoder(request.headers.get("accept", ""))
        return Response(encoder(registry), headers={"content-type": content_type})

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await upstream.close()

    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
        *extra_routes,
        Mount("", app=gateway),  # catch-all: grpc-web paths, plain 404 otherwise
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.grpc_web = gateway
    return app


class AccessLogWithoutQuery(logging.Filter):
    """Drops the query string from uvicorn access-log lines: email links carry one-time tokens there."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record, its path cut at `?` (uvicorn's args: client, method, path, version, status)."""
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


class _EmbeddedUvicorn(uvicorn.Server):
    """uvicorn.Server that leaves signals to the host process and reports failures as exceptions."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = asyncio.Event()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # The server process owns SIGINT/SIGTERM and calls HttpServer.stop(); uvicorn must not hijack them.
        yield

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets=sockets)
        except SystemExit:
            # uvicorn exits the process when startup fails; inside our loop that would kill everything.
            raise RuntimeError("HTTP server failed to start (see the uvicorn log)") from None
        self.ready.set()


class HttpServer:
    """uvicorn serving an ASGI app inside the current event loop; start()/stop() are explicit.

    ``port=0`` binds a free port; read it from :attr:`port` after :meth:`start`.
    ``proxy_headers`` is off by default so the ASGI client address is the real TCP peer, which the
    grpc-web gateway appends to ``x-forwarded-for``.
    """

    def __init__(
        self,
        app: ASGIApp,
        host: str = "0.0.0.0",
        port: int = 8080,
        *,
        graceful_timeout: int = 10,
        access_log: bool = False,
        proxy_headers: bool = False,
        forwarded_allow_ips: str | list[str] | None = None,
        reuse_port: bool = False,
    ) -> None:
        self._host = host
        self._reuse_port = reuse_port
        self._requested_port = port
        self._config = uvicorn.Config(
            app,
            host=host,
            port=port,
            lifespan="on",
            log_config=None,  # logging is configured by the application (structlog), not uvicorn
            access_log=access_log,
            proxy_headers=proxy_headers,
            forwarded_allow_ips=forwarded_allow_ips,
            timeout_graceful_shutdown=graceful_timeout,
            ws="none",
            server_header=False,
        )
        if access_log:
            access = logging.getLogger("uvicorn.access")
            if not any(isinstance(f, AccessLogWithoutQuery) for f in access.filters):
                access.addFilter(AccessLogWithoutQuery())
        self._server: _EmbeddedUvicorn | None = None
        self._task: asyncio.Task[None] | None = None
        self._port: int | None = None

    @property
    def port(self) -> int:
        """The bound port (the real one when 0 was requested)."""
        if self._port is None:
            raise RuntimeError("HttpServer is not started")
        return self._port

    async def start(self) -> None:
        """Bind, run the app's startup, and return once connections are accepted."""
        if self._task is not None:
            raise RuntimeError("HttpServer already started")
        # Bind ourselves: errors surface here as OSError instead of uvicorn's sys.exit, and port 0 is known.
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        sock = socket.create_server(
            (self._host, self._requested_port), family=family, backlog=2048, reuse_port=self._reuse_port
        )
        self._port = sock.getsockname()[1]
        server = _EmbeddedUvicorn(self._config)
        self._server = server
        self._task = asyncio.create_task(server.serve(sockets=[sock]), name="http-server")
        ready = asyncio.create_task(server.ready.wait())
        await asyncio.wait({self._task, ready}, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            sock.close()
            task, self._task, self._port = self._task, None, None
            task.result()  # re-raises the startup error
            raise RuntimeError("HTTP server stopped during startup")
        log.info("http server listening on %s:%d", self._host, self._port)

    async def stop(self) -> None:
        """Stop accepting, let in-flight requests finish (up to graceful_timeout), run app shutdown."""
        if self._task is None or self._server is None:
            return
        self._server.should_exit = True
        try:
            await self._task
        finally:
            self._task = None

    async def __aenter__(self) -> HttpServer:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()


async def serve_http(app: ASGIApp, host: str = "0.0.0.0", port: int = 8080, **options: Any) -> HttpServer:
    """Start an :class:`HttpServer` for ``app`` in the running loop and return it (call ``stop()`` later)."""
    server = HttpServer(app, host, port, **options)
    await server.start()
    return server
