"""The composition root: configuration → database → keys → chain → services → servers.

`skillsphere serve` runs the gRPC server, the HTTP port (grpc-web, metrics, health) and the health
probe (and the job worker) in one process; `skillsphere worker` runs only the job worker;
`skillsphere migrate` applies migrations and exits; `skillsphere admin create
--email X [--password-stdin]` bootstraps an admin account.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import os
import signal
import sys
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives import serialization
from grpc_health.v1 import health_pb2
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry, Gauge
from prometheus_client.exposition import choose_encoder
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from internal.ai.gemini import GeminiAI
from internal.ai.handler import AIHandler
from internal.ai.jobs import register_ai_jobs
from internal.ai.service import AIBudgets, AIService
from internal.auth.crypto import Sealer, derive_key
from internal.auth.handler import AuthHandler
from internal.auth.oauth import OAuthClients
from internal.auth.passwords import PasswordHasher, PasswordPolicy
from internal.auth.service import AuthService
from internal.auth.web import AuthPages
from internal.chat.handler import ChatHandler
from internal.chat.jobs import register_chat_jobs
from internal.chat.listener import ChatMemberErasure
from internal.chat.ports import MemberCard
from internal.chat.service import AttachmentScanner, ChatService
from internal.matching.algorithms import Algorithm
from internal.matching.handler import MatchingHandler
from internal.matching.jobs import register_matching_jobs
from internal.matching.listener import MatchingListener
from internal.matching.service import MatchingService
from internal.payment.billing import Billing
from internal.payment.handler import PaymentHandler
from internal.payment.jobs import register_payment_jobs
from internal.payment.payouts import PayoutService
from internal.payment.processor import ClientSecrets, OnboardingLinks
from internal.payment.provider import OfflineProvider, PaymentProvider
from internal.payment.reconcile import Reconciler
from internal.payment.service import PaymentService, SessionEscrows
from internal.payment.stripe_provider import StripeProvider
from internal.payment.subscriptions import InvoiceLinks, SubscriptionService
from internal.payment.web import CheckoutPages
from internal.payment.webhooks import StripeWebhooks
from internal.policy import POLICIES
from internal.registry import register_services
from internal.search.handler import SearchHandler
from internal.search.jobs import register_search_jobs
from internal.search.service import MemberChangeListener, SearchService
from internal.seed import DEMO_PASSWORD, demo_email, seed_demo
from internal.session.handler import SessionHandler
from internal.session.jobs import register_session_jobs
from internal.session.service import BookingRules, SessionService, SessionSettings
from internal.skill.handler import SkillHandler
from internal.skill.jobs import register_skill_jobs
from internal.skill.service import SkillService
from internal.user.directory import AUDIENCE
from internal.user.handler import UserHandler
from internal.user.jobs import register_user_jobs
from internal.user.members import SessionMembers
from internal.user.profiles import UserFilter, UserOrder  # the value types ListUsers takes
from internal.user.service import SkillFilter, UserDirectory, UserService
from pkg.authz import ADMIN, Caller
from pkg.broker import PostgresBroker
from pkg.cache import CacheHub
from pkg.config import Environment, Settings
from pkg.db import Database, DatabaseSetupError, UnitOfWorkFactory, migrate
from pkg.db.embedded import EmbeddedPostgres
from pkg.db.engine import asyncpg_url
from pkg.email import DevEmailProvider, EmailProvider, SmtpEmailProvider, register_email_jobs
from pkg.errors import DomainError
from pkg.gateway import HttpServer, build_http_app, response_streaming_paths
from pkg.gateway.csrf import CsrfGuard
from pkg.grpcx.auth import SessionGate
from pkg.grpcx.chain import build_chain
from pkg.grpcx.health import HealthReporter
from pkg.grpcx.server import GrpcServer
from pkg.grpcx.tracing import build_tracer_provider
from pkg.jobs import JobMetrics, JobRegistry, Worker
from pkg.llm import (
    EmbeddingProvider,
    TextGenerator,
    build_embedding_provider,
    build_text_generator,
    check_vector_columns,
    gemini_client,
)
from pkg.log import configure_logging, get_logger
from pkg.pagination import Paginator
from pkg.ratelimit import RateLimiter
from pkg.storage import ObjectStorage, bind_http_port, build_storage, reachable_host, storage_routes
from pkg.tokens import KeySet, TokenIssuer, TokenVerifier, load_key_set
from pkg.tokens.keys import development_key_path

log = get_logger("app")


async def open_database(settings: Settings, registry: CollectorRegistry) -> Database:
    """The configured database (or the embedded one), checked for required extensions."""
    embedded: EmbeddedPostgres | None = None
    if settings.database_url:
        url = settings.database_url
    else:  # supervised: restarted with backoff if its postmaster dies
        embedded = EmbeddedPostgres(settings.data_dir)
        url = await embedded.start()
    database = Database(
        url,
        registry=registry,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_seconds,
        statement_timeout_ms=settings.db_statement_timeout_ms,
        slow_query_ms=settings.db_slow_query_ms,
        connect_attempts=settings.db_connect_attempts,
        embedded=embedded,
    )
    await database.check_extensions()
    return database


def page_token_secret(settings: Settings, keys: KeySet) -> bytes:
    """The configured page-token secret; in development one derived from the signing key (stable per data dir)."""
    if settings.page_token_secret:
        return settings.page_token_secret.encode()
    private = keys.signing.private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return hashlib.sha256(b"skillsphere page tokens\0" + private).digest()


def build_auth_service(
    settings: Settings,
    uow: UnitOfWorkFactory,
    keys: KeySet,
    verifier: TokenVerifier,
    limiter: RateLimiter,
    pages: Paginator,
    registry: CollectorRegistry | None = None,
) -> AuthService:
    """AuthService with its hasher, password policy, token issuer, sealing key and OAuth clients."""
    sealing_secret = (
        settings.auth_token_sealing_secret.get_secret_value().encode()
        if settings.auth_token_sealing_secret
        else keys.signing.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return AuthService(
        settings=settings,
        uow=uow,
        hasher=PasswordHasher(
            memory_kib=settings.auth_argon2_memory_kib,
            time_cost=settings.auth_argon2_time_cost,
            parallelism=settings.auth_argon2_parallelism,
            concurrency=settings.auth_password_hash_concurrency,
            queue_timeout_seconds=settings.auth_password_hash_queue_timeout_seconds,
            registry=registry,
        ),
        policy=PasswordPolicy(min_score=settings.auth_password_min_score),
        issuer=TokenIssuer(
            keys,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            ttl_seconds=settings.access_token_ttl_seconds,
        ),
        verifier=verifier,
        limiter=limiter,
        pages=pages,
        sealer=Sealer(derive_key(sealing_secret, "refresh-token-successor")),
        oauth=OAuthClients(settings),
    )


def build_email_provider(settings: Settings) -> EmailProvider:
    """SMTP when configured; otherwise the development provider, which logs links (never in production)."""
    if settings.email_provider == "smtp":
        return SmtpEmailProvider(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.email_from,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            starttls=settings.smtp_starttls,
            use_tls=settings.smtp_use_tls,
            timeout=settings.smtp_timeout_seconds,
        )
    return DevEmailProvider(log_links=settings.env is not Environment.PRODUCTION)


def public_base_url(settings: Settings, http_port: int | None = None) -> str:
    """Where email links point: SKILLSPHERE_PUBLIC_BASE_URL, else this server's HTTP port (the bound one once
    known, else the configured one), whose pages open them."""
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/")
    port = settings.http_port if http_port is None else http_port
    return f"http://{reachable_host(settings.http_host)}:{port}"


def session_settings(settings: Settings) -> SessionSettings:
    """The session domain's platform defaults and timings from configuration."""
    return SessionSettings(
        defaults=BookingRules(
            buffer_before_minutes=settings.session_buffer_before_minutes,
            buffer_after_minutes=settings.session_buffer_after_minutes,
            minimum_notice_minutes=settings.session_minimum_notice_minutes,
            booking_horizon_days=settings.session_booking_horizon_days,
            daily_limit=settings.session_daily_limit,
            slot_interval_minutes=settings.session_slot_interval_minutes,
        ),
        start_early=timedelta(minutes=settings.session_start_early_minutes),
        auto_complete_after=timedelta(minutes=settings.session_auto_complete_after_minutes),
        no_show_refund_after=timedelta(minutes=settings.session_no_show_refund_after_minutes),
        reminder_offsets=tuple(timedelta(minutes=m) for m in settings.session_reminder_minutes),
        meeting_base_url=settings.session_meeting_base_url,
    )


