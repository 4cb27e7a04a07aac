"""Helpers shared by the SessionService e2e tests: members who teach, times, proposing sessions, emails."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg
import grpc
import icalendar
from google.protobuf.field_mask_pb2 import FieldMask
from google.protobuf.timestamp_pb2 import Timestamp
from skillsphere.common.v1 import common_pb2
from skillsphere.session.v1 import session_pb2, session_pb2_grpc
from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from internal.app import Application
from pkg.email import EmailMessage
from tests.support.rpc import bearer

Metadata = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Member:
    """A real account with a profile: id, call metadata and the email its account has."""

    id: str
    metadata: Metadata
    email: str


async def member(
    channel: grpc.aio.Channel,
    token_for: Callable[..., str],
    name: str = "Ada",
    time_zone: str = "Europe/Berlin",
    roles: tuple[str, ...] = ("learner",),
) -> Member:
    """A new account with a public profile."""
    user_id = str(uuid.uuid4())
    metadata = bearer(token_for(user_id, roles))
    await user_pb2_grpc.UserServiceStub(channel).CreateUser(
        user_pb2.CreateUserRequest(
            user=user_pb2.User(display_name=name, time_zone=time_zone, visibility=user_pb2.PROFILE_VISIBILITY_PUBLIC)
        ),
        metadata=metadata,
    )
    return Member(user_id, metadata, f"{user_id}@test.example")


async def catalog_skill(channel: grpc.aio.Channel, name: str = "Python") -> str:
    """The id of a catalog skill."""
    found = await skill_pb2_grpc.SkillServiceStub(channel).SearchSkills(
        skill_pb2.SearchSkillsRequest(query=name, page_size=10)
    )
    return next(r.skill.id for r in found.results if r.skill.name == name)


async def teacher(
    channel: grpc.aio.Channel,
    token_for: Callable[..., str],
    skill_id: str,
    name: str = "Grace",
    time_zone: str = "Europe/Berlin",
) -> Member:
    """A member who offers `skill_id`."""
    who = await member(channel, token_for, name, time_zone)
    await skill_pb2_grpc.SkillServiceStub(channel).AddUserSkill(
        skill_pb2.AddUserSkillRequest(
            user_id=who.id, skill_id=skill_id, kind=skill_pb2.USER_SKILL_KIND_OFFERED, proficiency=5
        ),
        metadata=who.metadata,
    )
    return who


async def available_all_week(channel: grpc.aio.Channel, who: Member) -> None:
    """`who` is available around the clock every day, so a learner may book any time on the slot grid."""
    midnight = common_pb2.TimeOfDay(hours=0)
    await user_pb2_grpc.UserServiceStub(channel).UpdateAvailability(
        user_pb2.UpdateAvailabilityRequest(
            availability=user_pb2.Availability(
                user_id=who.id,
                weekly_slots=[
                    user_pb2.WeeklySlot(day_of_week=day, slot=user_pb2.TimeSlot(start=midnight, end=midnight))  # type: ignore[arg-type]
                    for day in range(1, 8)
                ],
            ),
            update_mask=FieldMask(paths=["weekly_slots"]),
        ),
        metadata=who.metadata,
    )


def on_the_hour(minutes_from_now: float) -> datetime:
    """The first full hour at least `minutes_from_now` ahead (on every slot grid)."""
    start = soon(minutes_from_now).replace(minute=0, second=0)
    return start + timedelta(hours=1)


def ts(value: datetime) -> Timestamp:
    """A protobuf Timestamp."""
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def soon(minutes: float) -> datetime:
    """Now plus `minutes`, to the second (UTC)."""
    return (datetime.now(UTC) + timedelta(minutes=minutes)).replace(microsecond=0)


def create_request(
    skill_id: str, teacher_id: str, learner_id: str, start: datetime, duration: int = 60, **fields: object
) -> session_pb2.CreateSessionRequest:
    """A CreateSession request with a fresh idempotency key."""
    values: dict[str, object] = {
        "idempotency_key": str(uuid.uuid4()),
        "skill_id": skill_id,
        "teacher_user_id": teacher_id,
        "learner_user_id": learner_id,
        "title": "Intro to asyncio",
        "scheduled_start_time": ts(start),
        "duration_minutes": duration,
        "time_zone": "Europe/Berlin",
    }
    values.update(fields)
    return session_pb2.CreateSessionRequest(**values)  # type: ignore[arg-type]


async def propose(
    stub: session_pb2_grpc.SessionServiceStub,
    skill_id: str,
    by: Member,
    learner: Member,
    start: datetime,
    duration: int = 60,
) -> session_pb2.Session:
    """The teacher `by` proposes a session to `learner` (no availability needed)."""
    response = await stub.CreateSession(
        create_request(skill_id, by.id, learner.id, start, duration), metadata=by.metadata
    )
    return response.session


async def booked(
    stub: session_pb2_grpc.SessionServiceStub,
    skill_id: str,
    by: Member,
    learner: Member,
    start: datetime,
    duration: int = 60,
) -> session_pb2.Session:
    """A CONFIRMED session: proposed by the teacher, confirmed by the learner."""
    session = await propose(stub, skill_id, by, learner, start, duration)
    response = await stub.ConfirmSession(
        session_pb2.ConfirmSessionRequest(session_id=session.id), metadata=learner.metadata
    )
    return response.session


def emails(app: Application, who: Member, subject_prefix: str) -> list[EmailMessage]:
    """The emails `who` got whose subject starts with `subject_prefix`."""
    sent = app.email.sent_to(who.email)  # type: ignore[attr-defined]
    return [m for m in sent if m.subject.startswith(subject_prefix)]


def calendar_of(message: EmailMessage) -> icalendar.Calendar:
    """The .ics attached to an email, parsed back."""
    (attachment,) = [a for a in message.attachments if a.content_type.startswith("text/calendar")]
    return icalendar.Calendar.from_ical(attachment.text)


async def pending_jobs(database_url: str, session_id: str) -> list[str]:
    """Dedupe keys of the session's pending delayed jobs."""
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(
            "SELECT dedupe_key FROM jobs WHERE status = 'pending' AND dedupe_key LIKE $1", f"session:{session_id}:%"
        )
    finally:
        await conn.close()
    return sorted(r["dedupe_key"] for r in rows)


async def shift_into_the_past(url: str, session_id: str, hours: float, jobs_like: str = "%") -> None:
    """Let `hours` pass for one session (a clock jump): its start moves back and its pending jobs whose
    dedupe key after `session:<id>:` matches `jobs_like` fall due now."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "UPDATE sessions SET scheduled_start = scheduled_start - make_interval(secs => $2) WHERE id = $1",
            uuid.UUID(session_id),
            hours * 3600,
        )
        await conn.execute(
            "UPDATE jobs SET run_at = now() WHERE status = 'pending' AND dedupe_key LIKE $1",
            f"session:{session_id}:{jobs_like}",
        )
    finally:
        await conn.close()
