"""RFC 5545 invites for session emails (icalendar), accepted by Google Calendar and Outlook.

One session is one calendar event: its UID is stable (`<session id>@<domain>`), its SEQUENCE grows with
each confirmation, move or cancellation sent, METHOD is REQUEST for a new or moved event and CANCEL when
the session is off, and times are given in the recipient's time zone with its VTIMEZONE.
"""

from __future__ import annotations

import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar

from pkg.email import Attachment

PRODID = "-//SkillSphere//Sessions//EN"
UID_DOMAIN = "sessions.skillsphere"


@dataclass(frozen=True)
class Attendee:
    """A participant on the invite."""

    email: str
    name: str


def event_uid(session_id: uuid.UUID) -> str:
    """The invite's UID, the same for every version of the session's event."""
    return f"{session_id}@{UID_DOMAIN}"


def invite(
    *,
    session_id: uuid.UUID,
    sequence: int,
    cancel: bool,
    start: datetime,
    end: datetime,
    time_zone: str,
    summary: str,
    description: str,
    location: str,
    organizer: Attendee,
    attendees: tuple[Attendee, ...],
    now: datetime,
) -> bytes:
    """The calendar object (METHOD REQUEST or CANCEL) for one version of a session's event."""
    zone = zoneinfo.ZoneInfo(time_zone)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = icalendar.Event()
    event.add("uid", event_uid(session_id))
    event.add("sequence", sequence)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start.astimezone(zone))
    event.add("dtend", end.astimezone(zone))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add("organizer", f"mailto:{organizer.email}", parameters={"cn": organizer.name})
    for attendee in attendees:
        event.add(
            "attendee",
            f"mailto:{attendee.email}",
            parameters={"cn": attendee.name, "role": "REQ-PARTICIPANT", "partstat": "ACCEPTED", "rsvp": "FALSE"},
        )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def invite_attachment(ics: bytes, *, cancel: bool) -> Attachment:
    """The invite as an email attachment (`text/calendar` with its method, as mail clients expect)."""
    method = "CANCEL" if cancel else "REQUEST"
    return Attachment(
        filename="invite.ics" if not cancel else "cancel.ics",
        content_type=f"text/calendar; method={method}; charset=UTF-8",
        text=ics.decode(),
    )
