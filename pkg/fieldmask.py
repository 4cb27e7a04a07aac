"""Update masks: which fields an Update RPC changes (google.protobuf.FieldMask paths, AIP-134)."""

from __future__ import annotations

from collections.abc import Sequence

from skillsphere.common.v1.error_reason import ErrorReason

from pkg.errors import FieldViolation, InvalidArgument


def check_update_mask(paths: Sequence[str], allowed: Sequence[str]) -> list[str]:
    """The mask's paths, deduplicated, in order; INVALID_ARGUMENT (UPDATE_MASK_INVALID) for an empty mask or
    a path that is unknown or read-only, naming each bad path."""
    if not paths:
        raise InvalidArgument(
            field="update_mask",
            description=f"must name at least one of: {', '.join(allowed)}",
            reason=ErrorReason.UPDATE_MASK_INVALID,
        )
    bad = [
        FieldViolation(f"update_mask.paths[{i}]", f"'{p}' cannot be updated; updatable: {', '.join(allowed)}")
        for i, p in enumerate(paths)
        if p not in allowed
    ]
    if bad:
        raise InvalidArgument(
            "; ".join(v.description for v in bad), violations=bad, reason=ErrorReason.UPDATE_MASK_INVALID
        )
    return list(dict.fromkeys(paths))
