"""The composition root wires storage, LLM and cache providers into the running server."""

from __future__ import annotations

import httpx
from sqlalchemy import text

from internal.app import Application
from pkg.cache import Cache
from pkg.llm import OfflineEmbeddingProvider, OfflineTextGenerator
from pkg.storage import LocalStorage


async def test_the_server_accepts_and_serves_local_storage_uploads_on_its_http_port(
    server: Application, http_base: str
) -> None:
    assert isinstance(server.storage, LocalStorage)
    assert server.storage.base_url == http_base  # bound to the real port picked at start
    upload = await server.storage.create_upload(
        "uploads/e2e/raw", content_type="image/png", max_bytes=100, expires_in=60
    )
    assert upload.url.startswith(f"{http_base}/files/upload/uploads/e2e/raw?")
    async with httpx.AsyncClient(timeout=10) as client:
        stored = await client.put(upload.url, content=b"png", headers=upload.headers)
        assert stored.status_code == 200
        too_big = await client.put(upload.url, content=b"x" * 101, headers=upload.headers)
        assert too_big.status_code == 413
        assert (await client.get(f"{http_base}/files/uploads/e2e/raw")).status_code == 403
        download = await client.get(server.storage.download_url("uploads/e2e/raw", expires_in=60))
        assert download.content == b"png"
        # grpc-web keeps answering next to the files routes.
        assert (await client.get(f"{http_base}/healthz")).text == "ok"


async def test_the_server_has_offline_llm_providers_of_the_configured_dimension(server: Application) -> None:
    assert isinstance(server.embeddings, OfflineEmbeddingProvider)
    assert server.embeddings.dimension == server.settings.embedding_dimension == 256
    assert server.embeddings.model == "wordllama-l2_supercat-256"
    (vector,) = await server.embeddings.embed(["mentor in rust"])
    assert len(vector) == 256
    assert isinstance(server.text_generator, OfflineTextGenerator)


async def test_the_server_cache_listens_and_is_invalidated_by_committed_writes(server: Application) -> None:
    assert server.cache.listening
    cache: Cache[int] = server.cache.cache("e2e_probe")
    loads = 0

    async def load() -> int:
        nonlocal loads
        loads += 1
        return loads

    assert await cache.get_or_load("k", load) == 1
    assert await cache.get_or_load("k", load) == 1
    async with server.uow() as uow:
        await uow.session.execute(text("SELECT 1"))
        await cache.invalidate(uow.session, "k")
        await uow.commit()
    assert await cache.get_or_load("k", load) == 2
    assert server.registry.get_sample_value("cache_requests_total", {"cache": "e2e_probe", "result": "hit"}) == 1