def load_keys(settings: Settings) -> KeySet:
    """The configured signing key, or (outside production) a development key kept in the data dir."""
    signing = settings.jwt_signing_key_file or development_key_path(settings.data_dir)
    return load_key_set(signing, settings.jwt_verification_key_files)


class DirectoryCards:
    """Chat's participant cards (internal/chat/ports.py `MemberCards`) from the user directory's snapshots,
    only for members whose profile the caller may see."""

    def __init__(self, directory: UserDirectory) -> None:
        self._directory = directory

    async def cards(self, user_ids: Sequence[uuid.UUID], caller: Caller) -> dict[uuid.UUID, MemberCard]:
        """Cards of the visible, live members among `user_ids`."""
        snapshots = await self._directory.member_snapshots(user_ids)
        return {
            user_id: MemberCard(user_id, s.display_name, s.headline, s.avatar_uri)
            for user_id, s in snapshots.items()
            if s.live and caller.can_see(user_id, AUDIENCE[s.visibility])
        }


class DirectoryTeachers:
    """The AI domain's `Teachers` port (internal/ai/ports.py): ListUsers filtered on an offered skill at a
    minimum level, best rated first, as the caller would see it (visibility and blocks apply)."""

    def __init__(self, users: UserService) -> None:
        self._users = users

    async def teachers_of(self, *, caller: Caller, skill_id: uuid.UUID, min_level: int, limit: int) -> list[uuid.UUID]:
        """Up to `limit` members offering the skill at `min_level` or above, never the caller."""
        exclude = (caller.account_id,) if caller.account_id else ()
        found = await self._users.profiles.list_users(
            caller=caller,
            query="",
            filter=UserFilter(skills=(SkillFilter(skill_id, "offered", min_level),), exclude_user_ids=exclude),
            order=UserOrder.RATING,
            page_size=limit,
            page_token="",
        )
        return [view.profile.id for view in found.items]


