"""HTTP-facing infrastructure: the grpc-web gateway, metrics and health endpoints, and their server."""

from pkg.gateway.app import CHANNEL_OPTIONS, HttpServer, build_http_app, serve_http
from pkg.gateway.grpcweb import (
    ALLOW_HEADERS,
    EXPOSE_HEADERS,
    CorsPolicy,
    GrpcWebGateway,
    response_streaming_paths,
)

__all__ = [
    "ALLOW_HEADERS",
    "CHANNEL_OPTIONS",
    "EXPOSE_HEADERS",
    "CorsPolicy",
    "GrpcWebGateway",
    "HttpServer",
    "build_http_app",
    "response_streaming_paths",
    "serve_http",
]
