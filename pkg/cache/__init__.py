"""Hot-read caching that stays correct with several replicas.

Each process keeps values in memory (`Cache`: a TTL + LRU map, with one load per key however many
requests miss at once). Correctness across replicas comes from PostgreSQL LISTEN/NOTIFY:

- A writer calls `await cache.invalidate(uow.session, key)` inside the transaction that changes the data.
  That runs `pg_notify('cache_invalidation', '<cache>:<key>')`, which PostgreSQL delivers only if and when
  the transaction commits (nothing is announced for a rollback), after the data is visible.
- Every serving process runs a `CacheHub` with one dedicated connection LISTENing on that channel; a
  notification evicts the key (and discards a load of it that was running, so a value read before the
  commit is never stored). The writer's own process also evicts right after its commit.
- When the listener connection is lost or (re)established, all entries are dropped (invalidations may
  have been missed) and caches bypass — load without storing — until LISTEN works again. A database outage
  therefore costs hit rate, never correctness.

Staleness is bounded by the notification latency (milliseconds), plus the TTL as a last resort.

Usage (composition root creates the hub: `app.cache`; a service creates its caches once)::

    profiles = app.cache.cache("public_profiles", max_entries=50_000, ttl=300)
    profile = await profiles.get_or_load(user_id, lambda: load_profile(user_id))
    ...
    async with uow_factory() as uow:
        await repository.update(uow.session, ...)
        await profiles.invalidate(uow.session, user_id)
        await uow.commit()

Metrics: `cache_requests_total{cache,result=hit|miss|bypass}`, `cache_invalidations_total{cache}`,
`cache_resets_total`, `cache_entries{cache}`; `Cache.hits`/`misses`/`hit_ratio` for benchmarks.
"""

from pkg.cache.cache import CHANNEL, Cache, CacheHub, CacheMetrics
from pkg.cache.lru import TTLCache

__all__ = ["CHANNEL", "Cache", "CacheHub", "CacheMetrics", "TTLCache"]