class MatchingSimilarMembers:
    """The AI domain's `SimilarMembers` port: MatchingService's GetSimilarUsers (cosine over skills), as the
    caller would see it; empty while matching has not projected the member yet."""

    def __init__(self, matching: MatchingService) -> None:
        self._matching = matching

    async def similar_members(self, *, caller: Caller, user_id: uuid.UUID, limit: int) -> list[uuid.UUID]:
        """Most similar first."""
        try:
            found = await self._matching.get_similar_users(
                caller=caller, user_id=user_id, algorithm=Algorithm.COSINE, page_size=limit, page_token=""
            )
        except DomainError:
            return []
        return [uuid.UUID(view.card["user_id"]) for view in found.items if "user_id" in view.card]


def build_ai_service(
    settings: Settings,
    *,
    uow: UnitOfWorkFactory,
    pages: Paginator,
    skills: SkillService,
    directory: UserDirectory,
    users: UserService,
    sessions: SessionService,
    matching: MatchingService,
    registry: CollectorRegistry,
) -> AIService:
    """AIService with the configured provider (offline, or Gemini with one attempt per call: budgets and
    deadlines are ours to manage, not the SDK's retries)."""
    gemini = None
    if settings.llm_provider == "gemini":
        assert settings.gemini_api_key is not None
        client = gemini_client(
            settings.gemini_api_key.get_secret_value(),
            base_url=settings.gemini_base_url,
            timeout_seconds=settings.gemini_timeout_seconds,
            attempts=1,
        )
        gemini = GeminiAI(client, model=settings.gemini_text_model, timeout_seconds=settings.gemini_timeout_seconds)
    return AIService(
        uow=uow,
        pages=pages,
        catalog=skills,
        members=directory,
        member_embeddings=users.embeddings,
        teachers=DirectoryTeachers(users),
        sessions=sessions,
        similar=MatchingSimilarMembers(matching),
        budgets=AIBudgets(
            generation_requests=settings.ai_generation_requests_per_day,
            assistant_requests=settings.ai_assistant_requests_per_day,
            embedding_requests=settings.ai_embedding_requests_per_day,
            tokens=settings.ai_tokens_per_day,
            cache_ttl_seconds=settings.ai_cache_ttl_seconds,
            conversation_retention_days=settings.ai_conversation_retention_days,
        ),
        registry=registry,
        gemini=gemini,
    )


def member_id_pages(users: UserService) -> Callable[[str], Awaitable[tuple[list[uuid.UUID], str]]]:
    """Every live member's id, one page per call, for the search backfill: ListUsers as an admin (newest
    first), the user domain's own listing."""
    admin = Caller.account(uuid.UUID(int=0), ADMIN)

    async def page(token: str) -> tuple[list[uuid.UUID], str]:
        found = await users.profiles.list_users(
            caller=admin, query="", filter=UserFilter(), order=UserOrder.RECENCY, page_size=100, page_token=token
        )
        return [view.profile.id for view in found.items], found.next_page_token

    return page


