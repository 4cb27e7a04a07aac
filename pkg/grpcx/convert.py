"""Conversions every handler makes between protobuf and Python values."""

from __future__ import annotations

import uuid
from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp

from pkg.errors import InvalidArgument


def timestamp(value: datetime | int) -> Timestamp:
    """A protobuf Timestamp from an aware datetime or from epoch seconds."""
    stamp = Timestamp()
    if isinstance(value, int):
        stamp.FromSeconds(value)
    else:
        stamp.FromDatetime(value)
    return stamp


def parse_uuid(value: str, field: str) -> uuid.UUID:
    """A request field that must hold a UUID; INVALID_ARGUMENT naming `field` otherwise."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidArgument(field=field, description="must be a UUID") from None


def parse_optional_uuid(value: str, field: str) -> uuid.UUID | None:
    """As parse_uuid, with the empty string meaning "not given"."""
    return parse_uuid(value, field) if value else None
