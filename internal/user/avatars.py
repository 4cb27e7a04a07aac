"""Avatars: CreateAvatarUpload (a signed URL the client uploads to directly) and FinalizeAvatarUpload
(decode, strip metadata, thumbnail, publish), and the job that deletes replaced files after the commit."""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from PIL import Image
from skillsphere.user.v1.error_reason import ErrorReason
from sqlalchemy.ext.asyncio import AsyncSession

from internal.user.directory import UserDirectory, writable_profile
from internal.user.models import AvatarTicket, AvatarUpload, UserView
from internal.user.repository import UserRepository
from internal.user.views import ProfileViews
from pkg.authz import Caller
from pkg.db import UnitOfWorkFactory
from pkg.errors import FailedPrecondition, InvalidArgument, NotFound, ResourceExhausted
from pkg.jobs import enqueue
from pkg.log import get_logger
from pkg.storage import ObjectNotFound, ObjectStorage, normalize_content_type
from pkg.storage.images import ImageRejected, process_image_async

log = get_logger("user")

DELETE_FILES_JOB = "user.delete_files"
AVATAR_TYPES = ("image/jpeg", "image/png", "image/webp")
AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_MAX_PIXELS = 40_000_000
AVATAR_MIN_EDGE = 64
AVATAR_THUMBNAILS = (64, 128, 256)
AVATAR_UPLOAD_TTL = timedelta(minutes=15)
AVATAR_UPLOADS_PER_HOUR = 20


def avatar_keys(avatar: dict[str, Any]) -> list[str]:
    """Every stored object of an avatar (the original and its thumbnails)."""
    return [avatar["original_key"], *avatar.get("thumbnails", {}).values()]


async def delete_files_later(session: AsyncSession, keys: Sequence[str]) -> None:
    """Delete stored objects once `session`'s transaction commits (the `user.delete_files` job)."""
    if keys:
        await enqueue(session, DELETE_FILES_JOB, {"keys": list(keys)})


async def _to_webp(data: bytes) -> bytes:
    """Thumbnails are served as WebP whatever the upload's format (the contract says so)."""

    def convert() -> bytes:
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            image.save(out, format="WEBP", quality=85, method=4)
            return out.getvalue()

    return await asyncio.to_thread(convert)


