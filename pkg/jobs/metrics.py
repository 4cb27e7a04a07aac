"""Prometheus metrics of the job system, registered on the process's CollectorRegistry."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from pkg.jobs.queue import ENQUEUED_INFO_KEY

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600)
_DURATION_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)


class JobMetrics:
    """Counters and histograms of one process; create once per registry and share between workers."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.enqueued = Counter(
            "jobs_enqueued_total", "Jobs enqueued by committed transactions.", ("kind",), registry=registry
        )
        self.completed = Counter(
            "jobs_completed_total",
            "Job attempts that ended, by outcome: succeeded, retried (failed, will run again) or dead.",
            ("kind", "outcome"),
            registry=registry,
        )
        self.running = Gauge("jobs_running", "Jobs this process is running now.", ("kind",), registry=registry)
        self.queue_latency = Histogram(
            "jobs_queue_latency_seconds",
            "Time from a job's due time (run_at) to the start of its attempt.",
            ("kind",),
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        )
        self.duration = Histogram(
            "jobs_duration_seconds",
            "Time a job's handler ran, whatever the outcome.",
            ("kind",),
            buckets=_DURATION_BUCKETS,
            registry=registry,
        )
        # Read from the database by each worker's poll, not on scrape (a COUNT per scrape is too slow to
        # risk); every worker reports the same table-wide numbers, so aggregate with max(), not sum().
        self.queue_depth = Gauge(
            "jobs_queue_depth",
            "Jobs in the table by state as of the last poll: pending (due), scheduled (delayed), running, dead.",
            ("status",),
            registry=registry,
        )

    def observe_enqueues(self, engine: AsyncEngine) -> None:
        """Count `jobs_enqueued_total` when (and only if) an enqueuing transaction commits on `engine`."""

        def on_commit(conn: Any) -> None:
            for kind in conn.info.pop(ENQUEUED_INFO_KEY, ()):
                self.enqueued.labels(kind).inc()

        def on_rollback(conn: Any) -> None:
            # An invalidated connection (the database dropped it) raises on `.info`; checkin clears it then.
            if not conn.invalidated:
                conn.info.pop(ENQUEUED_INFO_KEY, None)

        def on_checkin(_dbapi_connection: Any, record: Any) -> None:
            # A transaction that neither committed nor rolled back through the Connection (pool reset).
            record.info.pop(ENQUEUED_INFO_KEY, None)

        event.listen(engine.sync_engine, "commit", on_commit)
        event.listen(engine.sync_engine, "rollback", on_rollback)
        event.listen(engine.sync_engine, "checkin", on_checkin)
