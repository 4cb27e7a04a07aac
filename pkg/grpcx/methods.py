"""Names of RPC methods as the interceptors see them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class MethodName:
    """`/skillsphere.auth.v1.AuthService/Login` split into its parts."""

    full: str
    service: str
    method: str

    @property
    def key(self) -> str:
        """`skillsphere.auth.v1.AuthService/Login`: how configuration and policy tables name RPCs."""
        return f"{self.service}/{self.method}"


@lru_cache(maxsize=4096)
def parse_method(full: str) -> MethodName:
    """Split a gRPC path; malformed paths keep the whole string as method name."""
    service, _, method = full.lstrip("/").rpartition("/")
    return MethodName(full=full, service=service or "unknown", method=method)


def metadata_value(metadata: object, key: str) -> str | None:
    """First value of an invocation metadata key (keys arrive lower-case)."""
    for k, v in metadata or ():  # type: ignore[attr-defined]
        if k == key:
            return v if isinstance(v, str) else v.decode()
    return None