class AvatarService:
    """Setting a profile's avatar in two steps, and deleting replaced files."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        directory: UserDirectory,
        views: ProfileViews,
        storage: ObjectStorage,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow = uow
        self._directory = directory
        self._views = views
        self._storage = storage
        self._now = clock

    async def create_avatar_upload(
        self, *, caller: Caller, user_id: uuid.UUID, content_type: str, size_bytes: int
    ) -> AvatarTicket:
        """A signed URL to upload an avatar to (owner or admin; 20 per user per hour)."""
        caller.require_signed_in()
        try:
            media_type = normalize_content_type(content_type)
        except ValueError:
            media_type = ""
        if media_type not in AVATAR_TYPES:
            raise InvalidArgument(
                field="content_type",
                description=f"must be one of {', '.join(AVATAR_TYPES)}",
                reason=ErrorReason.AVATAR_TYPE_NOT_ALLOWED,
            )
        if not 1 <= size_bytes <= AVATAR_MAX_BYTES:
            raise InvalidArgument(
                field="size_bytes",
                description=f"must be between 1 and {AVATAR_MAX_BYTES} (5 MiB)",
                reason=ErrorReason.AVATAR_TOO_LARGE,
            )
        now = self._now()
        upload_id = uuid.uuid4()
        key = f"uploads/avatars/{user_id}/{upload_id}"
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            await writable_profile(repo, user_id, caller)
            await repo.lock_user(user_id)
            recent = await repo.uploads_since(user_id, now - timedelta(hours=1))
            if len(recent) >= AVATAR_UPLOADS_PER_HOUR:
                retry = recent[len(recent) - AVATAR_UPLOADS_PER_HOUR] + timedelta(hours=1) - now
                raise ResourceExhausted(
                    f"At most {AVATAR_UPLOADS_PER_HOUR} avatar uploads per hour; try again later.",
                    retry_after=retry.total_seconds(),
                )
            signed = await self._storage.create_upload(
                key, content_type=media_type, max_bytes=size_bytes, expires_in=AVATAR_UPLOAD_TTL.total_seconds()
            )
            expires = signed.expire_time or now + AVATAR_UPLOAD_TTL
            await repo.add(
                AvatarUpload(
                    id=upload_id,
                    user_id=user_id,
                    object_key=key,
                    content_type=media_type,
                    size_bytes=size_bytes,
                    created_at=now,
                    expires_at=expires,
                )
            )
            await uow.commit()
        return AvatarTicket(
            upload_id=upload_id,
            url=signed.url,
            method=signed.method,
            headers=dict(signed.headers),
            expire_time=expires,
            allowed_content_types=AVATAR_TYPES,
            max_size_bytes=AVATAR_MAX_BYTES,
        )

    async def finalize_avatar_upload(self, *, caller: Caller, user_id: uuid.UUID, upload_id: uuid.UUID) -> UserView:
        """Check, clean and publish an uploaded avatar; idempotent for the same upload."""
        caller.require_signed_in()
        now = self._now()
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            upload = await repo.upload(upload_id)
            if upload is None or upload.user_id != user_id:
                raise NotFound("No such avatar upload for this user.", reason=ErrorReason.UPLOAD_NOT_FOUND)
            profile = await writable_profile(repo, user_id, caller, lock=False)
            await uow.commit()
        if upload.finalized_at is not None:
            return await self._views.one(profile, caller)
        if now > upload.expires_at:
            raise FailedPrecondition(
                "This upload expired; start again with CreateAvatarUpload.", reason=ErrorReason.AVATAR_UPLOAD_EXPIRED
            )
        original_key, thumbnails = await self._publish(upload, user_id, upload_id)
        async with self._uow() as uow:
            repo = UserRepository(uow.session)
            profile = await writable_profile(repo, user_id, caller)
            locked = await repo.upload(upload_id, for_update=True)
            assert locked is not None
            if locked.finalized_at is None:
                old = profile.avatar
                profile.avatar = {"upload_id": str(upload_id), "original_key": original_key, "thumbnails": thumbnails}
                profile.avatar_updated_at = now
                profile.updated_at = now
                locked.finalized_at = now
                stale = [locked.object_key]
                if old is not None and old.get("upload_id") != str(upload_id):
                    stale.extend(avatar_keys(old))
                await delete_files_later(uow.session, stale)
                await self._directory.notify(uow.session, user_id)
            await repo.flush()
            await uow.commit()
        log.info("avatar_set", user_id=str(user_id), upload_id=str(upload_id), by=str(caller.account_id))
        return await self._views.one(profile, caller)

    async def _publish(
        self, upload: AvatarUpload, user_id: uuid.UUID, upload_id: uuid.UUID
    ) -> tuple[str, dict[str, str]]:
        """Check and clean the uploaded image, store the original and WebP thumbnails; their keys."""
        try:
            info = await self._storage.stat(upload.object_key)
        except ObjectNotFound:
            raise FailedPrecondition(
                "Nothing was uploaded to the upload URL yet; upload the file first.",
                reason=ErrorReason.AVATAR_NOT_UPLOADED,
            ) from None
        if info.size > AVATAR_MAX_BYTES:
            raise InvalidArgument(
                field="upload_id",
                description="the uploaded file is larger than 5 MiB",
                reason=ErrorReason.AVATAR_TOO_LARGE,
            )
        data = await self._storage.get(upload.object_key)
        try:
            processed = await process_image_async(
                data, max_bytes=AVATAR_MAX_BYTES, max_pixels=AVATAR_MAX_PIXELS, thumbnail_sizes=AVATAR_THUMBNAILS
            )
        except ImageRejected as exc:
            if exc.reason in ("TOO_LARGE", "TOO_MANY_PIXELS"):
                raise InvalidArgument(
                    field="upload_id",
                    description="the image is larger than 5 MiB or 40 megapixels",
                    reason=ErrorReason.AVATAR_TOO_LARGE,
                ) from None
            raise InvalidArgument(
                field="upload_id",
                description="the uploaded file is not a JPEG, PNG or WebP image",
                reason=ErrorReason.AVATAR_NOT_AN_IMAGE,
            ) from None
        if min(processed.image.width, processed.image.height) < AVATAR_MIN_EDGE:
            raise InvalidArgument(
                field="upload_id",
                description=f"the image must be at least {AVATAR_MIN_EDGE} x {AVATAR_MIN_EDGE} pixels",
                reason=ErrorReason.AVATAR_TOO_SMALL,
            )
        base = f"public/avatars/{user_id}/{upload_id}"
        original_key = f"{base}/original.{processed.image.extension}"
        await self._storage.put(original_key, processed.image.data, processed.image.content_type)
        thumbnails = {}
        for size in AVATAR_THUMBNAILS:
            thumb_key = f"{base}/{size}.webp"
            await self._storage.put(thumb_key, await _to_webp(processed.thumbnails[size].data), "image/webp")
            thumbnails[str(size)] = thumb_key
        return original_key, thumbnails

    async def delete_files(self, keys: Sequence[str]) -> None:
        """Remove stored objects (the `user.delete_files` job: replaced avatars, finished uploads)."""
        for key in keys:
            await self._storage.delete(key)
