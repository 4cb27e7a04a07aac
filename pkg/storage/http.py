"""The HTTP side of `LocalStorage`: signed uploads (`PUT /files/upload/{key}`) and downloads (`GET /files/{key}`).

The composition root adds `storage_routes(storage)` to the HTTP port (`build_http_app(extra_routes=...)`).
Uploads are streamed to a temporary file and counted while they arrive, so a client that lies about its
size is cut off at the signed limit; nothing becomes visible under the key until the upload is complete.

Answers: 200 stored / served; 400 bad key or wrong Content-Type; 403 bad or expired signature (also for
private keys without a download signature); 404 no such object; 413 larger than the signed limit.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from pathlib import Path

from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.types import ASGIApp

from pkg.log import get_logger
from pkg.storage.base import InvalidKey, ObjectNotFound, ObjectStorage, validate_key
from pkg.storage.local import LocalStorage, UploadRefused

log = get_logger("storage")

# Served files are user content: never let a browser run them as a page of our origin.
_FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


def _refusal(status: int, reason: str, message: str) -> Response:
    return JSONResponse({"error": message, "reason": reason}, status_code=status)


def storage_routes(storage: ObjectStorage, *, allowed_origins: Sequence[str] = ()) -> list[BaseRoute]:
    """Routes that serve and accept `storage`'s files under `/files`; none for providers with their own
    endpoint (S3). `allowed_origins` are the browser origins allowed to upload and read (CORS)."""
    if not isinstance(storage, LocalStorage):
        return []
    local = storage

    async def upload(request: Request) -> Response:
        key = request.path_params["key"]
        query = request.query_params
        try:
            validate_key(key)
            content_type, limit = local.check_upload(
                key,
                expires=query.get("expires", ""),
                content_type=query.get("content_type", ""),
                max_bytes=query.get("max_bytes", ""),
                signature=query.get("sig", ""),
                sent_type=request.headers.get("content-type"),
            )
        except InvalidKey:
            return _refusal(400, "INVALID_KEY", "The object key is not valid.")
        except UploadRefused as refused:
            log.info("storage_upload_refused", key=key, reason=refused.reason)
            return _refusal(refused.status, refused.reason, refused.message)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            log.info("storage_upload_refused", key=key, reason="UPLOAD_TOO_LARGE", size=int(declared))
            return _refusal(413, "UPLOAD_TOO_LARGE", f"The upload exceeds the limit of {limit} bytes.")
        return await _receive(request, key, content_type, limit)

    async def _receive(request: Request, key: str, content_type: str, limit: int) -> Response:
        tmp, handle = await asyncio.to_thread(local.open_upload, key)
        size = 0
        try:
            try:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        log.info("storage_upload_refused", key=key, reason="UPLOAD_TOO_LARGE", size=size)
                        return _refusal(413, "UPLOAD_TOO_LARGE", f"The upload exceeds the limit of {limit} bytes.")
                    if chunk:
                        await asyncio.to_thread(handle.write, chunk)
            except ClientDisconnect:
                log.info("storage_upload_abandoned", key=key, received=size)
                return Response(status_code=400)
            await asyncio.to_thread(handle.close)
            await asyncio.to_thread(local.commit_upload, key, tmp, content_type)
        finally:
            await asyncio.to_thread(_discard, handle, tmp)
        log.info("storage_upload_received", key=key, size=size, content_type=content_type)
        return JSONResponse({"key": key, "size": size, "content_type": content_type})

    async def download(request: Request) -> Response:
        key = request.path_params["key"]
        try:
            validate_key(key)
        except InvalidKey:
            return _refusal(400, "INVALID_KEY", "The object key is not valid.")
        query = request.query_params
        if not local.check_download(key, query.get("expires"), query.get("sig")):
            return _refusal(403, "DOWNLOAD_SIGNATURE_INVALID", "This file needs a valid, unexpired signed URL.")
        try:
            info = await asyncio.to_thread(local.stat_sync, key)
        except ObjectNotFound:
            return _refusal(404, "OBJECT_NOT_FOUND", "No file is stored under this key.")
        cache = "public, max-age=300" if local.is_public(key) else "private, max-age=60"
        return FileResponse(
            local.root / key,
            media_type=info.content_type,
            headers={**_FILE_HEADERS, "Cache-Control": cache},
        )

    router = Router(
        routes=[
            Route("/upload/{key:path}", upload, methods=["PUT"]),
            Route("/{key:path}", download, methods=["GET", "HEAD"]),
        ]
    )
    app: ASGIApp = router
    if allowed_origins:
        app = CORSMiddleware(
            router,
            allow_origins=list(allowed_origins),
            allow_methods=["GET", "HEAD", "PUT"],
            allow_headers=["content-type"],
            max_age=7200,
        )
    return [Mount("/files", app=app)]


def _discard(handle: io.BufferedWriter, tmp: Path) -> None:
    """Close and remove a temporary upload that was not moved into place (no-op after a commit)."""
    handle.close()
    tmp.unlink(missing_ok=True)
