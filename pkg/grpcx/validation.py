"""Request validation from the rules declared in the contract (`(skillsphere.common.v1.rules)`).

Rules are compiled once per message type from its descriptor; a request is checked completely and every
violation is reported at once, named by its field path (`user.links[2].url`), so a client can fix a form
in one round trip. Enum fields must also hold a value defined in the contract.
"""

from __future__ import annotations

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

from pkg.errors import FieldViolation, InvalidArgument

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


def validate(message: Message) -> list[FieldViolation]:
    """Every violation of the declared rules in `message`, in field order."""
    plan = _plan(message.DESCRIPTOR)
    violations: list[FieldViolation] = []
    if plan is not None:
        _check_message(plan, message, "", violations)
    return violations


class ValidationInterceptor(AsyncServerInterceptor):
    """Rejects requests that break their declared rules with INVALID_ARGUMENT and a BadRequest detail."""

    def check(self, request: Any) -> None:
        """Raise InvalidArgument naming every broken rule of a request message (streams pass untouched)."""
        if isinstance(request, Message):
            violations = validate(request)
            if violations:
                raise InvalidArgument(violations=violations, reason="INVALID_REQUEST")

    async def intercept(self, method: Any, request: Any, context: grpc.aio.ServicerContext, method_name: str) -> Any:
        self.check(request)
        result = method(request, context)
        if hasattr(result, "__aiter__"):
            return result
        return await result