@dataclass
class Application:
    """A running SkillSphere process; `start` and `stop` are used by `serve` and by the tests."""

    settings: Settings
    database: Database
    keys: KeySet
    registry: CollectorRegistry
    tracer_provider: TracerProvider | None
    grpc: GrpcServer
    health: HealthReporter
    uow: UnitOfWorkFactory
    paginator: Paginator
    streaming_paths: frozenset[str]
    jobs: JobRegistry
    email: EmailProvider
    job_metrics: JobMetrics
    storage: ObjectStorage
    embeddings: EmbeddingProvider
    text_generator: TextGenerator
    cache: CacheHub
    broker: PostgresBroker | None = None
    chat: ChatService | None = None
    http: HttpServer | None = None
    worker: Worker | None = None
    auth: AuthService | None = None
    skills: SkillService | None = None
    users: UserService | None = None
    sessions: SessionService | None = None
    search: SearchService | None = None
    matching: MatchingService | None = None
    payments: PaymentService | None = None
    ai: AIService | None = None
    payouts: PayoutService | None = None
    session_escrows: SessionEscrows | None = None
    payment_secrets: ClientSecrets | None = None
    stripe_webhooks: StripeWebhooks | None = None
    subscriptions: SubscriptionService | None = None
    public_base_url: str = ""
    auth_pages: AuthPages | None = None
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    async def create(
        cls,
        settings: Settings,
        registry: CollectorRegistry | None = None,
        handlers: Mapping[str, Any] | None = None,
        attachment_scanner: AttachmentScanner | None = None,
    ) -> Application:
        """Wire every part; applies migrations before anything serves.

        `handlers` overrides servicers by full service name (the tests use it to add a failing handler).
        `attachment_scanner` is chat's scan hook (accept-all by default; a deployment embedding the
        application passes its virus scanner, the tests one that quarantines).
        """
        registry = registry or CollectorRegistry()
        # Which process answered a scrape: with `serve --workers N` the processes share the HTTP port.
        Gauge(
            "skillsphere_process", "This server process (always 1), by process id.", ["pid"], registry=registry
        ).labels(str(os.getpid())).set(1)
        database = await open_database(settings, registry)
        await migrate.upgrade(database.engine)
        await check_vector_columns(database.engine, settings.embedding_dimension)
        # Providers behind ports (offline/local defaults need no keys); caches trust entries once `start`
        # has their invalidation listener running.
        storage = build_storage(settings)
        embeddings = build_embedding_provider(settings)
        text_generator = build_text_generator(settings)
        cache = CacheHub(asyncpg_url(database.url), registry=registry, enabled=settings.cache_enabled)
        # Domains register their job handlers on `jobs`; the worker starts with the servers (`start`).
        jobs = JobRegistry()
        job_metrics = JobMetrics(registry)
        job_metrics.observe_enqueues(database.engine)
        email = build_email_provider(settings)
        keys = load_keys(settings)
        verifier = TokenVerifier(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
        limiter = RateLimiter(settings.rate_limit_storage_uri, settings.rate_limit_default, settings.rate_limits)
        uow = UnitOfWorkFactory(database.engine)
        pages = Paginator(page_token_secret(settings, keys))
        auth = build_auth_service(settings, uow, keys, verifier, limiter, pages, registry)
        auth.register_jobs(jobs)
        # The user domain's directory first: the skill domain reads profiles through it, and UserService
        # uses the skill service; neither service needs the other at construction, so there is no cycle.
        # Matching and search keep read models of members: the directory tells their listeners about every
        # change (each enqueues a refresh job in the writer's transaction); both read members back through it.
        # Chat anonymises a deleted member's messages in the deletion's transaction (its MemberErasure).
        directory = UserDirectory(
            uow=uow,
            cache=cache,
            accounts=auth,
            storage=storage,
            listeners=[MatchingListener(), MemberChangeListener()],
            erasers=[ChatMemberErasure()],
        )
        matching = MatchingService(uow=uow, pages=pages, members=directory, cache=cache)
        register_matching_jobs(
            jobs, matching, backfill_every=timedelta(seconds=settings.matching_backfill_interval_seconds)
        )
        skills = SkillService(uow=uow, pages=pages, embeddings=embeddings, profiles=directory)
        register_skill_jobs(
            jobs,
            skills,
            trending_every=timedelta(seconds=settings.skill_trending_interval_seconds),
            backfill_every=timedelta(seconds=settings.skill_embedding_backfill_interval_seconds),
        )
        # Payments: the offline test-mode processor; client secrets are signed with a key every replica derives.
        payment_secrets = ClientSecrets(derive_key(page_token_secret(settings, keys), "payment-client-secret"))
        # The session domain's Escrow port (internal/session/ports.py): a paid session's money, moved in the
        # session's own transactions.
        # The processor behind internal/payment/provider.py: offline (default) or Stripe (settings).
        app: Application  # bound below; the links' lambdas read it at call time
        payment_provider: PaymentProvider
        stripe_provider: StripeProvider | None = None
        if settings.payment_provider == "stripe":
            assert settings.stripe_secret_key is not None
            stripe_provider = payment_provider = StripeProvider(
                secret_key=settings.stripe_secret_key.get_secret_value(),
                api_base=settings.stripe_api_base or "",
                connect_api_base=settings.stripe_connect_api_base or "",
            )
        else:
            payment_provider = OfflineProvider(secrets=payment_secrets, checkout_base=lambda: app.public_base_url)
        session_escrows = SessionEscrows(uow=uow, secrets=payment_secrets, provider=payment_provider)
        # Sessions use the user domain through SessionMembers (over the directory), the catalog through
        # SkillService and payments through SessionEscrows; UserService answers ListUserSessions and
        # ListUserRatings from SessionService, so it is built after it.
        sessions_service = SessionService(
            uow=uow,
            pages=pages,
            members=SessionMembers(uow=uow, directory=directory, accounts=auth),
            skills=skills,
            settings=session_settings(settings),
            escrow=session_escrows,
        )
        register_session_jobs(jobs, sessions_service)
        users = UserService(
            uow=uow,
            pages=pages,
            directory=directory,
            accounts=auth,
            skills=skills,
            storage=storage,
            embeddings=embeddings,
            sessions=sessions_service,
        )
        register_user_jobs(
            jobs, users, backfill_every=timedelta(seconds=settings.skill_embedding_backfill_interval_seconds)
        )
        search = SearchService(
            uow=uow,
            pages=pages,
            members=directory,
            skills=skills,
            embeddings=embeddings,
            cache=cache,
            member_ids=member_id_pages(users),
        )
        register_search_jobs(jobs, search, backfill_every=timedelta(seconds=settings.search_backfill_interval_seconds))
        # Checkout links follow the HTTP port bound at start, as email links do (`app` is bound below).
        # Subscription billing (renewals, dunning emails to the account's address, plan changes, invoices).
        billing = Billing(
            uow=uow,
            emails=auth,
            period=timedelta(seconds=settings.payment_subscription_period_seconds) or None,
            retry_delays=tuple(timedelta(seconds=s) for s in settings.payment_dunning_retry_delays_seconds),
        )
        payments = PaymentService(
            uow=uow,
            pages=pages,
            payees=directory,
            secrets=payment_secrets,
            checkout_base=lambda: app.public_base_url,
            provider=payment_provider,
            billing=billing,
        )
        payouts = PayoutService(
            uow=uow,
            pages=pages,
            links=OnboardingLinks(derive_key(page_token_secret(settings, keys), "payout-onboarding-link")),
            public_base=lambda: app.public_base_url,
            allowed_origins=settings.cors_allowed_origins,
            settlement_delay=timedelta(seconds=settings.payment_settlement_delay_seconds),
            provider=payment_provider,
        )
        stripe_webhooks = None
        if stripe_provider is not None:
            assert settings.stripe_webhook_secret is not None
            stripe_webhooks = StripeWebhooks(
                uow=uow,
                provider=stripe_provider,
                signing_secret=settings.stripe_webhook_secret.get_secret_value(),
                payments=payments,
                payouts=payouts,
            )
        register_payment_jobs(
            jobs,
            payments,
            payouts,
            settle_every=timedelta(seconds=settings.payment_settle_interval_seconds),
            reconciler=Reconciler(uow=uow, provider=payment_provider, registry=registry),
            reconcile_every=timedelta(seconds=settings.payment_reconcile_interval_seconds),
            webhooks=stripe_webhooks,
            billing=billing,
        )
        subscriptions = SubscriptionService(
            uow=uow,
            pages=pages,
            secrets=payment_secrets,
            checkout_base=lambda: app.public_base_url,
            billing=billing,
            invoice_links=InvoiceLinks(derive_key(page_token_secret(settings, keys), "payment-invoice-link")),
        )
        sessions = SessionGate(auth.check_session, ttl_seconds=settings.session_check_ttl_seconds)
        # Chat fans out through LISTEN/NOTIFY (one listening connection per process, started with the servers).
        # A conversation tied to a session is open to that session's participants (SessionService.participants).
        broker = PostgresBroker(asyncpg_url(database.url))
        chat = ChatService(
            uow=uow,
            pages=pages,
            broker=broker,
            members=directory,
            cards=DirectoryCards(directory),
            storage=storage,
            limiter=limiter,
            liveness=auth,
            sessions=sessions_service,
            resume_secret=page_token_secret(settings, keys),
            heartbeat_seconds=settings.chat_heartbeat_seconds,
            session_check_seconds=settings.session_check_ttl_seconds,
            queue_size=settings.chat_stream_queue_size,
            scanner=attachment_scanner,
        )
        register_chat_jobs(jobs, chat)
        ai = build_ai_service(
            settings,
            uow=uow,
            pages=pages,
            skills=skills,
            directory=directory,
            users=users,
            sessions=sessions_service,
            matching=matching,
            registry=registry,
        )
        register_ai_jobs(jobs, ai)
        tracer_provider = build_tracer_provider(
            settings.otel_exporter, service_name=settings.otel_service_name, endpoint=settings.otel_endpoint
        )
        grpc_server = GrpcServer(
            settings.grpc_address,
            build_chain(
                registry=registry,
                tracer_provider=tracer_provider,
                verifier=verifier,
                policies=POLICIES,
                limiter=limiter,
                trusted_proxies=settings.trusted_proxies,
                sessions=sessions,
            ),
            max_concurrent_rpcs=settings.max_concurrent_rpcs,
            reuse_port=settings.reuse_port,
        )
        services = register_services(
            grpc_server,
            handlers={
                "skillsphere.auth.v1.AuthService": AuthHandler(auth),
                "skillsphere.skill.v1.SkillService": SkillHandler(skills),
                "skillsphere.user.v1.UserService": UserHandler(users),
                "skillsphere.session.v1.SessionService": SessionHandler(sessions_service),
                "skillsphere.chat.v1.ChatService": ChatHandler(chat),
                "skillsphere.search.v1.SearchService": SearchHandler(search),
                "skillsphere.matching.v1.MatchingService": MatchingHandler(matching),
                "skillsphere.payment.v1.PaymentService": PaymentHandler(payments, payouts, subscriptions),
                "skillsphere.ai.v1.AIService": AIHandler(ai),
                **(handlers or {}),
            },
        )
        health = HealthReporter(
            grpc_server.health,
            grpc_server.service_names,
            database.ping,
            settings.db_health_interval_seconds,
        )
        if database.embedded is not None:  # back to SERVING as soon as a restarted embedded server answers
            database.embedded.on_restart(health.check_now)
        app = cls(
            settings=settings,
            database=database,
            keys=keys,
            registry=registry,
            tracer_provider=tracer_provider,
            grpc=grpc_server,
            health=health,
            uow=uow,
            paginator=pages,
            jobs=jobs,
            email=email,
            job_metrics=job_metrics,
            storage=storage,
            embeddings=embeddings,
            text_generator=text_generator,
            cache=cache,
            streaming_paths=response_streaming_paths(
                [*(s.descriptor for s in services), health_pb2.DESCRIPTOR.services_by_name["Health"]]
            ),
            auth=auth,
            skills=skills,
            users=users,
            sessions=sessions_service,
            broker=broker,
            chat=chat,
            search=search,
            matching=matching,
            payments=payments,
            ai=ai,
            payouts=payouts,
            session_escrows=session_escrows,
            payment_secrets=payment_secrets,
            stripe_webhooks=stripe_webhooks,
            subscriptions=subscriptions,
            public_base_url=public_base_url(settings),
        )

        # Read at each send: without SKILLSPHERE_PUBLIC_BASE_URL the links follow the HTTP port bound at start.
        register_email_jobs(jobs, email, public_base_url=lambda: app.public_base_url)
        return app

    async def start(self) -> None:
        """Start serving on both ports."""
        await self.cache.start()
        if self.broker is not None:
            await self.broker.start()
        await self.health.start()
        grpc_port = await self.grpc.start()
        jwks = self.keys.jwks()

        async def jwks_endpoint(_: Request) -> JSONResponse:
            return JSONResponse(jwks, headers={"cache-control": "public, max-age=300"})

        self.auth_pages = self._auth_pages(grpc_port)
        http_app = build_http_app(
            grpc_target=f"127.0.0.1:{grpc_port}",
            is_server_streaming=self.streaming_paths,
            allowed_origins=self.settings.cors_allowed_origins,
            registry=self.registry,
            extra_routes=[
                Route("/.well-known/jwks.json", jwks_endpoint),
                *storage_routes(self.storage, allowed_origins=self.settings.cors_allowed_origins),
                *(self.auth_pages.routes() if self.auth_pages else ()),
                *(self._checkout_pages().routes() if self.payments else ()),
                *(self.stripe_webhooks.routes() if self.stripe_webhooks else ()),
            ],
        )
        self.http = HttpServer(
            http_app,
            self.settings.http_host,
            self.settings.http_port,
            graceful_timeout=int(self.settings.shutdown_grace_seconds),
            reuse_port=self.settings.reuse_port,
        )
        await self.http.start()
        bind_http_port(self.storage, self.settings, self.http.port)
        self.public_base_url = public_base_url(self.settings, self.http.port)
        if self.settings.worker_enabled:
            await self.start_worker()
        log.info("serving", grpc_port=grpc_port, http_port=self.http.port, env=self.settings.env.value, pid=os.getpid())

    def _auth_pages(self, grpc_port: int) -> AuthPages | None:
        """The pages email links open, unless a separate web app serves them (`auth_web_pages` off)."""
        if not self.settings.auth_web_pages:
            return None
        csrf_secret = derive_key(page_token_secret(self.settings, self.keys), "web-form-csrf")
        trusted = [self.settings.public_base_url] if self.settings.public_base_url else []
        return AuthPages(
            grpc_target=f"127.0.0.1:{grpc_port}",
            csrf=CsrfGuard(csrf_secret, trusted_origins=trusted),
            password_min_score=self.settings.auth_password_min_score,
            reset_link_seconds=self.settings.auth_password_reset_token_ttl_seconds,
        )

    def _checkout_pages(self) -> CheckoutPages:
        """The offline processor's hosted test checkout and onboarding (the only processor built so far)."""
        assert self.payments is not None and self.payouts is not None
        csrf_secret = derive_key(page_token_secret(self.settings, self.keys), "web-form-csrf")
        trusted = [self.settings.public_base_url] if self.settings.public_base_url else []
        return CheckoutPages(
            service=self.payments,
            payouts=self.payouts,
            csrf=CsrfGuard(csrf_secret, trusted_origins=trusted),
            subscriptions=self.subscriptions,
        )

    async def stop(self) -> None:
        """Graceful shutdown: report NOT_SERVING, stop taking calls, drain in-flight ones, close the pool."""
        log.info("shutting_down", grace_seconds=self.settings.shutdown_grace_seconds)
        await self.health.shutdown()
        # gRPC drains first (accepted calls finish, later ones get UNAVAILABLE); the HTTP port stops after
        # it, so browsers' calls forwarded into gRPC meanwhile get the same answers.
        await asyncio.gather(self.grpc.stop(self.settings.shutdown_grace_seconds), self.stop_worker())
        if self.http is not None:
            await _release("http", self.http.stop())
        if self.auth is not None:
            await _release("auth", self.auth.close())
        if self.auth_pages is not None:
            await _release("auth_pages", self.auth_pages.close())
        await _release("providers", self.close_providers())
        await _release("database", self.database.dispose())
        if self.tracer_provider is not None:
            self.tracer_provider.shutdown()
        log.info("stopped")

    async def start_worker(self) -> None:
        """Start claiming and running jobs in this process."""
        self.worker = Worker(
            self.database.engine,
            self.jobs,
            metrics=self.job_metrics,
            concurrency=self.settings.jobs_concurrency,
            poll_interval=self.settings.jobs_poll_interval_seconds,
            default_max_attempts=self.settings.jobs_max_attempts,
            backoff_base=self.settings.jobs_backoff_base_seconds,
        )
        await self.worker.start()

    async def stop_worker(self) -> None:
        """Stop claiming; running jobs get the shutdown grace to finish, the rest go back to the queue."""
        if self.worker is not None:
            await self.worker.stop(self.settings.shutdown_grace_seconds)
            self.worker = None

    async def run_worker_until_stopped(self, http_port: int | None = None) -> None:
        """`skillsphere worker`: run only the job worker (and /metrics, /healthz on `http_port`) until
        SIGTERM/SIGINT, then let running jobs finish within the shutdown grace."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.request_stop)
        if http_port is not None:
            self.http = HttpServer(
                _worker_http_app(self.registry),
                self.settings.http_host,
                http_port,
                graceful_timeout=int(self.settings.shutdown_grace_seconds),
            )
            await self.http.start()
        await self.start_worker()
        log.info("worker_serving", http_port=self.http.port if self.http else None, env=self.settings.env.value)
        await self._stopping.wait()
        log.info("shutting_down", grace_seconds=self.settings.shutdown_grace_seconds)
        await self.stop_worker()
        if self.http is not None:
            await _release("http", self.http.stop())
        if self.auth is not None:
            await _release("auth", self.auth.close())
        await _release("providers", self.close_providers())
        await _release("database", self.database.dispose())
        log.info("stopped")

    async def close_providers(self) -> None:
        """Stop the cache listener and release the storage and LLM providers' connections."""
        await self.cache.stop()
        if self.broker is not None:
            await self.broker.stop()
        if self.chat is not None:
            await self.chat.hub.stop()
        await asyncio.gather(self.storage.close(), self.embeddings.close(), self.text_generator.close())

    def request_stop(self) -> None:
        """Ask `run_until_stopped` to shut down (signal handlers call this)."""
        self._stopping.set()

    async def run_until_stopped(self) -> None:
        """Serve until SIGTERM/SIGINT, then shut down gracefully."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.request_stop)
        await self.start()
        await self._stopping.wait()
        await self.stop()


RELEASE_SECONDS = 15.0


async def _release(part: str, closing: Awaitable[None]) -> None:
    """Await one part's release after the calls have drained, for at most `RELEASE_SECONDS`: a part that does
    not let go is logged and left behind, so the process still exits (as an orchestrator's kill would make
    it) instead of hanging in shutdown."""
    try:
        async with asyncio.timeout(RELEASE_SECONDS):
            await closing
    except TimeoutError:
        log.error("shutdown_part_stuck", part=part, seconds=RELEASE_SECONDS)


def _worker_http_app(registry: CollectorRegistry) -> Starlette:
    """/metrics and /healthz of a worker-only process."""

    async def metrics(request: Request) -> Response:
        encoder, content_type = choose_encoder(request.headers.get("accept", ""))
        return Response(encoder(registry), headers={"content-type": content_type})

    async def healthz(_: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/metrics", metrics), Route("/healthz", healthz)])


async def _work(settings: Settings, http_port: int | None) -> None:
    app = await Application.create(settings)
    await app.run_worker_until_stopped(http_port)


async def _serve(settings: Settings) -> None:
    app = await Application.create(settings)
    await app.run_until_stopped()


async def _migrate(settings: Settings, downgrade_to: str | None) -> None:
    database = await open_database(settings, CollectorRegistry())
    try:
        if downgrade_to:
            await migrate.downgrade(database.engine, downgrade_to)
        else:
            await migrate.upgrade(database.engine)
        log.info("migrated", revision=await migrate.current_revision(database.engine))
    finally:
        await database.dispose()


async def _admin_create(settings: Settings, email: str, password: str | None) -> int:
    """Create (or promote) an admin account with a verified email; prints its id."""
    database = await open_database(settings, CollectorRegistry())
    try:
        await migrate.upgrade(database.engine)
        keys = load_keys(settings)
        auth = build_auth_service(
            settings,
            UnitOfWorkFactory(database.engine),
            keys,
            TokenVerifier(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience),
            RateLimiter("async+memory://", "1000/second"),
            Paginator(page_token_secret(settings, keys)),
        )
        try:
            account_id, created = await auth.bootstrap_admin(email=email, password=password)
        except DomainError as exc:
            print(f"skillsphere: {exc.message}", file=sys.stderr)
            return 2
        finally:
            await auth.close()
        print(f"{'created' if created else 'promoted'} admin {account_id}")
        return 0
    finally:
        await database.dispose()


async def _seed(settings: Settings, count: int, random_seed: int) -> int:
    """Create demo users (see internal/seed.py) and print how to sign in as one."""
    if settings.env is Environment.PRODUCTION:
        # Demo accounts share a published password: never in production.
        print("skillsphere: seed --demo is refused with SKILLSPHERE_ENV=production", file=sys.stderr)
        return 2
    app = await Application.create(settings)
    assert app.auth is not None and app.users is not None and app.skills is not None
    try:
        created, existing = await seed_demo(
            auth=app.auth, users=app.users, skills=app.skills, count=count, random_seed=random_seed
        )
    finally:
        await app.auth.close()
        await app.close_providers()
        await app.database.dispose()
    print(f"demo users: {created} created, {existing} already there")
    if count:
        print(f"sign in as {demo_email(1)} ... {demo_email(count)} with the password {DEMO_PASSWORD!r}")
    return 0


def _install_uvloop() -> None:
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


def main(argv: Sequence[str] | None = None) -> int:
    """The `skillsphere` command."""
    parser = argparse.ArgumentParser(prog="skillsphere", description="SkillSphere backend.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser("serve", help="serve gRPC and grpc-web until SIGTERM/SIGINT")
    serve_cmd.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="server processes sharing the ports and the database (default: the number of cores, "
        f"{os.cpu_count() or 1} here); 1 serves in this process",
    )
    worker_cmd = commands.add_parser("worker", help="run only the background job worker until SIGTERM/SIGINT")
    worker_cmd.add_argument(
        "--http-port", type=int, metavar="PORT", help="serve /metrics and /healthz on this port (default: none)"
    )
    migrate_cmd = commands.add_parser("migrate", help="apply database migrations and exit")
    migrate_cmd.add_argument("--downgrade", metavar="REVISION", help="revert down to REVISION (or 'base')")
    admin_cmd = commands.add_parser("admin", help="manage accounts from the command line")
    admin_commands = admin_cmd.add_subparsers(dest="admin_command", required=True)
    admin_create = admin_commands.add_parser(
        "create", help="create an admin account (verified email) or grant admin to an existing one"
    )
    admin_create.add_argument("--email", required=True, help="email address of the account")
    admin_create.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (else: no password; use password reset)",
    )
    seed_cmd = commands.add_parser("seed", help="fill the database with demo data")
    seed_cmd.add_argument(
        "--demo", type=int, required=True, metavar="N", help="create demo users 1..N (missing ones only)"
    )
    seed_cmd.add_argument("--random-seed", type=int, default=7, help="seed of the demo data's random choices")
    args = parser.parse_args(argv)
    password = sys.stdin.readline().rstrip("\r\n") if getattr(args, "password_stdin", False) else None

    try:
        settings = Settings()
    except ValueError as exc:
        print(f"skillsphere: invalid configuration: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)
    _install_uvloop()
    try:
        if args.command == "serve":
            if args.workers < 1:
                parser.error("--workers must be at least 1")
            if args.workers > 1:
                from internal.workers import Supervisor

                return Supervisor(settings, args.workers).run()
            asyncio.run(_serve(settings))
        elif args.command == "worker":
            asyncio.run(_work(settings, args.http_port))
        elif args.command == "migrate":
            asyncio.run(_migrate(settings, args.downgrade))
        elif args.command == "seed":
            if not 0 <= args.demo <= 100_000:
                parser.error("--demo must be between 0 and 100000")
            return asyncio.run(_seed(settings, args.demo, args.random_seed))
        elif args.command == "admin" and args.admin_command == "create":
            return asyncio.run(_admin_create(settings, args.email, password))
    except DatabaseSetupError as exc:
        log.error("database_unusable", error=str(exc))
        print(f"skillsphere: {exc}", file=sys.stderr)
        return 1
    return 0
