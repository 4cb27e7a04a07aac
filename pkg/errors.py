"""Domain errors: what service code raises. The error interceptor turns them into gRPC statuses.

Services never import grpc or protobuf; they raise one of these with a message a client developer can
act on and a `reason` from their package's `ErrorReason` enum, which the contract declares
(`proto/skillsphere/<domain>/v1/*.proto`) and `make generate` turns into a plain Python enum
(`skillsphere.<domain>.v1.error_reason`). A reason knows its error domain (`skillsphere.auth`, ...) and the
status code the contract promises for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar, Protocol

from skillsphere.common.v1.error_reason import ErrorReason


class Reason(Protocol):
    """A value of a generated `ErrorReason` enum: its name is the wire reason."""

    @property
    def code(self) -> int:
        """The gRPC status code number the contract declares for this reason."""
        ...

    @property
    def domain(self) -> str:
        """The ErrorInfo.domain of the package that declares it."""
        ...


@dataclass(frozen=True, slots=True)
class FieldViolation:
    """One bad field: its path in the request (`user.display_name`) and what is wrong with it."""

    field: str
    description: str


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    # The status code of this class; a reason raised with it must declare the same (tests/unit/test_error_reasons.py).
    grpc_code: ClassVar[int] = 13
    # The platform reason used when none is given; None: every raise must name its reason.
    default_reason: ClassVar[Reason | None] = ErrorReason.INTERNAL

    def __init__(
        self,
        message: str,
        *,
        reason: Reason | None = None,
        metadata: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        chosen = reason if reason is not None else self.default_reason
        if chosen is None:
            raise TypeError(f"{type(self).__name__} needs a reason from the contract's ErrorReason enum")
        self.message = message
        self.reason = str(chosen)
        self.domain, self.code = chosen.domain, chosen.code
        self.metadata = dict(metadata or {})


class InvalidArgument(DomainError):
    """The request is malformed; `violations` names every bad field."""

    grpc_code = 3
    default_reason = ErrorReason.INVALID_ARGUMENT

    def __init__(
        self,
        message: str | None = None,
        *,
        field: str | None = None,
        description: str | None = None,
        violations: Iterable[FieldViolation] = (),
        **kwargs: object,
    ) -> None:
        found = list(violations)
        if field is not None:
            found.append(FieldViolation(field, description or "is invalid"))
        if message is None:
            message = "; ".join(f"{v.field}: {v.description}" for v in found) or "the request is invalid"
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.violations = found


class NotFound(DomainError):
    """The addressed resource does not exist (or the caller may not know it exists)."""

    grpc_code = 5
    default_reason = None


class AlreadyExists(DomainError):
    """The resource the caller tried to create exists already."""

    grpc_code = 6
    default_reason = None


class PermissionDenied(DomainError):
    """The caller is known but may not do this."""

    grpc_code = 7
    default_reason = None


class Unauthenticated(DomainError):
    """The caller could not be identified: missing, expired or forged credentials."""

    grpc_code = 16
    default_reason = None


class FailedPrecondition(DomainError):
    """The system is not in a state where this is allowed (e.g. email not verified)."""

    grpc_code = 9
    default_reason = None


class ResourceExhausted(DomainError):
    """A limit was hit; the caller may retry after `retry_after` seconds."""

    grpc_code = 8
    default_reason = ErrorReason.RATE_LIMITED

    def __init__(self, message: str, *, retry_after: float, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = max(retry_after, 0.0)


class Aborted(DomainError):
    """A concurrent change won; the caller should re-read and retry."""

    grpc_code = 10
    default_reason = None


class Unavailable(DomainError):
    """A dependency (the database, a provider) is unreachable right now; retrying later may work.

    `retry_after` (seconds), when given, reaches the client as RetryInfo.
    """

    grpc_code = 14
    default_reason = ErrorReason.UNAVAILABLE

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = None if retry_after is None else max(retry_after, 0.0)


class Unimplemented(DomainError):
    """The operation exists in the contract but is not built yet."""

    grpc_code = 12
    default_reason = ErrorReason.NOT_IMPLEMENTED
