"""Domain errors map to status codes with google.rpc details."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
import pytest
from google.rpc import error_details_pb2

from pkg import errors
from pkg.grpcx.errors import status_for


def _unpack(status, kind):  # type: ignore[no-untyped-def]
    for detail in status.details:
        message = kind()
        if detail.Unpack(message):
            return message
    return None


def test_invalid_argument_names_each_field() -> None:
    code, status = status_for(
        errors.InvalidArgument(
            violations=[
                errors.FieldViolation("email", "is required"),
                errors.FieldViolation("name", "too long"),
            ]
        )
    )
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    bad = _unpack(status, error_details_pb2.BadRequest)
    assert [(v.field, v.description) for v in bad.field_violations] == [
        ("email", "is required"),
        ("name", "too long"),
    ]
    assert _unpack(status, error_details_pb2.ErrorInfo).reason == "INVALID_ARGUMENT"


def test_rate_limit_carries_retry_info() -> None:
    code, status = status_for(errors.ResourceExhausted("slow down", retry_after=2.5))
    assert code is grpc.StatusCode.RESOURCE_EXHAUSTED
    retry = _unpack(status, error_details_pb2.RetryInfo)
    assert retry.retry_delay.ToMilliseconds() == 2500
    info = _unpack(status, error_details_pb2.ErrorInfo)
    assert (info.reason, info.domain) == ("RATE_LIMITED", "skillsphere")


@dataclass(frozen=True)
class _Reason:
    """A reason as a generated ErrorReason member looks to pkg.errors: a name, a code and a domain."""

    name: str
    code: int
    domain: str = "skillsphere.test"

    def __str__(self) -> str:
        return self.name


def test_each_domain_error_has_its_code_and_the_reason_travels_in_error_info() -> None:
    cases = {
        errors.NotFound: grpc.StatusCode.NOT_FOUND,
        errors.AlreadyExists: grpc.StatusCode.ALREADY_EXISTS,
        errors.PermissionDenied: grpc.StatusCode.PERMISSION_DENIED,
        errors.Unauthenticated: grpc.StatusCode.UNAUTHENTICATED,
        errors.FailedPrecondition: grpc.StatusCode.FAILED_PRECONDITION,
        errors.Aborted: grpc.StatusCode.ABORTED,
        errors.Unavailable: grpc.StatusCode.UNAVAILABLE,
        errors.Unimplemented: grpc.StatusCode.UNIMPLEMENTED,
    }
    for cls, expected in cases.items():
        assert cls.grpc_code == expected.value[0]
        reason = _Reason("SOME_REASON", expected.value[0])
        code, status = status_for(cls("message", reason=reason, metadata={"k": "v"}))
        assert code is expected
        assert status.code == expected.value[0] and status.message == "message"
        info = _unpack(status, error_details_pb2.ErrorInfo)
        assert (info.reason, info.domain) == ("SOME_REASON", "skillsphere.test") and dict(info.metadata) == {"k": "v"}


def test_the_code_a_reason_declares_in_the_contract_is_the_code_sent() -> None:
    code, _ = status_for(errors.FailedPrecondition("busy", reason=_Reason("BUSY", grpc.StatusCode.ABORTED.value[0])))
    assert code is grpc.StatusCode.ABORTED


def test_errors_without_a_platform_default_need_a_reason() -> None:
    with pytest.raises(TypeError):
        errors.NotFound("gone")
    assert errors.Unavailable("down").reason == "UNAVAILABLE"


def test_statuses_echoing_huge_input_stay_within_the_trailer_limits() -> None:
    """A message or violations echoing client input (a 100 kB field-mask path) must not make the trailers
    exceed what clients accept (8 KiB soft, 16 KiB hard): they would see RESOURCE_EXHAUSTED instead."""
    echoed = "\u00e9" * 100_000
    _, status = status_for(
        errors.InvalidArgument(
            f"'{echoed}' cannot be updated.",
            violations=[errors.FieldViolation(f"labels[{i}]{echoed}", f"bad {echoed}") for i in range(1_000)],
        )
    )
    percent_encoded = sum(1 if 0x20 <= b <= 0x7E and b != 0x25 else 3 for b in status.message.encode())
    assert percent_encoded <= 1536 and status.message.endswith("...")
    assert status.message.startswith("'\u00e9")
    bad = _unpack(status, error_details_pb2.BadRequest)
    assert 1 <= len(bad.field_violations) < 1_000 and bad.field_violations[0].field.startswith("labels[0]")
    assert len(status.SerializeToString()) < 6 * 1024


def test_ordinary_messages_and_violations_are_untouched() -> None:
    message = "display_name: must be at most 80 characters; " * 20  # 900 ASCII characters
    _, status = status_for(errors.InvalidArgument(message, violations=[errors.FieldViolation("a.b[2]", "x")] * 30))
    assert status.message == message
    assert len(_unpack(status, error_details_pb2.BadRequest).field_violations) == 30
