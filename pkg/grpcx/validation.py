"""Request validation from the rules declared in the contract (`(skillsphere.common.v1.rules)`).

Rules are compiled once per message type from its descriptor; a request is checked completely and every
violation is reported at once, named by its field path (`user.links[2].url`), so a client can fix a form
in one round trip. Enum fields must also hold a value defined in the contract.

Beyond the declared rules, no string anywhere in a request (nested, repeated and map fields included) may
contain NUL (U+0000): PostgreSQL text cannot store it, and asyncpg would fail deep inside a query. Every
`Timestamp` and `Duration` must be within the range protobuf and `datetime` can represent. The fields such
values can hide in are listed once per message type, so a request costs a walk over those fields only.
"""

from __future__ import annotations

import json
import re
import uuid
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import grpc
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from grpc_interceptor import AsyncServerInterceptor
from skillsphere.common.v1 import validate_pb2
from skillsphere.common.v1.error_reason import ErrorReason

from pkg.errors import FieldViolation, InvalidArgument
from pkg.grpcx.decoding import UndecodableRequest

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _is_uri(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


_FORMATS: dict[int, tuple[Callable[[str], bool], str]] = {
    validate_pb2.STRING_FORMAT_EMAIL: (
        lambda v: len(v) <= 254 and bool(_EMAIL.match(v)),
        "must be an e-mail address",
    ),
    validate_pb2.STRING_FORMAT_UUID: (_is_uuid, "must be a UUID"),
    validate_pb2.STRING_FORMAT_URI: (_is_uri, "must be an absolute http(s) URI"),
    validate_pb2.STRING_FORMAT_CURRENCY_CODE: (
        lambda v: bool(_CURRENCY.match(v)),
        "must be an ISO 4217 code",
    ),
    validate_pb2.STRING_FORMAT_TIME_ZONE: (lambda v: v in _time_zones(), "must be an IANA time zone"),
    validate_pb2.STRING_FORMAT_LANGUAGE_TAG: (lambda v: bool(_LANGUAGE_TAG.match(v)), "must be a BCP 47 tag"),
    validate_pb2.STRING_FORMAT_COUNTRY_CODE: (lambda v: bool(_COUNTRY.match(v)), "must be an ISO 3166 code"),
}

_NUMERIC = {
    FieldDescriptor.TYPE_DOUBLE,
    FieldDescriptor.TYPE_FLOAT,
    FieldDescriptor.TYPE_INT32,
    FieldDescriptor.TYPE_INT64,
    FieldDescriptor.TYPE_UINT32,
    FieldDescriptor.TYPE_UINT64,
    FieldDescriptor.TYPE_SINT32,
    FieldDescriptor.TYPE_SINT64,
    FieldDescriptor.TYPE_FIXED32,
    FieldDescriptor.TYPE_FIXED64,
    FieldDescriptor.TYPE_SFIXED32,
    FieldDescriptor.TYPE_SFIXED64,
    FieldDescriptor.TYPE_ENUM,  # enum numbers can carry a range (proficiency 1..5)
}


@dataclass(frozen=True)
class _FieldPlan:
    field: FieldDescriptor
    rules: validate_pb2.FieldRules | None
    nested: _MessagePlan | None  # set when the field is a message type that has something to check
    enum_values: frozenset[int] | None


@dataclass(frozen=True)
class _MessagePlan:
    fields: tuple[_FieldPlan, ...]


def _is_repeated(field: FieldDescriptor) -> bool:
    return bool(field.is_repeated)


def _is_map(field: FieldDescriptor) -> bool:
    return (
        field.type == FieldDescriptor.TYPE_MESSAGE and _is_repeated(field) and field.message_type.GetOptions().map_entry
    )


@cache
def _plan(descriptor: Descriptor, visiting: frozenset[str] = frozenset()) -> _MessagePlan | None:
    """What to check on a message type; None when nothing in it (or below it) carries a rule.

    `visiting` stops recursive types (a category holding categories) from planning forever; requests
    with rules on recursive fields are not a thing the contract needs.
    """
    visiting = visiting | {descriptor.full_name}
    plans: list[_FieldPlan] = []
    for field in descriptor.fields:
        options = field.GetOptions()
        rules = options.Extensions[validate_pb2.rules] if options.HasExtension(validate_pb2.rules) else None
        nested = None
        enum_values = None
        if field.type == FieldDescriptor.TYPE_MESSAGE and not _is_map(field):
            name = field.message_type.full_name
            if not name.startswith("google.protobuf.") and name not in visiting:
                nested = _plan(field.message_type, visiting)
        elif field.type == FieldDescriptor.TYPE_ENUM:
            enum_values = frozenset(v.number for v in field.enum_type.values)
        if rules is not None or nested is not None or enum_values is not None:
            plans.append(_FieldPlan(field, rules, nested, enum_values))
    return _MessagePlan(tuple(plans)) if plans else None


def _check_value(plan: _FieldPlan, value: Any, path: str, out: list[FieldViolation]) -> None:
    rules = plan.rules
    field = plan.field
    if plan.enum_values is not None and value not in plan.enum_values:
        out.append(FieldViolation(path, f"{value} is not a defined {field.enum_type.name} value"))
    if plan.nested is not None and isinstance(value, Message):
        _check_message(plan.nested, value, f"{path}.", out)
    if rules is None:
        return
    if field.type == FieldDescriptor.TYPE_STRING and not _is_repeated(field):
        length = len(value)
        if rules.HasField("min_len") and 0 < length < rules.min_len:
            out.append(FieldViolation(path, f"must be at least {rules.min_len} characters"))
        if rules.HasField("max_len") and length > rules.max_len:
            out.append(FieldViolation(path, f"must be at most {rules.max_len} characters"))
    if field.type == FieldDescriptor.TYPE_STRING and value and rules.format:
        check, description = _FORMATS[rules.format]
        if not check(value):
            out.append(FieldViolation(path, description))
    if field.type in _NUMERIC:
        if rules.HasField("gte") and value < rules.gte:
            out.append(FieldViolation(path, f"must be at least {rules.gte:g}"))
        if rules.HasField("lte") and value > rules.lte:
            out.append(FieldViolation(path, f"must be at most {rules.lte:g}"))


def _check_message(plan: _MessagePlan, message: Message, prefix: str, out: list[FieldViolation]) -> None:
    for field_plan in plan.fields:
        field = field_plan.field
        path = f"{prefix}{field.name}"
        value = getattr(message, field.name)
        rules = field_plan.rules
        if _is_repeated(field):
            if rules is not None:
                if rules.required and len(value) == 0:
                    out.append(FieldViolation(path, "is required"))
                if rules.HasField("min_len") and 0 < len(value) < rules.min_len:
                    out.append(FieldViolation(path, f"must have at least {rules.min_len} items"))
                if rules.HasField("max_len") and len(value) > rules.max_len:
                    out.append(FieldViolation(path, f"must have at most {rules.max_len} items"))
            if _is_map(field):
                continue
            for index, item in enumerate(value):
                _check_value(field_plan, item, f"{path}[{index}]", out)
            continue
        present = message.HasField(field.name) if field.has_presence else bool(value)
        if not present:
            if rules is not None and rules.required:
                out.append(FieldViolation(path, "is required"))
            continue
        _check_value(field_plan, value, path, out)


# Where a value to check can sit in a message: a string field, a repeated one, a message (or messages) that
# may hold one, or a map whose keys or values may.
_TEXT, _TEXTS, _MESSAGE, _MESSAGES, _MAP = range(5)
_NUL = "\x00"
_NUL_DESCRIPTION = "must not contain NUL characters (U+0000)"

# Timestamps and durations the protobuf runtime (and datetime) can represent: anything else made
# `ToDatetime()` raise ValueError in a handler (INTERNAL).
_TIMESTAMP_SECONDS = (-62_135_596_800, 253_402_300_799)  # 0001-01-01 .. 9999-12-31 UTC
_DURATION_SECONDS = 315_576_000_000  # 10,000 years
_NANOS = 999_999_999


def _timestamp_problem(value: Any) -> str | None:
    low, high = _TIMESTAMP_SECONDS
    if not low <= value.seconds <= high or not 0 <= value.nanos <= _NANOS:
        return "must be a timestamp between years 1 and 9999 (nanos 0 to 999999999)"
    return None


def _duration_problem(value: Any) -> str | None:
    seconds, nanos = value.seconds, value.nanos
    if abs(seconds) > _DURATION_SECONDS or abs(nanos) > _NANOS or (seconds * nanos < 0):
        return "must be a duration within 10000 years (nanos with the sign of seconds)"
    return None


_WELL_KNOWN: dict[str, Callable[[Any], str | None]] = {
    "google.protobuf.Timestamp": _timestamp_problem,
    "google.protobuf.Duration": _duration_problem,
}


@dataclass(frozen=True, slots=True)
class _WalkField:
    name: str
    kind: int
    key_is_text: bool = False  # maps only
    value_kind: int | None = None  # maps only: _TEXT, _MESSAGE or None (values hold nothing to check)


@cache
def _worth_walking(descriptor: Descriptor, visiting: frozenset[str] = frozenset()) -> bool:
    """Whether a message of this type can contain a string, timestamp or duration (cycles add nothing)."""
    if descriptor.full_name in _WELL_KNOWN:
        return True
    visiting = visiting | {descriptor.full_name}
    for field in descriptor.fields:
        if field.type == FieldDescriptor.TYPE_STRING:
            return True
        if (
            field.type == FieldDescriptor.TYPE_MESSAGE
            and field.message_type.full_name not in visiting
            and _worth_walking(field.message_type, visiting)
        ):
            return True
    return False


@cache
def _walk_fields(descriptor: Descriptor) -> dict[str, _WalkField]:
    """The fields of a message type through which a value to check can be reached, by name, once per type."""
    found: dict[str, _WalkField] = {}
    for field in descriptor.fields:
        if field.type == FieldDescriptor.TYPE_STRING:
            found[field.name] = _WalkField(field.name, _TEXTS if _is_repeated(field) else _TEXT)
        elif field.type != FieldDescriptor.TYPE_MESSAGE or not _worth_walking(field.message_type):
            continue
        elif _is_map(field):
            key, value = field.message_type.fields_by_name["key"], field.message_type.fields_by_name["value"]
            value_kind = None
            if value.type == FieldDescriptor.TYPE_STRING:
                value_kind = _TEXT
            elif value.type == FieldDescriptor.TYPE_MESSAGE and _worth_walking(value.message_type):
                value_kind = _MESSAGE
            found[field.name] = _WalkField(field.name, _MAP, key.type == FieldDescriptor.TYPE_STRING, value_kind)
        else:
            found[field.name] = _WalkField(field.name, _MESSAGES if _is_repeated(field) else _MESSAGE)
    return found


def _map_path(path: str, key: Any) -> str:
    # JSON quoting keeps a hostile key (NUL, quotes, newlines) readable and unambiguous in the path.
    return f"{path}[{json.dumps(key) if isinstance(key, str) else key}]"


def _check_values(message: Message, path: str, out: list[FieldViolation]) -> None:
    """Report every string holding NUL (PostgreSQL text cannot store it; asyncpg raises) and every
    timestamp or duration out of the representable range."""
    well_known = _WELL_KNOWN.get(message.DESCRIPTOR.full_name)
    if well_known is not None:
        problem = well_known(message)
        if problem:
            out.append(FieldViolation(path, problem))
        return
    walk = _walk_fields(message.DESCRIPTOR)
    if not walk:
        return
    prefix = f"{path}." if path else ""
    # ListFields yields only the fields that are set (in C): a sparse request costs its set fields only.
    for field, value in message.ListFields():
        walk_field = walk.get(field.name)
        if walk_field is None:
            continue
        field_path = prefix + field.name
        kind = walk_field.kind
        if kind == _TEXT:
            if _NUL in value:
                out.append(FieldViolation(field_path, _NUL_DESCRIPTION))
        elif kind == _TEXTS:
            for index, item in enumerate(value):
                if _NUL in item:
                    out.append(FieldViolation(f"{field_path}[{index}]", _NUL_DESCRIPTION))
        elif kind == _MESSAGE:
            _check_values(value, field_path, out)
        elif kind == _MESSAGES:
            for index, item in enumerate(value):
                _check_values(item, f"{field_path}[{index}]", out)
        else:
            for key, item in value.items():
                if walk_field.key_is_text and _NUL in key:
                    out.append(FieldViolation(_map_path(field_path, key), _NUL_DESCRIPTION))
                if walk_field.value_kind == _TEXT and _NUL in item:
                    out.append(FieldViolation(_map_path(field_path, key), _NUL_DESCRIPTION))
                elif walk_field.value_kind == _MESSAGE:
                    _check_values(item, _map_path(field_path, key), out)


def validate(message: Message) -> list[FieldViolation]:
    """Every violation of the declared rules in `message`, in field order, then every string holding NUL and
    every timestamp or duration out of range."""
    plan = _plan(message.DESCRIPTOR)
    violations: list[FieldViolation] = []
    if plan is not None:
        _check_message(plan, message, "", violations)
    _check_values(message, "", violations)
    return violations


class ValidationInterceptor(AsyncServerInterceptor):
    """Rejects requests that break their declared rules with INVALID_ARGUMENT and a BadRequest detail.

    Requests whose bytes did not decode (`UndecodableRequest`) are INVALID_ARGUMENT too, reason
    MALFORMED_REQUEST.
    """

    def check(self, request: Any) -> None:
        """Raise InvalidArgument naming every broken rule of a request message (streams pass untouched)."""
        if isinstance(request, Message):
            violations = validate(request)
            if violations:
                raise InvalidArgument(violations=violations, reason=ErrorReason.INVALID_REQUEST)
        elif isinstance(request, UndecodableRequest):
            raise InvalidArgument(request.message, reason=ErrorReason.MALFORMED_REQUEST)

    async def intercept(self, method: Any, request: Any, context: grpc.aio.ServicerContext, method_name: str) -> Any:
        self.check(request)
        result = method(request, context)
        if hasattr(result, "__aiter__"):
            return result
        return await result
