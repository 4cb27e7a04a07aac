"""Request ids: version 4 UUID hex, unique, and never shared by forked worker processes."""

from __future__ import annotations

import multiprocessing
import uuid

from pkg.grpcx.logging import new_request_id


def _ids_in_child(conn: object) -> None:
    conn.send([new_request_id() for _ in range(50)])  # type: ignore[attr-defined]


def test_request_ids_are_unique_uuid4_hex() -> None:
    ids = [new_request_id() for _ in range(1000)]  # several refills of the random pool
    assert len(set(ids)) == len(ids)
    for value in ids:
        parsed = uuid.UUID(value)
        assert parsed.hex == value
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122


def test_a_forked_process_draws_its_own_ids() -> None:
    new_request_id()  # the pool now holds bytes a forked child would copy
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_ids_in_child, args=(send,))
    child.start()
    theirs = receive.recv()
    child.join(timeout=60)
    ours = [new_request_id() for _ in range(50)]
    assert not set(ours) & set(theirs)
