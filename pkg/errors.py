"""Domain errors: what service code raises. The error interceptor turns them into gRPC statuses.

Services never import grpc or protobuf; they raise one of these with a message a client developer can
act on, a stable UPPER_SNAKE `reason`, and the domain it comes from (`skillsphere.auth`, ...).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldViolation:
    """One bad field: its path in the request (`user.display_name`) and what is wrong with it."""

    field: str
    description: str


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    default_reason = "ERROR"

    def __init__(
        self,
        message: str,
        *,
        reason: str | None = None,
        domain: str = "skillsphere",
        metadata: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason or self.default_reason
        self.domain = domain
        self.metadata = dict(metadata or {})


class InvalidArgument(DomainError):
    """The request is malformed; `violations` names every bad field."""

    default_reason = "INVALID_ARGUMENT"

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

    default_reason = "NOT_FOUND"


class AlreadyExists(DomainError):
    """The resource the caller tried to create exists already."""

    default_reason = "ALREADY_EXISTS"


class PermissionDenied(DomainError):
    """The caller is known but may not do this."""

    default_reason = "PERMISSION_DENIED"


class Unauthenticated(DomainError):
    """The caller could not be identified: missing, expired or forged credentials."""

    default_reason = "UNAUTHENTICATED"


class FailedPrecondition(DomainError):
    """The system is not in a state where this is allowed (e.g. email not verified)."""

    default_reason = "FAILED_PRECONDITION"


class ResourceExhausted(DomainError):
    """A limit was hit; the caller may retry after `retry_after` seconds."""

    default_reason = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after: float, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = max(retry_after, 0.0)


class Aborted(DomainError):
    """A concurrent change won; the caller should re-read and retry."""

    default_reason = "ABORTED"


class Unavailable(DomainError):
    """A dependency (the database, a provider) is unreachable right now; retrying later may work.

    `retry_after` (seconds), when given, reaches the client as RetryInfo.
    """

    default_reason = "UNAVAILABLE"

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = None if retry_after is None else max(retry_after, 0.0)


class Unimplemented(DomainError):
    """The operation exists in the contract but is not built yet."""

    default_reason = "UNIMPLEMENTED"
