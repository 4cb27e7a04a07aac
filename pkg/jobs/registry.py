"""Which handler runs each kind of job, and which kinds run periodically."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

JobHandler = Callable[[dict[str, Any]], Awaitable[None]]


class PermanentJobError(Exception):
    """Raised by a handler when retrying cannot help (bad payload, recipient refused): dead-letter now."""


@dataclass(frozen=True)
class JobDefinition:
    """A kind and the coroutine that runs it; `timeout` (seconds) bounds one attempt."""

    kind: str
    handler: JobHandler
    timeout: float | None = None


@dataclass(frozen=True)
class PeriodicJob:
    """A kind enqueued once per `every`, whatever the number of worker processes."""

    kind: str
    every: timedelta
    max_attempts: int = 3


class JobRegistry:
    """Built in the composition root; domains register their handlers on it before the worker starts.

    Handlers must be idempotent: delivery is at least once (a worker that dies mid-job leaves it to be run
    again after its lease expires).
    """

    def __init__(self) -> None:
        self._definitions: dict[str, JobDefinition] = {}
        self._periodic: dict[str, PeriodicJob] = {}

    def register(self, kind: str, handler: JobHandler, *, timeout: float | None = None) -> None:
        """Run `handler(payload)` for jobs of `kind`."""
        if not kind:
            raise ValueError("a job kind cannot be empty")
        if kind in self._definitions:
            raise ValueError(f"a handler for job kind {kind!r} is already registered")
        self._definitions[kind] = JobDefinition(kind, handler, timeout)

    def periodic(
        self,
        kind: str,
        every: timedelta,
        handler: JobHandler,
        *,
        timeout: float | None = None,
        max_attempts: int = 3,
    ) -> None:
        """Run `handler` once per `every` across all workers; its payload is `{"scheduled_for": iso time}`.

        A period whose previous run is still pending or running is skipped rather than piled up.
        """
        if every <= timedelta(0):
            raise ValueError("a periodic job needs a positive interval")
        self.register(kind, handler, timeout=timeout)
        self._periodic[kind] = PeriodicJob(kind, every, max_attempts)

    def get(self, kind: str) -> JobDefinition | None:
        """The definition of `kind`, or None when no handler is registered here."""
        return self._definitions.get(kind)

    @property
    def kinds(self) -> frozenset[str]:
        """Every kind with a handler."""
        return frozenset(self._definitions)

    @property
    def schedules(self) -> tuple[PeriodicJob, ...]:
        """The periodic kinds."""
        return tuple(self._periodic.values())

    def __iter__(self) -> Iterator[JobDefinition]:
        return iter(self._definitions.values())
