"""SkillService end to end: the shipped catalog, admin edits and the proposal flow, user skills, search,
suggestions, related skills and trending, through the generated stubs over a real channel to the shared
server and its real PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import grpc
import pytest
from google.protobuf.field_mask_pb2 import FieldMask
from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from internal.app import Application
from tests.support.rpc import bad_fields, bearer, details, fails

DOMAIN = "skillsphere.skill"
OFFERED, WANTED = skill_pb2.USER_SKILL_KIND_OFFERED, skill_pb2.USER_SKILL_KIND_WANTED
ADMIN = ("learner", "admin")


@pytest.fixture(scope="module")
def skills(channel: grpc.aio.Channel) -> skill_pb2_grpc.SkillServiceStub:
    return skill_pb2_grpc.SkillServiceStub(channel)


@pytest.fixture(scope="module")
def admin(token_for: Callable[..., str]) -> tuple[tuple[str, str], ...]:
    return bearer(token_for(str(uuid.uuid4()), ADMIN))


async def new_user(channel: grpc.aio.Channel, token_for: Callable[..., str], name: str = "Ada") -> tuple[str, tuple]:
    """A signed-in account with a public profile: (user id, call metadata)."""
    user_id = str(uuid.uuid4())
    metadata = bearer(token_for(user_id))
    await user_pb2_grpc.UserServiceStub(channel).CreateUser(
        user_pb2.CreateUserRequest(
            user=user_pb2.User(
                display_name=name, time_zone="Europe/Berlin", visibility=user_pb2.PROFILE_VISIBILITY_PUBLIC
            )
        ),
        metadata=metadata,
    )
    return user_id, metadata


async def skill_named(skills: skill_pb2_grpc.SkillServiceStub, name: str) -> skill_pb2.Skill:
    """The catalog skill whose name is exactly `name` (found through search)."""
    found = await skills.SearchSkills(skill_pb2.SearchSkillsRequest(query=name, page_size=10))
    for result in found.results:
        if result.skill.name == name:
            return result.skill
    raise AssertionError(f"{name} not in the catalog: {[r.skill.name for r in found.results]}")


async def a_category(skills: skill_pb2_grpc.SkillServiceStub) -> skill_pb2.Category:
    listed = await skills.ListCategories(skill_pb2.ListCategoriesRequest(page_size=100))
    return next(c for c in listed.categories if c.parent_id == "")


def unique(label: str) -> str:
    return f"{label} {uuid.uuid4().hex[:8]}"


# ------------------------------------------------------------------------------------------ the catalog


async def test_shipped_catalog_has_at_least_300_skills_in_15_categories(
    skills: skill_pb2_grpc.SkillServiceStub,
) -> None:
    categories = await skills.ListCategories(skill_pb2.ListCategoriesRequest(page_size=200))
    roots = [c for c in categories.categories if not c.parent_id]
    assert len(categories.categories) >= 15
    seen, token = 0, ""
    while True:
        page = await skills.ListSkills(skill_pb2.ListSkillsRequest(page_size=100, page_token=token))
        seen += len(page.skills)
        assert all(s.status == skill_pb2.SKILL_STATUS_APPROVED for s in page.skills)
        token = page.next_page_token
        if not token:
            break
    assert seen >= 300
    # Category counts cover their subtree: the roots together hold every approved skill.
    assert sum(c.skill_count for c in roots) >= 300


async def test_list_categories_is_depth_first_and_get_category_returns_ancestors(
    skills: skill_pb2_grpc.SkillServiceStub,
) -> None:
    listed = (await skills.ListCategories(skill_pb2.ListCategoriesRequest(page_size=200))).categories
    position = {c.id: i for i, c in enumerate(listed)}
    for category in listed:
        if category.parent_id:
            assert position[category.parent_id] < position[category.id]
    child = next(c for c in listed if c.parent_id)  # the shipped tree has sub-categories
    detail = await skills.GetCategory(skill_pb2.GetCategoryRequest(category_id=child.id))
    assert [a.id for a in detail.ancestors] == list(child.ancestor_ids) and detail.ancestors
    children = await skills.ListCategories(skill_pb2.ListCategoriesRequest(parent_id=child.parent_id))
    assert child.id in {c.id for c in children.categories}
    assert all(c.parent_id == child.parent_id for c in children.categories)
    await fails(
        skills.GetCategory(skill_pb2.GetCategoryRequest(category_id=str(uuid.uuid4()))),
        grpc.StatusCode.NOT_FOUND,
        "CATEGORY_NOT_FOUND",
        DOMAIN,
    )


async def test_list_skills_paginates_by_name_without_repeats(skills: skill_pb2_grpc.SkillServiceStub) -> None:
    names: list[str] = []
    token = ""
    for _ in range(3):
        page = await skills.ListSkills(skill_pb2.ListSkillsRequest(page_size=25, page_token=token))
        names += [s.name for s in page.skills]
        token = page.next_page_token
    assert len(names) == 75 == len(set(names))
    assert names == sorted(names, key=str.lower)
    await fails(
        skills.ListSkills(skill_pb2.ListSkillsRequest(page_size=25, page_token=token[:-2] + "xx")),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    # A token is bound to the query it came from.
    await fails(
        skills.ListSkills(skill_pb2.ListSkillsRequest(page_size=25, page_token=token, tag="frontend")),
        grpc.StatusCode.INVALID_ARGUMENT,
    )


async def test_non_admins_may_not_list_other_statuses(
    skills: skill_pb2_grpc.SkillServiceStub, token_for: Callable[..., str]
) -> None:
    await fails(
        skills.ListSkills(
            skill_pb2.ListSkillsRequest(status=skill_pb2.SKILL_STATUS_PROPOSED),
            metadata=bearer(token_for(str(uuid.uuid4()))),
        ),
        grpc.StatusCode.PERMISSION_DENIED,
    )


async def test_admin_creates_updates_and_deletes_a_skill(
    skills: skill_pb2_grpc.SkillServiceStub, admin: tuple, token_for: Callable[..., str]
) -> None:
    category = await a_category(skills)
    name = unique("Quantum Knitting")
    created = (
        await skills.CreateSkill(
            skill_pb2.CreateSkillRequest(
                skill=skill_pb2.Skill(
                    name=name, category_id=category.id, tags=["Craft", "craft"], aliases=[name + " QK"]
                )
            ),
            metadata=admin,
        )
    ).skill
    assert created.status == skill_pb2.SKILL_STATUS_APPROVED
    assert list(created.tags) == ["craft"]
    assert created.slug.startswith("quantum-knitting")
    got = (await skills.GetSkill(skill_pb2.GetSkillRequest(skill_id=created.id))).skill
    assert got.name == name

    # Only masked fields change.
    updated = (
        await skills.UpdateSkill(
            skill_pb2.UpdateSkillRequest(
                skill=skill_pb2.Skill(id=created.id, description="Knitting in superposition.", name="ignored"),
                update_mask=FieldMask(paths=["description"]),
            ),
            metadata=admin,
        )
    ).skill
    assert updated.description == "Knitting in superposition." and updated.name == name

    error = await fails(
        skills.UpdateSkill(
            skill_pb2.UpdateSkillRequest(
                skill=skill_pb2.Skill(id=created.id), update_mask=FieldMask(paths=["slug", "description"])
            ),
            metadata=admin,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "UPDATE_MASK_INVALID",
    )
    assert bad_fields(error) == {"update_mask.paths[0]"}

    member = bearer(token_for(str(uuid.uuid4())))
    await fails(
        skills.DeleteSkill(skill_pb2.DeleteSkillRequest(skill_id=created.id), metadata=member),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await skills.DeleteSkill(skill_pb2.DeleteSkillRequest(skill_id=created.id), metadata=admin)
    await fails(skills.GetSkill(skill_pb2.GetSkillRequest(skill_id=created.id)), grpc.StatusCode.NOT_FOUND)
    deleted = (await skills.GetSkill(skill_pb2.GetSkillRequest(skill_id=created.id), metadata=admin)).skill
    assert deleted.HasField("delete_time")
    await fails(
        skills.DeleteSkill(skill_pb2.DeleteSkillRequest(skill_id=created.id), metadata=admin),
        grpc.StatusCode.NOT_FOUND,
        "SKILL_NOT_FOUND",
    )


async def test_a_name_or_alias_is_unique_case_insensitively(
    skills: skill_pb2_grpc.SkillServiceStub, admin: tuple
) -> None:
    category = await a_category(skills)
    javascript = await skill_named(skills, "JavaScript")
    error = await fails(
        skills.CreateSkill(
            skill_pb2.CreateSkillRequest(skill=skill_pb2.Skill(name="  javascript ", category_id=category.id)),
            metadata=admin,
        ),
        grpc.StatusCode.ALREADY_EXISTS,
        "SKILL_NAME_TAKEN",
        DOMAIN,
    )
    assert details(error)["ErrorInfo"].metadata["skill_id"] == javascript.id
    # An alias of another skill counts as taken too ("JS" is JavaScript's).
    await fails(
        skills.CreateSkill(
            skill_pb2.CreateSkillRequest(
                skill=skill_pb2.Skill(name=unique("Jotted Scripts"), aliases=["js"], category_id=category.id)
            ),
            metadata=admin,
        ),
        grpc.StatusCode.ALREADY_EXISTS,
        "SKILL_NAME_TAKEN",
    )
    await fails(
        skills.CreateSkill(
            skill_pb2.CreateSkillRequest(skill=skill_pb2.Skill(name=unique("Orphan"), category_id=str(uuid.uuid4()))),
            metadata=admin,
        ),
        grpc.StatusCode.NOT_FOUND,
        "CATEGORY_NOT_FOUND",
    )


async def test_bad_fields_are_all_named(skills: skill_pb2_grpc.SkillServiceStub, admin: tuple) -> None:
    error = await fails(
        skills.CreateSkill(
            skill_pb2.CreateSkillRequest(
                skill=skill_pb2.Skill(name="x" * 81, category_id="not-a-uuid", description="d" * 2001)
            ),
            metadata=admin,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert {"skill.name", "skill.category_id", "skill.description"} <= bad_fields(error)


async def test_proposal_is_private_until_approved_then_public(
    skills: skill_pb2_grpc.SkillServiceStub, admin: tuple, token_for: Callable[..., str]
) -> None:
    category = await a_category(skills)
    proposer_id = str(uuid.uuid4())
    proposer = bearer(token_for(proposer_id))
    stranger = bearer(token_for(str(uuid.uuid4())))
    proposed = (
        await skills.ProposeSkill(
            skill_pb2.ProposeSkillRequest(
                name=unique("Sourdough Lamination"), category_id=category.id, justification="Bakers ask for it."
            ),
            metadata=proposer,
        )
    ).skill
    assert proposed.status == skill_pb2.SKILL_STATUS_PROPOSED
    assert proposed.proposer_user_id == proposer_id
    await skills.GetSkill(skill_pb2.GetSkillRequest(skill_id=proposed.id), metadata=proposer)
    await fails(
        skills.GetSkill(skill_pb2.GetSkillRequest(skill_id=proposed.id), metadata=stranger), grpc.StatusCode.NOT_FOUND
    )
    mine = await skills.ListSkills(
        skill_pb2.ListSkillsRequest(status=skill_pb2.SKILL_STATUS_PROPOSED, proposer_user_id=proposer_id),
        metadata=proposer,
    )
    assert [s.id for s in mine.skills] == [proposed.id]

    await fails(
        skills.ApproveSkill(skill_pb2.ApproveSkillRequest(skill_id=proposed.id), metadata=proposer),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    approved = (await skills.ApproveSkill(skill_pb2.ApproveSkillRequest(skill_id=proposed.id), metadata=admin)).skill
    assert approved.status == skill_pb2.SKILL_STATUS_APPROVED
    await skills.GetSkill(skill_pb2.GetSkillRequest(skill_id=proposed.id), metadata=stranger)
    await fails(
        skills.ApproveSkill(skill_pb2.ApproveSkillRequest(skill_id=proposed.id), metadata=admin),
        grpc.StatusCode.FAILED_PRECONDITION,
        "SKILL_NOT_PROPOSED",
    )


async def test_rejected_proposal_points_at_the_duplicate_and_frees_the_name(
    skills: skill_pb2_grpc.SkillServiceStub, admin: tuple, token_for: Callable[..., str]
) -> None:
    category = await a_category(skills)
    python = await skill_named(skills, "Python")
    proposer = bearer(token_for(str(uuid.uuid4())))
    name = unique("Snake Language")
    proposed = (
        await skills.ProposeSkill(skill_pb2.ProposeSkillRequest(name=name, category_id=category.id), metadata=proposer)
    ).skill
    # A pending proposal holds its name.
    await fails(
        skills.ProposeSkill(skill_pb2.ProposeSkillRequest(name=name, category_id=category.id), metadata=proposer),
        grpc.StatusCode.ALREADY_EXISTS,
        "SKILL_NAME_TAKEN",
    )
    await fails(
        skills.RejectSkill(
            skill_pb2.RejectSkillRequest(
                skill_id=proposed.id, review_note="Duplicate.", duplicate_of_skill_id=str(uuid.uuid4())
            ),
            metadata=admin,
        ),
        grpc.StatusCode.NOT_FOUND,
    )
    rejected = (
        await skills.RejectSkill(
            skill_pb2.RejectSkillRequest(
                skill_id=proposed.id, review_note="Duplicate.", duplicate_of_skill_id=python.id
            ),
            metadata=admin,
        )
    ).skill
    assert rejected.status == skill_pb2.SKILL_STATUS_REJECTED
    assert rejected.duplicate_of_skill_id == python.id and rejected.review_note == "Duplicate."
    # The proposer still sees the verdict; the name is free again.
    seen = (await skills.GetSkill(skill_pb2.GetSkillRequest(skill_id=proposed.id), metadata=proposer)).skill
    assert seen.status == skill_pb2.SKILL_STATUS_REJECTED
    again = await skills.ProposeSkill(
        skill_pb2.ProposeSkillRequest(name=name, category_id=category.id), metadata=proposer
    )
    assert again.skill.id != proposed.id


async def test_more_than_ten_proposals_a_day_are_refused(
    skills: skill_pb2_grpc.SkillServiceStub, token_for: Callable[..., str]
) -> None:
    category = await a_category(skills)
    proposer = bearer(token_for(str(uuid.uuid4())))
    for index in range(10):
        await skills.ProposeSkill(
            skill_pb2.ProposeSkillRequest(name=unique(f"Idea {index}"), category_id=category.id), metadata=proposer
        )
    error = await fails(
        skills.ProposeSkill(
            skill_pb2.ProposeSkillRequest(name=unique("Idea 11"), category_id=category.id), metadata=proposer
        ),
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "RATE_LIMITED",
    )
    assert "RetryInfo" in details(error)


async def test_list_tags_counts_approved_skills(skills: skill_pb2_grpc.SkillServiceStub) -> None:
    tags = (await skills.ListTags(skill_pb2.ListTagsRequest(page_size=20))).tags
    assert tags and all(t.skill_count > 0 for t in tags)
    assert [t.skill_count for t in tags] == sorted((t.skill_count for t in tags), reverse=True)
    prefixed = (await skills.ListTags(skill_pb2.ListTagsRequest(prefix=tags[0].name[:2]))).tags
    assert all(t.name.startswith(tags[0].name[:2]) for t in prefixed)


# ------------------------------------------------------------------------------------------ user skills


async def test_user_skills_add_list_update_remove(
    channel: grpc.aio.Channel, skills: skill_pb2_grpc.SkillServiceStub, token_for: Callable[..., str]
) -> None:
    user_id, me = await new_user(channel, token_for)
    python, rust = await skill_named(skills, "Python"), await skill_named(skills, "Rust")
    added = (
        await skills.AddUserSkill(
            skill_pb2.AddUserSkillRequest(
                user_id=user_id,
                skill_id=python.id,
                kind=OFFERED,
                proficiency=skill_pb2.PROFICIENCY_LEVEL_EXPERT,
                years_of_experience=9,
                description="Data pipelines.",
            ),
            metadata=me,
        )
    ).user_skill
    assert (added.skill_name, added.kind, added.proficiency) == ("Python", OFFERED, 5)
    await skills.AddUserSkill(
        skill_pb2.AddUserSkillRequest(user_id=user_id, skill_id=rust.id, kind=WANTED, proficiency=1), metadata=me
    )
    # The same skill may be both offered and wanted, but not twice of one kind.
    await skills.AddUserSkill(
        skill_pb2.AddUserSkillRequest(user_id=user_id, skill_id=python.id, kind=WANTED, proficiency=5), metadata=me
    )
    await fails(
        skills.AddUserSkill(
            skill_pb2.AddUserSkillRequest(user_id=user_id, skill_id=python.id, kind=OFFERED, proficiency=3),
            metadata=me,
        ),
        grpc.StatusCode.ALREADY_EXISTS,
        "USER_SKILL_EXISTS",
        DOMAIN,
    )

    listed = (await skills.ListUserSkills(skill_pb2.ListUserSkillsRequest(user_id=user_id))).user_skills
    assert [(s.skill_name, s.kind) for s in listed] == [("Python", OFFERED), ("Python", WANTED), ("Rust", WANTED)]
    wanted = (await skills.ListUserSkills(skill_pb2.ListUserSkillsRequest(user_id=user_id, kind=WANTED))).user_skills
    assert {s.skill_name for s in wanted} == {"Python", "Rust"}
    first = await skills.ListUserSkills(skill_pb2.ListUserSkillsRequest(user_id=user_id, page_size=2))
    rest = await skills.ListUserSkills(
        skill_pb2.ListUserSkillsRequest(user_id=user_id, page_size=2, page_token=first.next_page_token)
    )
    assert [s.id for s in [*first.user_skills, *rest.user_skills]] == [s.id for s in listed]

    updated = (
        await skills.UpdateUserSkill(
            skill_pb2.UpdateUserSkillRequest(
                user_skill=skill_pb2.UserSkill(id=added.id, proficiency=4, description="ignored"),
                update_mask=FieldMask(paths=["proficiency"]),
            ),
            metadata=me,
        )
    ).user_skill
    assert updated.proficiency == 4 and updated.description == "Data pipelines."
    await fails(
        skills.UpdateUserSkill(
            skill_pb2.UpdateUserSkillRequest(
                user_skill=skill_pb2.UserSkill(id=added.id), update_mask=FieldMask(paths=["proficiency"])
            ),
            metadata=me,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "PROFICIENCY_INVALID",
    )
    await fails(
        skills.UpdateUserSkill(
            skill_pb2.UpdateUserSkillRequest(
                user_skill=skill_pb2.UserSkill(id=added.id, kind=WANTED), update_mask=FieldMask(paths=["kind"])
            ),
            metadata=me,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "UPDATE_MASK_INVALID",
    )

    await skills.RemoveUserSkill(skill_pb2.RemoveUserSkillRequest(user_skill_id=added.id), metadata=me)
    await fails(
        skills.RemoveUserSkill(skill_pb2.RemoveUserSkillRequest(user_skill_id=added.id), metadata=me),
        grpc.StatusCode.NOT_FOUND,
        "USER_SKILL_NOT_FOUND",
    )
    remaining = (await skills.ListUserSkills(skill_pb2.ListUserSkillsRequest(user_id=user_id))).user_skills
    assert added.id not in {s.id for s in remaining}


async def test_proficiency_outside_the_scale_is_refused(
    channel: grpc.aio.Channel, skills: skill_pb2_grpc.SkillServiceStub, token_for: Callable[..., str]
) -> None:
    user_id, me = await new_user(channel, token_for)
    python = await skill_named(skills, "Python")
    for level in (0, 6):
        error = await fails(
            skills.AddUserSkill(
                skill_pb2.AddUserSkillRequest(user_id=user_id, skill_id=python.id, kind=OFFERED, proficiency=level),  # type: ignore[arg-type]
                metadata=me,
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
        )
        assert "proficiency" in bad_fields(error)


async def test_someone_elses_skills_are_theirs_alone_but_an_admin_may_edit(
    channel: grpc.aio.Channel, skills: skill_pb2_grpc.SkillServiceStub, token_for: Callable[..., str], admin: tuple
) -> None:
    owner_id, owner = await new_user(channel, token_for, "Owner")
    _, other = await new_user(channel, token_for, "Other")
    go = await skill_named(skills, "Go")
    await fails(
        skills.AddUserSkill(
            skill_pb2.AddUserSkillRequest(user_id=owner_id, skill_id=go.id, kind=OFFERED, proficiency=3), metadata=other
        ),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    held = (
        await skills.AddUserSkill(
            skill_pb2.AddUserSkillRequest(user_id=owner_id, skill_id=go.id, kind=OFFERED, proficiency=3), metadata=owner
        )
    ).user_skill
    await fails(
        skills.RemoveUserSkill(skill_pb2.RemoveUserSkillRequest(user_skill_id=held.id), metadata=other),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await fails(
        skills.UpdateUserSkill(
            skill_pb2.UpdateUserSkillRequest(
                user_skill=skill_pb2.UserSkill(id=held.id, proficiency=1), update_mask=FieldMask(paths=["proficiency"])
            ),
            metadata=other,
        ),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await skills.RemoveUserSkill(skill_pb2.RemoveUserSkillRequest(user_skill_id=held.id), metadata=admin)


async def test_unknown_or_unapproved_skills_cannot_be_added(
    channel: grpc.aio.Channel,
    skills: skill_pb2_grpc.SkillServiceStub,
    token_for: Callable[..., str],
) -> None:
    user_id, me = await new_user(channel, token_for)
    category = await a_category(skills)
    proposed = (
        await skills.ProposeSkill(
            skill_pb2.ProposeSkillRequest(name=unique("Unreviewed"), category_id=category.id), metadata=me
        )
    ).skill
    for skill_id in (str(uuid.uuid4()), proposed.id):
        await fails(
            skills.AddUserSkill(
                skill_pb2.AddUserSkillRequest(user_id=user_id, skill_id=skill_id, kind=OFFERED, proficiency=2),
                metadata=me,
            ),
            grpc.StatusCode.NOT_FOUND,
            "SKILL_NOT_FOUND",
        )
    # A user without a profile cannot hold skills.
    ghost_id = str(uuid.uuid4())
    python = await skill_named(skills, "Python")
    await fails(
        skills.AddUserSkill(
            skill_pb2.AddUserSkillRequest(user_id=ghost_id, skill_id=python.id, kind=OFFERED, proficiency=2),
            metadata=bearer(token_for(ghost_id)),
        ),
        grpc.StatusCode.NOT_FOUND,
        "USER_NOT_FOUND",
    )
    await fails(skills.ListUserSkills(skill_pb2.ListUserSkillsRequest(user_id=ghost_id)), grpc.StatusCode.NOT_FOUND)


async def test_user_skills_need_a_signed_in_caller(skills: skill_pb2_grpc.SkillServiceStub) -> None:
    await fails(
        skills.AddUserSkill(
            skill_pb2.AddUserSkillRequest(
                user_id=str(uuid.uuid4()), skill_id=str(uuid.uuid4()), kind=OFFERED, proficiency=2
            )
        ),
        grpc.StatusCode.UNAUTHENTICATED,
    )


# -------------------------------------------------------------------------------- search and discovery


@pytest.mark.parametrize(
    ("query", "expected"),
    [("pyhton", "Python"), ("JS", "JavaScript"), ("javascirpt", "JavaScript"), ("kubernetes", "Kubernetes")],
)
async def test_search_is_typo_tolerant_and_alias_aware(
    skills: skill_pb2_grpc.SkillServiceStub, query: str, expected: str
) -> None:
    found = await skills.SearchSkills(skill_pb2.SearchSkillsRequest(query=query, page_size=5))
    assert found.results, query
    assert found.results[0].skill.name == expected, [(r.skill.name, r.score) for r in found.results]
    assert 0 < found.results[0].score <= 1


async def test_search_ranks_full_text_matches_and_paginates(skills: skill_pb2_grpc.SkillServiceStub) -> None:
    first = await skills.SearchSkills(skill_pb2.SearchSkillsRequest(query="data", page_size=3))
    assert len(first.results) == 3 and first.next_page_token
    scores = [r.score for r in first.results]
    assert scores == sorted(scores, reverse=True)
    second = await skills.SearchSkills(
        skill_pb2.SearchSkillsRequest(query="data", page_size=3, page_token=first.next_page_token)
    )
    assert not {r.skill.id for r in first.results} & {r.skill.id for r in second.results}
    assert second.results[0].score <= first.results[-1].score


async def test_search_filters_by_category_subtree(skills: skill_pb2_grpc.SkillServiceStub) -> None:
    python = await skill_named(skills, "Python")
    inside = await skills.SearchSkills(skill_pb2.SearchSkillsRequest(query="python", category_id=python.category_id))
    assert python.id in {r.skill.id for r in inside.results}
    home = await skills.GetCategory(skill_pb2.GetCategoryRequest(category_id=python.category_id))
    root = home.ancestors[0].id if home.ancestors else python.category_id
    # The root category holds Python through its subtree; another root does not.
    within_root = await skills.SearchSkills(skill_pb2.SearchSkillsRequest(query="python", category_id=root))
    assert python.id in {r.skill.id for r in within_root.results}
    other = next(
        c
        for c in (await skills.ListCategories(skill_pb2.ListCategoriesRequest(page_size=200))).categories
        if not c.parent_id and c.id != root
    )
    outside = await skills.SearchSkills(skill_pb2.SearchSkillsRequest(query="python", category_id=other.id))
    assert python.id not in {r.skill.id for r in outside.results}
    await fails(
        skills.SearchSkills(skill_pb2.SearchSkillsRequest(query="python", category_id=str(uuid.uuid4()))),
        grpc.StatusCode.NOT_FOUND,
        "CATEGORY_NOT_FOUND",
    )


async def test_suggestions_complete_prefixes_and_aliases(skills: skill_pb2_grpc.SkillServiceStub) -> None:
    typed = await skills.SuggestSkills(skill_pb2.SuggestSkillsRequest(prefix="Pyt", limit=5))
    assert "Python" in [s.name for s in typed.suggestions]
    assert len(typed.suggestions) <= 5
    by_alias = await skills.SuggestSkills(skill_pb2.SuggestSkillsRequest(prefix="js"))
    assert "JavaScript" in [s.name for s in by_alias.suggestions]
    error = await fails(
        skills.SuggestSkills(skill_pb2.SuggestSkillsRequest(prefix="py", limit=21)), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert bad_fields(error) == {"limit"}


async def test_related_skills_come_from_people_who_hold_both(
    channel: grpc.aio.Channel, skills: skill_pb2_grpc.SkillServiceStub, token_for: Callable[..., str]
) -> None:
    haskell, elixir = await skill_named(skills, "Haskell"), await skill_named(skills, "Elixir")
    for _ in range(3):
        user_id, me = await new_user(channel, token_for)
        for skill in (haskell, elixir):
            await skills.AddUserSkill(
                skill_pb2.AddUserSkillRequest(user_id=user_id, skill_id=skill.id, kind=OFFERED, proficiency=3),
                metadata=me,
            )
    related = (await skills.GetRelatedSkills(skill_pb2.GetRelatedSkillsRequest(skill_id=haskell.id))).related_skills
    by_id = {r.skill.id: r for r in related}
    assert elixir.id in by_id
    assert by_id[elixir.id].reason in (skill_pb2.RELATION_REASON_CO_OCCURRENCE, skill_pb2.RELATION_REASON_BOTH)
    assert [r.score for r in related] == sorted((r.score for r in related), reverse=True)
    await fails(
        skills.GetRelatedSkills(skill_pb2.GetRelatedSkillsRequest(skill_id=str(uuid.uuid4()))),
        grpc.StatusCode.NOT_FOUND,
    )


async def test_trending_ranks_skills_people_add_and_search(
    channel: grpc.aio.Channel,
    server: Application,
    skills: skill_pb2_grpc.SkillServiceStub,
    token_for: Callable[..., str],
) -> None:
    svelte = await skill_named(skills, "Svelte")
    for _ in range(4):
        user_id, me = await new_user(channel, token_for)
        await skills.AddUserSkill(
            skill_pb2.AddUserSkillRequest(user_id=user_id, skill_id=svelte.id, kind=WANTED, proficiency=1), metadata=me
        )
    for _ in range(3):
        await skills.SearchSkills(skill_pb2.SearchSkillsRequest(query="svelte"))
    assert server.skills is not None
    await server.skills.refresh_trending()  # what the periodic `skill.refresh_trending` job runs

    trending = await skills.GetTrendingSkills(
        skill_pb2.GetTrendingSkillsRequest(window=skill_pb2.TRENDING_WINDOW_DAY, page_size=5)
    )
    assert trending.HasField("compute_time")
    entry = next(t for t in trending.skills if t.skill.id == svelte.id)
    assert entry.new_user_skill_count >= 4 and entry.search_count >= 3
    assert [t.rank for t in trending.skills] == list(range(1, len(trending.skills) + 1))
    assert entry.skill.wanted_user_count >= 4  # user counts are refreshed by the same job
    within = await skills.GetTrendingSkills(
        skill_pb2.GetTrendingSkillsRequest(window=skill_pb2.TRENDING_WINDOW_DAY, category_id=svelte.category_id)
    )
    assert svelte.id in {t.skill.id for t in within.skills}
    assert all(t.skill.category_id for t in within.skills)


async def test_related_skills_include_skills_close_in_meaning(
    server: Application, skills: skill_pb2_grpc.SkillServiceStub
) -> None:
    assert server.skills is not None
    await server.skills.embed_stale_skills()  # what the periodic `skill.embed_backfill` job runs
    # Nobody holds Cobol in this test run, so every related skill comes from the embeddings alone.
    cobol = await skill_named(skills, "COBOL")
    related = (
        await skills.GetRelatedSkills(skill_pb2.GetRelatedSkillsRequest(skill_id=cobol.id, limit=5))
    ).related_skills
    assert len(related) == 5
    assert {r.reason for r in related} == {skill_pb2.RELATION_REASON_SIMILAR}
    assert cobol.id not in {r.skill.id for r in related}
    assert all(0 < r.score <= 1 for r in related)


async def test_search_and_list_filter_by_tag(skills: skill_pb2_grpc.SkillServiceStub) -> None:
    tagged = await skills.SearchSkills(skill_pb2.SearchSkillsRequest(query="script", tags=["frontend"]))
    assert tagged.results
    assert all("frontend" in r.skill.tags for r in tagged.results)
    listed = await skills.ListSkills(skill_pb2.ListSkillsRequest(tag="frontend", page_size=100))
    assert listed.skills and all("frontend" in s.tags for s in listed.skills)
    assert {r.skill.id for r in tagged.results} <= {s.id for s in listed.skills}


async def test_user_skill_writes_reach_the_list_users_skill_filter(
    channel: grpc.aio.Channel, skills: skill_pb2_grpc.SkillServiceStub, token_for: Callable[..., str]
) -> None:
    users = user_pb2_grpc.UserServiceStub(channel)
    user_id, me = await new_user(channel, token_for, "Filtered")
    erlang = await skill_named(skills, "Erlang")

    async def listed(min_level: int) -> set[str]:
        request = user_pb2.ListUsersRequest(
            filter=user_pb2.UserFilter(
                skills=[user_pb2.UserSkillFilter(skill_id=erlang.id, kind=OFFERED, min_proficiency=min_level)]  # type: ignore[arg-type]
            )
        )
        return {u.id for u in (await users.ListUsers(request, metadata=me)).users}

    assert user_id not in await listed(1)
    held = (
        await skills.AddUserSkill(
            skill_pb2.AddUserSkillRequest(user_id=user_id, skill_id=erlang.id, kind=OFFERED, proficiency=4),
            metadata=me,
        )
    ).user_skill
    assert user_id in await listed(4)
    await skills.UpdateUserSkill(
        skill_pb2.UpdateUserSkillRequest(
            user_skill=skill_pb2.UserSkill(id=held.id, proficiency=2), update_mask=FieldMask(paths=["proficiency"])
        ),
        metadata=me,
    )
    assert user_id not in await listed(3)
    assert user_id in await listed(2)
    await skills.RemoveUserSkill(skill_pb2.RemoveUserSkillRequest(user_skill_id=held.id), metadata=me)
    assert user_id not in await listed(1)
