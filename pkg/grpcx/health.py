"""The standard gRPC health service, driven by a dependency probe (the database)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable

from grpc_health.v1 import health_pb2
from grpc_health.v1._async import HealthServicer

from pkg.log import get_logger

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class HealthReporter:
    """Keeps overall ("") and per-service health in step with a probe, re-checked on an interval.

    Every SkillSphere service needs the database, so one probe drives them all: NOT_SERVING while it
    fails, SERVING again as soon as it answers.
    """

    def __init__(
        self,
        servicer: HealthServicer,
        services: Iterable[str],
        probe: Callable[[], Awaitable[bool]],
        interval_seconds: float,
    ) -> None:
        self.servicer = servicer
        self._services = ("", *services)
        self._probe = probe
        self._interval = interval_seconds
        self._healthy: bool | None = None
        self._task: asyncio.Task[None] | None = None
        self._log = get_logger("health")

    @property
    def healthy(self) -> bool:
        """Whether the last probe succeeded."""
        return bool(self._healthy)

    async def check_now(self) -> bool:
        """Probe once and publish the result."""
        try:
            async with asyncio.timeout(max(self._interval, 1.0)):
                ok = await self._probe()
        except Exception:  # noqa: BLE001 - any failure of the probe means not serving
            ok = False
        if ok != self._healthy:
            self._log.warning("health_changed", serving=ok) if not ok else self._log.info("health_changed", serving=ok)
            self._healthy = ok
            for service in self._services:
                await self.servicer.set(service, SERVING if ok else NOT_SERVING)
        return ok

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            await self.check_now()

    async def start(self) -> None:
        """Publish the first status and keep probing in the background."""
        await self.check_now()
        self._task = asyncio.create_task(self._run(), name="health-probe")

    async def shutdown(self) -> None:
        """Stop probing and report NOT_SERVING everywhere (load balancers drain us)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.servicer.enter_graceful_shutdown()
