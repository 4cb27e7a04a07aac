"""uvicorn's access log, when switched on, never prints query strings (email links carry tokens there)."""

from __future__ import annotations

import asyncio
import logging

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from pkg.gateway import HttpServer


class Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []
        self.logged = asyncio.Event()  # uvicorn logs from the event loop's thread

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
        self.logged.set()


async def test_access_log_lines_leave_the_query_string_out() -> None:
    async def hello(_: Request) -> PlainTextResponse:
        return PlainTextResponse("hi")

    access = logging.getLogger("uvicorn.access")
    keep, level = Keep(), access.level
    access.addHandler(keep)
    access.setLevel(logging.INFO)
    server = HttpServer(Starlette(routes=[Route("/reset-password", hello)]), "127.0.0.1", 0, access_log=True)
    try:
        await server.start()
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.get(f"http://127.0.0.1:{server.port}/reset-password?token=s3cret-token")
        assert response.status_code == 200
        await asyncio.wait_for(keep.logged.wait(), 30)
        assert any("/reset-password" in m for m in keep.messages), keep.messages
        assert not any("s3cret-token" in m for m in keep.messages), keep.messages
    finally:
        await server.stop()
        access.removeHandler(keep)
        access.setLevel(level)
