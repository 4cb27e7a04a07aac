"""Object keys, content types, URL signatures, the development secret and storage settings."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pkg.config import Settings
from pkg.storage import (
    InvalidKey,
    LocalStorage,
    S3Storage,
    UrlSigner,
    build_storage,
    development_signing_secret,
    normalize_content_type,
    validate_key,
)


@pytest.mark.parametrize("key", ["avatars/u1/a.png", "public/avatars/0f3c/256.webp", "x", "a=b/c-d_e.f", "A" * 512])
def test_valid_keys(key: str) -> None:
    assert validate_key(key) == key


@pytest.mark.parametrize(
    "key", ["", "/abs", "a/../b", "../a", "a//b", "a/", ".hidden", "a/.b", "sp ace", "a\\b", "é", "A" * 513]
)
def test_keys_that_could_escape_or_confuse_a_path_are_invalid(key: str) -> None:
    with pytest.raises(InvalidKey):
        validate_key(key)


def test_content_types_are_normalised_and_checked() -> None:
    assert normalize_content_type("Image/PNG; charset=binary") == "image/png"
    with pytest.raises(ValueError):
        normalize_content_type("png")
    with pytest.raises(ValueError):
        normalize_content_type("image/png\r\nX-Evil: 1")


def test_signatures_cover_every_part_and_need_the_secret() -> None:
    signer = UrlSigner(b"0123456789abcdef0123")
    signature = signer.sign("PUT", "a/b.png", 1700000000, "image/png", 5000)
    assert signer.verify(signature, "PUT", "a/b.png", 1700000000, "image/png", 5000)
    assert not signer.verify(signature, "PUT", "a/b.png", 1700000000, "image/png", 5001)
    assert not signer.verify(signature, "PUT", "a/c.png", 1700000000, "image/png", 5000)
    assert not UrlSigner(b"another secret of 20 b").verify(signature, "PUT", "a/b.png", 1700000000, "image/png", 5000)
    with pytest.raises(ValueError):
        UrlSigner(b"short")


def test_the_development_secret_is_generated_once_privately_and_shared_by_processes(tmp_path: Path) -> None:
    first = development_signing_secret(tmp_path)
    assert development_signing_secret(tmp_path) == first
    assert len(first) >= 32
    path = tmp_path / "keys" / "storage-signing-dev.secret"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary files left behind


def test_settings_build_local_storage_by_default(tmp_path: Path) -> None:
    storage = build_storage(Settings(data_dir=tmp_path, http_host="0.0.0.0", http_port=8081))
    assert isinstance(storage, LocalStorage)
    assert storage.root == tmp_path / "files"
    assert storage.public_url("public/a.png") == "http://127.0.0.1:8081/files/public/a.png"


def test_settings_build_s3_storage(tmp_path: Path) -> None:
    storage = build_storage(
        Settings(
            data_dir=tmp_path,
            storage_provider="s3",
            s3_bucket="skillsphere-files",
            s3_endpoint_url="http://127.0.0.1:9000",
            s3_access_key_id="id",
            s3_secret_access_key="secret",
            storage_public_base_url="https://cdn.example.com",
        )
    )
    assert isinstance(storage, S3Storage)
    assert storage.public_url("public/a=1.png") == "https://cdn.example.com/public/a%3D1.png"


def test_s3_needs_a_bucket_and_production_local_storage_needs_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="SKILLSPHERE_S3_BUCKET"):
        Settings(storage_provider="s3")
    with pytest.raises(ValueError, match="at least 16"):
        Settings(storage_signing_secret="short")
    monkeypatch.setenv("SKILLSPHERE_ENV", "production")
    monkeypatch.setenv("SKILLSPHERE_JWT_SIGNING_KEY_FILE", "/etc/skillsphere/jwt.pem")
    monkeypatch.setenv("SKILLSPHERE_PAGE_TOKEN_SECRET", "p" * 32)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/skillsphere")
    with pytest.raises(ValueError, match="SKILLSPHERE_STORAGE_SIGNING_SECRET"):
        Settings()
    monkeypatch.setenv("SKILLSPHERE_STORAGE_SIGNING_SECRET", "s" * 32)
    assert Settings().storage_signing_secret is not None
