"""The log sink and the per-RPC line: batched per loop iteration, the same fields as structlog's own path."""

from __future__ import annotations

import asyncio
import io
import json
import re
from collections.abc import Iterator
from datetime import datetime

import pytest
import structlog

from pkg.log import EventWriter, configure_logging, flush_logs, get_logger, setup
from pkg.log.setup import _TIMESTAMPER, LineWriter, _IsoClock, _merge_bound_contextvars
from tests.support.waiting import eventually


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """These tests configure logging to their own streams; the session's capture comes back after each."""
    saved, writers = structlog.get_config(), list(setup._writers)
    yield
    flush_logs()
    structlog.configure(**saved)
    setup._writers[:] = writers


class CountingStream(io.StringIO):
    """A stream that counts its writes."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


async def test_lines_logged_on_a_loop_are_written_together_shortly_after() -> None:
    stream = CountingStream()
    writer = LineWriter(stream)
    for n in range(3):
        writer.msg(f"line {n}")
        await asyncio.sleep(0)  # separate loop iterations: still one write
    assert stream.getvalue() == ""  # nothing written until the flush timer fires
    await eventually(lambda: stream.getvalue() != "")
    assert stream.getvalue() == "line 0\nline 1\nline 2\n"
    assert stream.writes == 1


async def test_a_full_buffer_is_written_at_once() -> None:
    stream = CountingStream()
    writer = LineWriter(stream)
    for n in range(LineWriter.MAX_PENDING):
        writer.msg(str(n))
    assert stream.writes == 1 and stream.getvalue().count("\n") == LineWriter.MAX_PENDING


def test_lines_logged_outside_a_loop_are_written_at_once() -> None:
    stream = CountingStream()
    writer = LineWriter(stream)
    writer.msg("one")
    assert stream.getvalue() == "one\n"


async def test_flush_logs_writes_what_is_pending() -> None:
    stream = io.StringIO()
    configure_logging("info", "json", stream=stream)
    get_logger("test").info("pending_line", n=1)
    flush_logs()
    assert json.loads(stream.getvalue())["event"] == "pending_line"


def test_iso_clock_formats_as_structlogs_timestamper() -> None:
    clock = _IsoClock()
    ours = clock()
    theirs = _TIMESTAMPER(None, "info", {})["timestamp"]
    pattern = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$")
    assert pattern.match(ours), ours
    assert pattern.match(theirs), theirs
    gap = datetime.fromisoformat(theirs) - datetime.fromisoformat(ours)
    assert abs(gap.total_seconds()) < 1


def test_bound_contextvars_are_merged_as_structlog_merges_them() -> None:
    with structlog.contextvars.bound_contextvars(job_id=7, job_kind="email.send"):
        ours: dict[str, object] = {"job_id": "kept"}
        _merge_bound_contextvars(ours)
        theirs = structlog.contextvars.merge_contextvars(None, "info", {"job_id": "kept"})
    assert ours == theirs == {"job_id": "kept", "job_kind": "email.send"}


async def test_event_writer_logs_the_fields_structlog_logs() -> None:
    stream = io.StringIO()
    configure_logging("info", "json", stream=stream)
    fields = {"method": "/x.v1.X/Y", "code": "OK", "duration_ms": 1.5, "api_token": "secret"}
    with structlog.contextvars.bound_contextvars(job_id=3):
        EventWriter("grpc").write("info", "rpc_handled", dict(fields))
        get_logger("grpc").info("rpc_handled", **fields)
    flush_logs()
    fast, slow = (json.loads(line) for line in stream.getvalue().splitlines())
    assert fast.pop("timestamp") and slow.pop("timestamp")
    assert fast == slow
    assert fast["api_token"] == "[redacted]"
    assert fast["job_id"] == 3
