"""Settings for every SkillSphere process, from `SKILLSPHERE_*` environment variables and `DATABASE_URL`.

Every field here is listed in the README's configuration table; `tests/unit/test_config.py` keeps the two
in step.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Environment(enum.StrEnum):
    """Where the process runs; production refuses development shortcuts."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """All configuration of a SkillSphere process."""

    model_config = SettingsConfigDict(
        env_prefix="SKILLSPHERE_", extra="ignore", frozen=True, validate_by_name=True, validate_by_alias=True
    )

    env: Environment = Field(Environment.DEVELOPMENT, description="development, test or production.")
    data_dir: Path = Field(Path(".data"), description="Directory for the embedded database and dev keys.")

    grpc_host: str = Field("127.0.0.1", description="Interface the gRPC server binds to.")
    grpc_port: int = Field(50051, ge=0, le=65535, description="gRPC port (0 picks a free one).")
    http_host: str = Field("127.0.0.1", description="Interface of the HTTP port (grpc-web, metrics, health).")
    http_port: int = Field(8080, ge=0, le=65535, description="HTTP port (0 picks a free one).")
    cors_allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["http://localhost:3000", "http://127.0.0.1:3000"],
        description="Comma-separated browser origins allowed to call grpc-web (`*` for any).",
    )
    shutdown_grace_seconds: float = Field(
        10.0, gt=0, description="How long in-flight calls may finish after SIGTERM/SIGINT."
    )
    max_concurrent_rpcs: int | None = Field(
        None, ge=1, description="Cap on concurrently handled RPCs per process (unset: no cap)."
    )

    database_url: str | None = Field(
        None,
        validation_alias=AliasChoices("DATABASE_URL", "SKILLSPHERE_DATABASE_URL"),
        description="PostgreSQL URL (`postgresql://user:pass@host/db`); unset starts the embedded server.",
    )
    db_pool_size: int = Field(10, ge=1, description="Connections kept open per process.")
    db_max_overflow: int = Field(10, ge=0, description="Extra connections allowed under load.")
    db_pool_timeout_seconds: float = Field(5.0, gt=0, description="Wait for a free connection before failing.")
    db_statement_timeout_ms: int = Field(15000, ge=0, description="Server-side statement timeout (0: none).")
    db_slow_query_ms: float = Field(200.0, ge=0, description="Queries slower than this are logged.")
    db_connect_attempts: int = Field(3, ge=1, description="Attempts to open a connection before failing.")
    db_health_interval_seconds: float = Field(
        2.0, gt=0, description="How often the database is pinged to drive the health status."
    )

    log_level: Literal["debug", "info", "warning", "error"] = Field("info", description="Minimum log level.")
    log_format: Literal["json", "console"] = Field("json", description="json for machines, console for people.")

    otel_exporter: Literal["none", "console", "otlp"] = Field(
        "none", description="Where trace spans go: nowhere, stdout, or an OTLP collector."
    )
    otel_endpoint: str = Field("http://127.0.0.1:4317", description="OTLP gRPC endpoint for otlp export.")
    otel_service_name: str = Field("skillsphere", description="service.name resource attribute of spans.")

    jwt_issuer: str = Field("skillsphere", description="`iss` of access tokens.")
    jwt_audience: str = Field("skillsphere-api", description="`aud` of access tokens.")
    jwt_signing_key_file: Path | None = Field(
        None,
        description="PEM Ed25519 or P-256 private key that signs access tokens (required in production).",
    )
    jwt_verification_key_files: Annotated[list[Path], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated PEM public keys still accepted (previous keys during rotation).",
    )
    access_token_ttl_seconds: int = Field(900, ge=60, le=3600, description="Access-token lifetime.")
    page_token_secret: str | None = Field(
        None, description="Secret that signs page tokens (required in production; derived in development)."
    )

    rate_limit_storage_uri: str = Field(
        "async+memory://", description="`limits` storage: async+memory:// or async+redis://host:6379."
    )
    rate_limit_default: str = Field(
        "50/second", description="Limit per caller and per peer for every RPC without its own entry."
    )
    rate_limits: dict[str, str] = Field(
        default_factory=dict,
        description='JSON object of per-RPC limits, e.g. {"skillsphere.auth.v1.AuthService/Login": "10/minute"}.',
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1", "::1"],
        description="Peers whose x-forwarded-for is believed (the grpc-web gateway, Envoy).",
    )

    @model_validator(mode="before")
    @classmethod
    def _split_lists(cls, values: dict[str, object]) -> dict[str, object]:
        for key in ("cors_allowed_origins", "jwt_verification_key_files", "trusted_proxies"):
            raw = values.get(key)
            if isinstance(raw, str):
                values[key] = [part.strip() for part in raw.split(",") if part.strip()]
        return values

    @model_validator(mode="after")
    def _production_needs_real_secrets(self) -> Settings:
        if self.env is Environment.PRODUCTION:
            missing = [
                name
                for name, value in (
                    ("SKILLSPHERE_JWT_SIGNING_KEY_FILE", self.jwt_signing_key_file),
                    ("SKILLSPHERE_PAGE_TOKEN_SECRET", self.page_token_secret),
                    ("DATABASE_URL", self.database_url),
                )
                if not value
            ]
            if missing:
                raise ValueError("production refuses to start without real secrets; set " + ", ".join(missing))
        return self

    @property
    def grpc_address(self) -> str:
        """host:port the gRPC server listens on."""
        return f"{self.grpc_host}:{self.grpc_port}"
