"""Settings for every SkillSphere process, from `SKILLSPHERE_*` environment variables and `DATABASE_URL`.

Every field here is listed in the README's configuration table; `tests/unit/test_config.py` keeps the two
in step.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
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
    reuse_port: bool = Field(
        False,
        description="Bind both ports with SO_REUSEPORT so several `serve` processes share them "
        "(`serve --workers N` sets it for its processes).",
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
    session_check_ttl_seconds: float = Field(
        2.0,
        ge=0,
        description="How long a replica trusts that a token's session is live; revocations apply everywhere within it.",
    )
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

    # --- Background jobs and email (pkg/jobs, pkg/email) ---------------------------------------------------
    worker_enabled: bool = Field(
        True, description="Run the job worker inside `serve` (turn off when `skillsphere worker` runs apart)."
    )
    jobs_concurrency: int = Field(4, ge=1, description="Jobs one worker process runs at the same time.")
    jobs_poll_interval_seconds: float = Field(
        1.0, gt=0, description="How often an idle worker looks for due jobs (a job enqueued due now wakes it at once)."
    )
    jobs_max_attempts: int = Field(
        5, ge=1, description="Default attempts before a failing job is dead-lettered (status `dead`)."
    )
    jobs_backoff_base_seconds: float = Field(
        10.0, gt=0, description="First retry delay of a failed job; doubles per attempt (capped at 1 h), +jitter."
    )
    email_provider: Literal["dev", "smtp"] = Field(
        "dev", description="dev records and logs emails with their links; smtp delivers them."
    )
    email_from: str = Field("SkillSphere <no-reply@skillsphere.local>", description="From address of emails.")
    smtp_host: str = Field("localhost", description="SMTP server host (email_provider=smtp).")
    smtp_port: int = Field(587, ge=1, le=65535, description="SMTP server port (587 STARTTLS, 465 TLS, 25 plain).")
    smtp_username: str | None = Field(None, description="SMTP login user (unset: no authentication).")
    smtp_password: SecretStr | None = Field(None, description="SMTP login password.")
    smtp_starttls: bool = Field(
        True, description="Upgrade the SMTP connection with STARTTLS (port 587; ignored with smtp_use_tls)."
    )
    smtp_use_tls: bool = Field(False, description="Connect with implicit TLS (port 465).")
    smtp_timeout_seconds: float = Field(30.0, gt=0, description="Timeout of each SMTP operation.")
    public_base_url: str | None = Field(
        None,
        description="Base URL of the web app, used to build links in emails (unset: this server's HTTP port, "
        "http://<http_host>:<bound port>, whose pages open the links; set it with `skillsphere worker` apart).",
    )
    auth_web_pages: bool = Field(
        True,
        description="Serve the pages email links open (/verify-email, /reset-password, /forgot-password) on the "
        "HTTP port; turn off when a separate web app at SKILLSPHERE_PUBLIC_BASE_URL handles these paths.",
    )

    # --- oauth: sign-in with Google (OpenID Connect) and GitHub (internal/auth/oauth.py) --------------------
    # A provider is enabled when both its client id and secret are set. Endpoints are configurable so the
    # tests (and staging) can point them at a local provider.
    oauth_google_client_id: str | None = Field(None, description="Google OAuth client id (unset: Google off).")
    oauth_google_client_secret: SecretStr | None = Field(None, description="Google OAuth client secret.")
    oauth_google_authorize_url: str = Field(
        "https://accounts.google.com/o/oauth2/v2/auth", description="Google authorization endpoint."
    )
    oauth_google_token_url: str = Field("https://oauth2.googleapis.com/token", description="Google token endpoint.")
    oauth_google_jwks_url: str = Field(
        "https://www.googleapis.com/oauth2/v3/certs", description="Google's JWKS, the keys that sign id_tokens."
    )
    oauth_google_issuer: str = Field(
        "https://accounts.google.com",
        description="Expected `iss` of Google id_tokens (the same host without `https://` is accepted too).",
    )
    oauth_github_client_id: str | None = Field(None, description="GitHub OAuth app client id (unset: GitHub off).")
    oauth_github_client_secret: SecretStr | None = Field(None, description="GitHub OAuth app client secret.")
    oauth_github_authorize_url: str = Field(
        "https://github.com/login/oauth/authorize", description="GitHub authorization endpoint."
    )
    oauth_github_token_url: str = Field(
        "https://github.com/login/oauth/access_token", description="GitHub token endpoint."
    )
    oauth_github_api_url: str = Field(
        "https://api.github.com", description="GitHub REST API base (`/user`, `/user/emails`)."
    )
    oauth_redirect_uris_allowed: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated exact redirect URIs StartOAuthLogin accepts. Empty: any http(s) URI in "
        "development, none otherwise (set it in test and production).",
    )
    oauth_http_timeout_seconds: float = Field(
        10.0, gt=0, description="Timeout of each call to an identity provider (token, keys, user info)."
    )

    # --- auth: passwords, sessions, lockout, email tokens, abuse limits (internal/auth) ----------------------
    # argon2id parameters: OWASP's minimum is m=19 MiB, t=2, p=1; raising them rehashes on the next login.
    auth_argon2_memory_kib: int = Field(
        19456, ge=19456, description="argon2id memory cost in KiB per hash (OWASP minimum 19456 = 19 MiB)."
    )
    auth_argon2_time_cost: int = Field(2, ge=2, description="argon2id iterations (OWASP minimum 2 with 19 MiB).")
    auth_argon2_parallelism: int = Field(1, ge=1, description="argon2id lanes per hash.")
    auth_password_hash_concurrency: int | None = Field(
        None, ge=1, description="Password hashes computed at once per process (unset: CPU cores); bounds memory."
    )
    auth_password_hash_queue_timeout_seconds: float = Field(
        5.0, gt=0, description="How long a login waits for a hashing slot before RESOURCE_EXHAUSTED."
    )
    auth_password_min_score: int = Field(
        3, ge=0, le=4, description="Minimum zxcvbn strength score (0-4) of new passwords."
    )
    auth_session_ttl_seconds: int = Field(
        30 * 86400, ge=3600, description="Absolute lifetime of a session and its refresh tokens (30 days)."
    )
    auth_refresh_reuse_grace_seconds: float = Field(
        30.0,
        ge=0,
        description="A rotated refresh token presented again within this window returns the same successor; "
        "later, it revokes the session.",
    )
    auth_token_sealing_secret: SecretStr | None = Field(
        None,
        description="Secret for the key that seals refresh-token successors during the grace window "
        "(unset: derived from the JWT signing key, so replicas sharing the key agree).",
    )
    auth_lockout_threshold: int = Field(5, ge=1, description="Consecutive failed logins that lock an email.")
    auth_lockout_base_seconds: int = Field(
        60, ge=1, description="First lock duration; each further lock doubles it (1, 2, 4, 8 ... minutes)."
    )
    auth_lockout_max_seconds: int = Field(3600, ge=1, description="Longest lock duration.")
    auth_lockout_reset_seconds: int = Field(
        12 * 3600, ge=60, description="Failures and lock history are forgotten after this long without a failure."
    )
    auth_verification_token_ttl_seconds: int = Field(
        86400, ge=300, description="Lifetime of email verification links (24 h)."
    )
    auth_password_reset_token_ttl_seconds: int = Field(
        900, ge=60, description="Lifetime of password reset links (15 min)."
    )
    auth_verification_resend_cooldown_seconds: int = Field(
        60, ge=0, description="Minimum time between two verification emails to one account."
    )
    auth_verification_resend_hourly_cap: int = Field(
        5, ge=1, description="Verification emails per account per hour (the one sent at sign-up included)."
    )
    auth_oauth_state_ttl_seconds: int = Field(600, ge=60, description="Lifetime of an OAuth state (10 min).")
    auth_login_limit_per_ip: str = Field("30/minute", description="Login attempts per client IP address.")
    auth_login_limit_per_email: str = Field("10/minute", description="Login attempts per email address.")
    auth_register_limit_per_ip: str = Field("20/hour", description="Registrations per client IP address.")
    auth_register_limit_per_email: str = Field("5/hour", description="Registration attempts per email address.")
    auth_password_reset_limit_per_ip: str = Field("10/hour", description="Password reset requests per client IP.")
    auth_password_reset_limit_per_email: str = Field("3/hour", description="Password reset requests per email.")
    auth_resend_limit_per_ip: str = Field("20/hour", description="Verification resends per client IP address.")

    # --- storage: user files such as avatars (pkg/storage) -----------------------------------------------------
    # local: files under <data_dir>/files, uploaded and served by the HTTP port through HMAC-signed URLs
    # (several replicas need a shared volume and the same secret); s3: any S3-compatible bucket.
    storage_provider: Literal["local", "s3"] = Field(
        "local", description="local (files under <data_dir>/files, served by the HTTP port) or s3."
    )
    storage_signing_secret: SecretStr | None = Field(
        None,
        description="Secret (16+ bytes) that signs local-storage upload/download URLs; required in production "
        "with the local provider (development generates one into <data_dir>/keys).",
    )
    storage_public_base_url: str | None = Field(
        None,
        description="Base URL clients reach files at: for local, the HTTP port as seen from outside (unset: "
        "http://<http_host>:<bound port>); for s3, a CDN or website endpoint (unset: the object URL).",
    )
    s3_endpoint_url: str | None = Field(
        None, description="S3 endpoint for MinIO, R2 or other S3-compatible services (unset: AWS)."
    )
    s3_bucket: str | None = Field(None, description="Bucket that holds the files (required with storage_provider=s3).")
    s3_region: str = Field("us-east-1", description="Region of the bucket (also used to sign requests).")
    s3_access_key_id: str | None = Field(
        None, description="S3 access key id (unset: boto3's usual chain, e.g. an instance role)."
    )
    s3_secret_access_key: SecretStr | None = Field(None, description="S3 secret access key.")

    # --- llm: embeddings and text generation (pkg/llm) ----------------------------------------------------------
    # offline needs no key and downloads nothing (hashed features, templated text); gemini uses google-genai.
    llm_provider: Literal["offline", "gemini"] = Field(
        "offline", description="offline (deterministic, no keys) or gemini (Google Gemini API)."
    )
    gemini_api_key: SecretStr | None = Field(None, description="Gemini API key (required with llm_provider=gemini).")
    gemini_base_url: str | None = Field(
        None, description="Gemini API base URL (unset: Google's; tests point it at a local server)."
    )
    gemini_embedding_model: str = Field("gemini-embedding-001", description="Gemini model that embeds text.")
    gemini_text_model: str = Field("gemini-2.5-flash", description="Gemini model that generates text.")
    gemini_timeout_seconds: float = Field(30.0, gt=0, description="Timeout of each call to the Gemini API.")
    # The pgvector columns are created with this many dimensions: changing it needs a migration that alters
    # them (and re-embeds every row); at start `pkg.llm.check_vector_columns` refuses a mismatch.
    embedding_dimension: int = Field(
        256,
        ge=8,
        le=2000,
        description="Length of embedding vectors (pgvector columns use it; changing it needs a migration and "
        "re-embedding). The offline model has 256 (or its 64/128 truncations); Gemini is asked for the same. "
        "At most 2000, pgvector's limit for HNSW indexes.",
    )

    # --- ai: AIService budgets and answer cache (internal/ai, docs/ai.md) ------------------------------------------
    ai_generation_requests_per_day: int = Field(
        50,
        ge=0,
        description="Daily requests per member of GetSkillRecommendations, GenerateLearningPath, "
        "GetSessionAdvice and AnalyzeSkillGap together (admins get ten times as many).",
    )
    ai_assistant_requests_per_day: int = Field(
        100, ge=0, description="Daily AskAssistant requests per member (admins get ten times as many)."
    )
    ai_embedding_requests_per_day: int = Field(
        20, ge=0, description="Daily GenerateUserEmbedding/GenerateSkillEmbedding requests per member."
    )
    ai_tokens_per_day: int = Field(
        200_000,
        ge=0,
        description="Daily model tokens (input plus output) per member and RPC class; the offline "
        "provider counts estimated tokens but is not held to this limit.",
    )
    ai_cache_ttl_seconds: float = Field(
        600.0, ge=0, description="How long a generated answer is reused for the same inputs and model (0: never)."
    )
    ai_conversation_retention_days: int = Field(
        90, ge=1, description="Assistant conversations untouched this long are deleted."
    )

    # --- skills: background upkeep of the catalog (internal/skill) ----------------------------------------------
    payment_settlement_delay_seconds: float = Field(
        604800.0,
        ge=0,
        description="How long released earnings stay pending before they can be paid out (default 7 days).",
    )
    payment_settle_interval_seconds: float = Field(
        300.0, gt=0, description="How often matured pending earnings are made available."
    )
    payment_provider: Literal["offline", "stripe"] = Field(
        "offline",
        description="offline (test-mode processor with hosted test checkout, no keys) or stripe (Stripe API; "
        "see docs/payments.md).",
    )
    stripe_secret_key: SecretStr | None = Field(
        None, description="Stripe secret API key, sk_live_… or sk_test_… (required with payment_provider=stripe)."
    )
    stripe_webhook_secret: SecretStr | None = Field(
        None,
        description="Signing secret (whsec_…) of the Stripe webhook endpoint POST /webhooks/stripe (required "
        "with payment_provider=stripe).",
    )
    stripe_api_base: str | None = Field(
        None, description="Stripe API base URL (unset: Stripe's; tests point it at a local server)."
    )
    stripe_connect_api_base: str | None = Field(
        None,
        description="Base URL for Stripe Connect calls (accounts, account links, transfers, payouts, disputes); "
        "unset: stripe_api_base.",
    )
    payment_reconcile_interval_seconds: float = Field(
        3600.0,
        gt=0,
        description="How often the provider's recent charges, refunds and transfers are compared "
        "with the ledger (payment.reconcile).",
    )
    payment_subscription_period_seconds: float = Field(
        0.0,
        ge=0,
        description="Length of every subscription billing period, overriding the plans' interval (0: the plan's "
        "month of 30 days or year of 365; set a few seconds to watch renewals in development and tests).",
    )
    payment_dunning_retry_delays_seconds: Annotated[list[float], NoDecode] = Field(
        default_factory=lambda: [259200.0, 432000.0, 518400.0],
        description="After a declined renewal, the delays before each retry (comma-separated seconds; default 3, "
        "5 and 6 days: retries 3, 8 and 14 days later); the subscription ends when the last retry fails.",
    )
    skill_trending_interval_seconds: float = Field(
        300.0, gt=0, description="How often trending rankings and skills' offered/wanted user counts are recomputed."
    )
    skill_embedding_backfill_interval_seconds: float = Field(
        600.0, gt=0, description="How often skills with a missing or stale embedding are (re-)embedded."
    )
    search_backfill_interval_seconds: float = Field(
        300.0,
        gt=0,
        description="How often members missing from the search read model (or with a refresh that failed) are "
        "indexed; each run indexes at most 5,000.",
    )

    # --- sessions: booking defaults (each teacher may override them) and timings (internal/session) --------------
    session_minimum_notice_minutes: int = Field(
        60, ge=0, le=43200, description="Default minimum notice: how soon a session may start after it is booked."
    )
    session_booking_horizon_days: int = Field(
        180, ge=1, le=365, description="Default booking horizon: how far ahead sessions can be booked, in days."
    )
    session_buffer_before_minutes: int = Field(
        0, ge=0, le=240, description="Default free minutes a teacher keeps before each session."
    )
    session_buffer_after_minutes: int = Field(
        0, ge=0, le=240, description="Default free minutes a teacher keeps after each session."
    )
    session_daily_limit: int = Field(8, ge=1, le=48, description="Default most sessions per teacher and local day.")
    session_slot_interval_minutes: int = Field(
        30, ge=5, le=240, description="Default spacing of the start times ListAvailableSlots offers."
    )
    session_start_early_minutes: int = Field(
        15, ge=0, le=120, description="How long before its start a session may be started."
    )
    session_auto_complete_after_minutes: int = Field(
        120, ge=0, le=10080, description="An IN_PROGRESS session is completed this long after its scheduled end."
    )
    session_no_show_refund_after_minutes: int = Field(
        2880,
        ge=0,
        le=43200,
        description="A paid NO_SHOW session's escrow is refunded to the learner this long after its scheduled end, "
        "unless a participant reported the no-show first.",
    )
    session_reminder_minutes: Annotated[list[int], NoDecode] = Field(
        default_factory=lambda: [1440, 15],
        description="Reminders are sent this many minutes before a confirmed session (comma-separated).",
    )
    session_meeting_base_url: str = Field(
        "https://meet.jit.si",
        description="Video provider base URL; a confirmed online session gets an unguessable room under it.",
    )

    # --- chat: the real-time stream (internal/chat) -------------------------------------------------------------
    chat_heartbeat_seconds: float = Field(
        30.0, gt=0, description="Seconds of silence after which a StreamMessages call gets a heartbeat event."
    )
    chat_stream_queue_size: int = Field(
        256,
        ge=1,
        description="Events a StreamMessages call may fall behind before it is ended with UNAVAILABLE "
        "(SLOW_CONSUMER) and resumes from its cursor.",
    )

    # --- matching (internal/matching) ----------------------------------------------------------------------------
    matching_backfill_interval_seconds: float = Field(
        3600.0,
        gt=0,
        description="How often members missing from the matching read model are projected (and departed ones "
        "dropped); changes reach it at once through the refresh job.",
    )

    # --- cache: hot reads, invalidated across replicas through LISTEN/NOTIFY (pkg/cache) -------------------------
    cache_enabled: bool = Field(
        True, description="Serve hot reads (public profiles...) from the in-process cache (off: always load)."
    )

    @model_validator(mode="before")
    @classmethod
    def _split_lists(cls, values: dict[str, object]) -> dict[str, object]:
        for key in (
            "cors_allowed_origins",
            "jwt_verification_key_files",
            "trusted_proxies",
            "oauth_redirect_uris_allowed",
            "session_reminder_minutes",
            "payment_dunning_retry_delays_seconds",
        ):
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

    @model_validator(mode="after")
    def _providers_are_configured(self) -> Settings:
        # storage and llm providers: what each one cannot work without.
        missing = []
        if self.storage_provider == "s3" and not self.s3_bucket:
            missing.append("SKILLSPHERE_S3_BUCKET (storage_provider=s3)")
        if self.storage_provider == "local" and self.env is Environment.PRODUCTION and not self.storage_signing_secret:
            missing.append("SKILLSPHERE_STORAGE_SIGNING_SECRET (local storage in production)")
        if self.llm_provider == "gemini" and not self.gemini_api_key:
            missing.append("SKILLSPHERE_GEMINI_API_KEY (llm_provider=gemini)")
        if self.payment_provider == "stripe" and not self.stripe_secret_key:
            missing.append("SKILLSPHERE_STRIPE_SECRET_KEY (payment_provider=stripe)")
        if self.payment_provider == "stripe" and not self.stripe_webhook_secret:
            missing.append("SKILLSPHERE_STRIPE_WEBHOOK_SECRET (payment_provider=stripe)")
        if self.llm_provider == "offline" and self.embedding_dimension not in (64, 128, 256):
            raise ValueError(
                "SKILLSPHERE_EMBEDDING_DIMENSION must be 256 (or 64/128) with llm_provider=offline: the offline "
                "model's size"
            )
        if self.storage_signing_secret and len(self.storage_signing_secret.get_secret_value()) < 16:
            raise ValueError("SKILLSPHERE_STORAGE_SIGNING_SECRET must be at least 16 characters")
        if missing:
            raise ValueError("missing provider settings; set " + ", ".join(missing))
        return self

    @property
    def grpc_address(self) -> str:
        """host:port the gRPC server listens on."""
        return f"{self.grpc_host}:{self.grpc_port}"
