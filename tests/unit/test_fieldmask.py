"""Update masks name only updatable fields; every bad path is reported."""

from __future__ import annotations

import pytest

from pkg.errors import InvalidArgument
from pkg.fieldmask import check_update_mask


def test_paths_are_deduplicated_in_order() -> None:
    assert check_update_mask(["bio", "name", "bio"], ["name", "bio"]) == ["bio", "name"]


def test_an_empty_mask_and_each_unknown_path_are_named() -> None:
    with pytest.raises(InvalidArgument) as empty:
        check_update_mask([], ["name"])
    assert [v.field for v in empty.value.violations] == ["update_mask"]
    with pytest.raises(InvalidArgument) as bad:
        check_update_mask(["name", "id", "email"], ["name"])
    assert [v.field for v in bad.value.violations] == ["update_mask.paths[1]", "update_mask.paths[2]"]
    assert bad.value.reason == "UPDATE_MASK_INVALID" and bad.value.domain == "skillsphere"
