"""A real S3-compatible server for tests: moto's standalone server in a thread, on a free port."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from moto.server import ThreadedMotoServer

from tests.conftest import free_port

ACCESS_KEY_ID = "test-access-key"
SECRET_ACCESS_KEY = "test-secret-key"  # noqa: S105 - a credential of the throwaway test server


@contextmanager
def running_s3_server() -> Iterator[str]:
    """Run moto's S3 server until the block ends; yields its endpoint URL."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
