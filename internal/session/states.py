"""The session state machine and the cancellation policy: pure rules, no I/O (tests/unit/session).

Each transition names the status it leaves, the action, the status it reaches and who may take it:

- REQUESTER: the participant who made the pending request (`requested_by`)
- AWAITED: the other participant, whose answer the request waits for (`awaiting_user_id`)
- PARTICIPANT: either participant
- ADMIN: a moderator
- SYSTEM: a timed job (expiry, no-show, auto-completion)

`decide` answers what an action does to a status for an actor: the new status, "unchanged" for a repeat
the contract makes safe (confirming a CONFIRMED session, cancelling one the caller already cancelled...),
or a refusal saying whether the status or the actor was wrong.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta


class Status(enum.StrEnum):
    """Lifecycle states (session.v1.SessionStatus)."""

    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    DECLINED = "declined"
    EXPIRED = "expired"
    NO_SHOW = "no_show"


class Action(enum.StrEnum):
    """What can happen to a session."""

    CONFIRM = "confirm"
    DECLINE = "decline"
    CANCEL = "cancel"
    START = "start"
    COMPLETE = "complete"
    RESCHEDULE = "reschedule"
    RESPOND_RESCHEDULE = "respond_reschedule"
    UPDATE = "update"
    EXPIRE = "expire"
    MARK_NO_SHOW = "mark_no_show"
    AUTO_COMPLETE = "auto_complete"
    RATE = "rate"
    REPORT = "report"


class Actor(enum.StrEnum):
    """Who takes an action, relative to the session."""

    REQUESTER = "requester"
    AWAITED = "awaited"
    PARTICIPANT = "participant"
    ADMIN = "admin"
    SYSTEM = "system"


# States in which a session holds its time for both participants.
HOLDING = frozenset({Status.REQUESTED, Status.CONFIRMED, Status.IN_PROGRESS})
TERMINAL = frozenset({Status.COMPLETED, Status.CANCELLED, Status.DECLINED, Status.EXPIRED, Status.NO_SHOW})

_P = Actor.PARTICIPANT
_ANY_PERSON = frozenset({Actor.REQUESTER, Actor.AWAITED, Actor.PARTICIPANT})


@dataclass(frozen=True)
class Transition:
    """From `source` by `action` to `target`, allowed to `actors`."""

    source: Status
    action: Action
    target: Status
    actors: frozenset[Actor]


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Status.REQUESTED, Action.CONFIRM, Status.CONFIRMED, frozenset({Actor.AWAITED})),
    Transition(Status.REQUESTED, Action.DECLINE, Status.DECLINED, frozenset({Actor.AWAITED})),
    Transition(Status.REQUESTED, Action.CANCEL, Status.CANCELLED, _ANY_PERSON | {Actor.ADMIN}),
    Transition(Status.CONFIRMED, Action.CANCEL, Status.CANCELLED, _ANY_PERSON | {Actor.ADMIN}),
    Transition(Status.REQUESTED, Action.RESCHEDULE, Status.REQUESTED, _ANY_PERSON),
    Transition(Status.CONFIRMED, Action.RESCHEDULE, Status.CONFIRMED, _ANY_PERSON),
    # Answered by the participant who did not propose the new time (checked against the proposal).
    Transition(Status.CONFIRMED, Action.RESPOND_RESCHEDULE, Status.CONFIRMED, _ANY_PERSON),
    Transition(Status.REQUESTED, Action.UPDATE, Status.REQUESTED, _ANY_PERSON),
    Transition(Status.CONFIRMED, Action.UPDATE, Status.CONFIRMED, _ANY_PERSON),
    Transition(Status.CONFIRMED, Action.START, Status.IN_PROGRESS, _ANY_PERSON),
    Transition(Status.IN_PROGRESS, Action.COMPLETE, Status.COMPLETED, _ANY_PERSON),
    Transition(Status.REQUESTED, Action.EXPIRE, Status.EXPIRED, frozenset({Actor.SYSTEM})),
    Transition(Status.CONFIRMED, Action.MARK_NO_SHOW, Status.NO_SHOW, frozenset({Actor.SYSTEM})),
    Transition(Status.IN_PROGRESS, Action.AUTO_COMPLETE, Status.COMPLETED, frozenset({Actor.SYSTEM})),
    Transition(Status.COMPLETED, Action.RATE, Status.COMPLETED, _ANY_PERSON),
    # Reports: anything that got past the request (a REQUESTED session has nothing to report yet).
    *(
        Transition(status, Action.REPORT, status, _ANY_PERSON)
        for status in (
            Status.CONFIRMED,
            Status.IN_PROGRESS,
            Status.COMPLETED,
            Status.CANCELLED,
            Status.DECLINED,
            Status.EXPIRED,
            Status.NO_SHOW,
        )
    ),
)
_TABLE = {(t.source, t.action): t for t in TRANSITIONS}

# Repeats that return the session unchanged: the action's target is already reached.
IDEMPOTENT = frozenset({Action.CONFIRM, Action.CANCEL, Action.START, Action.COMPLETE})


class Refusal(enum.Enum):
    """Why `decide` refused."""

    WRONG_STATUS = "wrong_status"  # FAILED_PRECONDITION
    WRONG_ACTOR = "wrong_actor"  # PERMISSION_DENIED


@dataclass(frozen=True)
class Decision:
    """The outcome of an action: the status after it, whether anything changes, or why it is refused."""

    target: Status | None
    changed: bool = True
    refusal: Refusal | None = None

    @property
    def allowed(self) -> bool:
        """Whether the action may go ahead (possibly as a no-op repeat)."""
        return self.refusal is None


def decide(status: Status, action: Action, actors: frozenset[Actor], *, already_done: bool = False) -> Decision:
    """What `action` by someone in the roles `actors` does to a session in `status`.

    `already_done` marks a repeat the contract accepts (e.g. the caller is the one who cancelled): with it,
    a session already in the action's target status is returned unchanged instead of refused.
    """
    transition = _TABLE.get((status, action))
    if transition is None:
        if action in IDEMPOTENT and already_done:
            return Decision(status, changed=False)
        return Decision(None, changed=False, refusal=Refusal.WRONG_STATUS)
    if Actor.ADMIN in actors and Actor.ADMIN in transition.actors:
        return Decision(transition.target)
    if not actors & transition.actors:
        return Decision(None, changed=False, refusal=Refusal.WRONG_ACTOR)
    return Decision(transition.target)


def allowed_actions(status: Status) -> dict[Action, frozenset[Actor]]:
    """Every action possible from `status` and who may take it (the diagram in docs/sessions.md)."""
    return {t.action: t.actors for t in TRANSITIONS if t.source is status}


# ------------------------------------------------------------------------------------------ time rules

START_EARLY = timedelta(minutes=15)
AUTO_COMPLETE_AFTER = timedelta(hours=2)
RATING_WINDOW = timedelta(days=30)
REPORT_WINDOW = timedelta(days=30)
FULL_REFUND_NOTICE = timedelta(hours=24)


def may_start(now: datetime, start: datetime, end: datetime, early: timedelta = START_EARLY) -> bool:
    """StartSession's window: from `early` before the start until the scheduled end."""
    return start - early <= now < end


# ------------------------------------------------------------------------------------ cancellation policy


class Canceller(enum.Enum):
    """Who cancels, for the refund policy."""

    TEACHER = "teacher"
    LEARNER = "learner"
    ADMIN = "admin"


def refund_percent(canceller: Canceller, *, start: datetime, now: datetime) -> int:
    """Share of the price refunded to the learner: all of it when the teacher or an admin cancels or the
    learner cancels at least 24 hours ahead, half otherwise."""
    if canceller is not Canceller.LEARNER:
        return 100
    return 100 if start - now >= FULL_REFUND_NOTICE else 50


def refund_amount(price_minor: int, percent: int) -> int:
    """The refunded minor units, rounded down in the platform's favour by at most one minor unit."""
    return price_minor * percent // 100
