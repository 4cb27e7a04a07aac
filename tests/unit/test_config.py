"""Configuration: environment variables, production safety, and a README that lists every setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from pkg.config import Settings
from tools.settings_table import README, rewrite


def test_readme_configuration_table_lists_every_setting() -> None:
    text = README.read_text()
    assert rewrite(text) == text, "README settings table is stale: run `python -m tools.settings_table --write`"
    for name in Settings.model_fields:
        assert name.upper() in text


def test_environment_variables_configure_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/skillsphere")
    monkeypatch.setenv("SKILLSPHERE_GRPC_PORT", "6000")
    monkeypatch.setenv("SKILLSPHERE_CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("SKILLSPHERE_RATE_LIMITS", '{"skillsphere.auth.v1.AuthService/Login": "5/minute"}')
    settings = Settings()
    assert settings.database_url == "postgresql://u@db/skillsphere"
    assert settings.grpc_address == "127.0.0.1:6000"
    assert settings.cors_allowed_origins == ["https://a.example", "https://b.example"]
    assert settings.rate_limits == {"skillsphere.auth.v1.AuthService/Login": "5/minute"}


def test_production_refuses_development_shortcuts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SKILLSPHERE_ENV", "production")
    with pytest.raises(ValidationError) as err:
        Settings()
    assert "SKILLSPHERE_JWT_SIGNING_KEY_FILE" in str(err.value) and "DATABASE_URL" in str(err.value)
    key = tmp_path / "key.pem"
    key.write_text("x")
    monkeypatch.setenv("SKILLSPHERE_JWT_SIGNING_KEY_FILE", str(key))
    monkeypatch.setenv("SKILLSPHERE_PAGE_TOKEN_SECRET", "s" * 32)
    monkeypatch.setenv("SKILLSPHERE_STORAGE_SIGNING_SECRET", "f" * 32)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/skillsphere")
    assert Settings().env == "production"


def test_invalid_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILLSPHERE_GRPC_PORT", "70000")
    with pytest.raises(ValidationError):
        Settings()
