"""MatchingService end to end over real channels: ranking and breakdowns, filters against an exact check,
history once per ranking, dismissals, blocks, privacy, recommendations across two server processes, and the
failure codes of every RPC.

Each test builds its own small world around skills created for it (unique names), so members other tests
create on the shared database never compete with it.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from typing import Any

import grpc
import pytest
from google.protobuf.field_mask_pb2 import FieldMask
from prometheus_client import CollectorRegistry
from skillsphere.common.v1 import common_pb2
from skillsphere.matching.v1 import matching_pb2, matching_pb2_grpc
from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from internal.app import Application
from tests.conftest import make_settings
from tests.e2e.user_helpers import Caller, caller
from tests.support.rpc import bad_fields, details, fails
from tests.support.waiting import eventually

OFFERED, WANTED = skill_pb2.USER_SKILL_KIND_OFFERED, skill_pb2.USER_SKILL_KIND_WANTED
DOMAIN = "skillsphere.matching"


@pytest.fixture(scope="module")
def matching(channel: grpc.aio.Channel) -> matching_pb2_grpc.MatchingServiceStub:
    return matching_pb2_grpc.MatchingServiceStub(channel)


@pytest.fixture(scope="module")
def users(channel: grpc.aio.Channel) -> user_pb2_grpc.UserServiceStub:
    return user_pb2_grpc.UserServiceStub(channel)


@pytest.fixture(scope="module")
def skills(channel: grpc.aio.Channel) -> skill_pb2_grpc.SkillServiceStub:
    return skill_pb2_grpc.SkillServiceStub(channel)


@pytest.fixture
def new(token_for: Callable[..., str]) -> Callable[..., Caller]:
    return lambda *roles: caller(token_for, *roles)


class World:
    """Creates skills and members through the public RPCs."""

    def __init__(self, users: Any, skills: Any, admin: Caller, new: Callable[..., Caller]) -> None:
        self.users, self.skills, self.admin, self.new = users, skills, admin, new

    async def skill(self, label: str) -> str:
        categories = await self.skills.ListCategories(skill_pb2.ListCategoriesRequest(page_size=100))
        category = next(c for c in categories.categories if c.parent_id == "")
        created = await self.skills.CreateSkill(
            skill_pb2.CreateSkillRequest(
                skill=skill_pb2.Skill(name=f"{label} {uuid.uuid4().hex[:8]}", category_id=category.id)
            ),
            metadata=self.admin.metadata,
        )
        return str(created.skill.id)

    async def member(
        self,
        name: str,
        offered: dict[str, int] | None = None,
        wanted: dict[str, int] | None = None,
        **profile: Any,
    ) -> Caller:
        who = self.new()
        values: dict[str, Any] = {"display_name": name, "time_zone": "Europe/Berlin", "language_codes": ["en"]}
        values.update(profile)
        await self.users.CreateUser(user_pb2.CreateUserRequest(user=user_pb2.User(**values)), metadata=who.metadata)
        for kind, held in ((OFFERED, offered or {}), (WANTED, wanted or {})):
            for skill_id, level in held.items():
                await self.skills.AddUserSkill(
                    skill_pb2.AddUserSkillRequest(user_id=who.id, skill_id=skill_id, kind=kind, proficiency=level),  # type: ignore[arg-type]
                    metadata=who.metadata,
                )
        return who


@pytest.fixture
def world(users: Any, skills: Any, new: Callable[..., Caller]) -> World:
    return World(users, skills, new("learner", "admin"), new)


async def find(
    matching: matching_pb2_grpc.MatchingServiceStub, who: Caller, **request: Any
) -> matching_pb2.FindMatchesResponse:
    return await matching.FindMatches(matching_pb2.FindMatchesRequest(**request), metadata=who.metadata)


def ids(response: matching_pb2.FindMatchesResponse) -> list[str]:
    return [m.candidate.user_id for m in response.matches]


async def until_listed(
    matching: matching_pb2_grpc.MatchingServiceStub, who: Caller, expected: set[str], **request: Any
) -> matching_pb2.FindMatchesResponse:
    """FindMatches once every member of `expected` has been projected (the refresh job runs after commit)."""

    async def check() -> matching_pb2.FindMatchesResponse | None:
        response = await find(matching, who, **request)
        return response if expected <= set(ids(response)) else None

    return await eventually(check, message=f"{expected} never all matched")


async def until_embedded(
    matching: matching_pb2_grpc.MatchingServiceStub, who: Caller, expected: set[str], **request: Any
) -> matching_pb2.FindMatchesResponse:
    """FindMatches once `expected` are matched and every one of them is scored with embeddings on both sides:
    the `user.embed` jobs have run, so no later job changes the ranking."""

    async def check() -> matching_pb2.FindMatchesResponse | None:
        response = await find(matching, who, **request)
        semantic = {
            m.candidate.user_id
            for m in response.matches
            if any(c.factor == matching_pb2.MATCH_FACTOR_SEMANTIC_SIMILARITY for c in m.score_breakdown)
        }
        return response if expected <= semantic else None

    return await eventually(check, message=f"{expected} never all matched with embeddings")


# --------------------------------------------------------------------------------- ranking and history


async def test_a_python_learner_finds_the_python_mentor_first_with_a_breakdown_that_adds_up(
    matching: matching_pb2_grpc.MatchingServiceStub, world: World
) -> None:
    python, spanish, piano = await world.skill("Python"), await world.skill("Spanish"), await world.skill("Piano")
    learner = await world.member("Lea Learner", wanted={python: 1}, offered={spanish: 5})
    mentor = await world.member("Max Mentor", offered={python: 5}, wanted={spanish: 1}, is_mentor=True)
    novice = await world.member("Nia Novice", offered={python: 2}, time_zone="Asia/Tokyo", language_codes=["ja"])
    pianist = await world.member("Pia Pianist", offered={piano: 5})

    # Once both are embedded (the user.embed jobs), no later job changes the scores compared below.
    response = await until_embedded(matching, learner, {mentor.id, novice.id})
    assert response.algorithm == matching_pb2.MATCH_ALGORITHM_HYBRID
    assert ids(response)[0] == mentor.id
    assert pianist.id not in ids(response)  # shares no skill
    best = response.matches[0]
    assert best.candidate.display_name == "Max Mentor" and best.candidate.is_mentor
    assert [s.name for s in best.candidate.teaches][0].startswith("Python")
    assert math.isclose(sum(c.contribution for c in best.score_breakdown), best.score, abs_tol=1e-9)
    assert math.isclose(sum(c.weight for c in best.score_breakdown), 1.0, abs_tol=1e-9)
    assert all(c.explanation for c in best.score_breakdown)
    fit = next(c for c in best.score_breakdown if c.factor == matching_pb2.MATCH_FACTOR_SKILL_FIT)
    assert fit.explanation.startswith("Teaches Python") and fit.score > 0.9
    directions = {(s.skill.skill_id, s.direction) for s in best.matched_skills}
    assert (python, matching_pb2.MATCH_DIRECTION_CANDIDATE_TEACHES) in directions
    assert (spanish, matching_pb2.MATCH_DIRECTION_USER_TEACHES) in directions

    # The single-factor algorithms agree on the winner and keep their one-component breakdowns.
    for algorithm in (matching_pb2.MATCH_ALGORITHM_COSINE, matching_pb2.MATCH_ALGORITHM_EUCLIDEAN):
        other = await find(matching, learner, algorithm=algorithm)
        assert ids(other)[0] == mentor.id
        assert math.isclose(sum(c.contribution for c in other.matches[0].score_breakdown), other.matches[0].score)

    # GetMatchScore computes the same score without recording it.
    scored = await matching.GetMatchScore(
        matching_pb2.GetMatchScoreRequest(candidate_user_id=mentor.id), metadata=learner.metadata
    )
    assert scored.match.id == "" and math.isclose(scored.match.score, best.score, rel_tol=1e-6)


async def test_history_records_each_ranking_once_and_pages_follow_the_same_ranking(
    matching: matching_pb2_grpc.MatchingServiceStub, world: World
) -> None:
    go = await world.skill("Go")
    learner = await world.member("Hal History", wanted={go: 1})
    mentors = [await world.member(f"Go Mentor {n}", offered={go: 5 - n % 3}) for n in range(3)]
    first = await until_embedded(matching, learner, {m.id for m in mentors})

    async def history() -> list[matching_pb2.Match]:
        listed = await matching.ListMatchHistory(
            matching_pb2.ListMatchHistoryRequest(page_size=100), metadata=learner.metadata
        )
        return list(listed.matches)

    recorded = len(await history())
    again = await find(matching, learner)  # a retried read of the same ranking
    assert ids(again) == ids(first) and [m.id for m in again.matches] == [m.id for m in first.matches]
    assert len(await history()) == recorded
    assert {m.candidate.user_id for m in (await history())[:3]} == {m.id for m in mentors}

    page_one = await find(matching, learner, page_size=2)
    assert len(page_one.matches) == 2 and page_one.next_page_token
    page_two = await find(matching, learner, page_size=2, page_token=page_one.next_page_token)
    assert ids(page_one) + ids(page_two) == ids(first)
    assert not page_two.next_page_token
    # A token is only good for the request it came from.
    await fails(
        find(matching, learner, page_size=2, page_token=page_one.next_page_token, algorithm=1),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_PAGE_TOKEN",
    )
    only = await matching.ListMatchHistory(
        matching_pb2.ListMatchHistoryRequest(candidate_user_id=mentors[0].id, page_size=1), metadata=learner.metadata
    )
    assert [m.candidate.user_id for m in only.matches] == [mentors[0].id]


# ------------------------------------------------------------------------------------------- filters


async def test_filters_never_drop_a_qualifying_member(
    matching: matching_pb2_grpc.MatchingServiceStub, world: World
) -> None:
    skill, other = await world.skill("Rust"), await world.skill("Chess")
    learner = await world.member("Fil Filter", wanted={skill: 1, other: 1}, time_zone="Europe/Madrid")
    zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo"]
    languages = [["es"], ["en"], ["es", "en"]]
    built: list[tuple[Caller, dict[str, Any]]] = []
    for n in range(12):
        traits = {
            "time_zone": zones[n % 3],
            "language_codes": languages[n % 3 if n % 2 else (n + 1) % 3],
            "is_mentor": n % 4 != 0,
            "level": 2 + n % 4,
        }
        profile = {k: traits[k] for k in ("time_zone", "language_codes", "is_mentor")}
        member = await world.member(f"Candidate {n}", offered={skill: traits["level"]}, **profile)
        built.append((member, traits))
    await until_listed(matching, learner, {m.id for m, _ in built})

    spanish_mentors_near = {
        m.id
        for m, t in built
        if "es" in t["language_codes"] and t["is_mentor"] and t["time_zone"] != "Asia/Tokyo" and t["level"] >= 3
    }
    flt = matching_pb2.MatchFilter(
        intent=matching_pb2.MATCH_INTENT_LEARN,
        skill_ids=[skill],
        language_tags=["es-ES"],
        mentors_only=True,
        max_time_zone_difference_hours=6,
        min_proficiency=3,
    )
    for algorithm in (
        matching_pb2.MATCH_ALGORITHM_HYBRID,
        matching_pb2.MATCH_ALGORITHM_COSINE,
        matching_pb2.MATCH_ALGORITHM_EUCLIDEAN,
    ):
        found = await find(matching, learner, filter=flt, algorithm=algorithm, page_size=100)
        assert set(ids(found)) == spanish_mentors_near, algorithm

    # The vector path (HNSW with an iterative scan, exact when the index yields too few) with the same filter:
    # every qualifying member, once everyone's embedding is stored.
    async def embedded() -> bool:
        try:
            found = await find(
                matching, learner, filter=flt, algorithm=matching_pb2.MATCH_ALGORITHM_EMBEDDING, page_size=100
            )
        except grpc.aio.AioRpcError as error:  # the learner's embedding is computed after the last change
            assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
            return False
        breakdowns = all(
            [c.factor for c in m.score_breakdown] == [matching_pb2.MATCH_FACTOR_SEMANTIC_SIMILARITY]
            for m in found.matches
        )
        return breakdowns and set(ids(found)) == spanish_mentors_near

    await eventually(embedded, message="the vector path did not return exactly the qualifying members")

    # A price ceiling keeps free and swapping candidates, drops the expensive one and other currencies.
    def rate(currency: str, amount: int) -> common_pb2.Money:
        return common_pb2.Money(currency_code=currency, amount_minor=amount)

    budget_world = [
        await world.member(
            "Cheap",
            offered={other: 5},
            hourly_rate=common_pb2.Money(currency_code="EUR", amount_minor=1000),
            is_mentor=True,
        ),
        await world.member(
            "Dear",
            offered={other: 5},
            hourly_rate=common_pb2.Money(currency_code="EUR", amount_minor=9000),
            is_mentor=True,
        ),
        await world.member(
            "Dollar",
            offered={other: 5},
            hourly_rate=common_pb2.Money(currency_code="USD", amount_minor=500),
            is_mentor=True,
        ),
        await world.member("Free", offered={other: 5}),
    ]
    await until_listed(matching, learner, {m.id for m in budget_world})
    priced = await find(
        matching,
        learner,
        filter=matching_pb2.MatchFilter(
            skill_ids=[other], max_hourly_rate=common_pb2.Money(currency_code="EUR", amount_minor=5000)
        ),
    )
    assert set(ids(priced)) == {budget_world[0].id, budget_world[3].id}


# ----------------------------------------------------------------------------- dismissals and blocks


async def test_dismissed_and_blocked_members_disappear(
    matching: matching_pb2_grpc.MatchingServiceStub, users: user_pb2_grpc.UserServiceStub, world: World
) -> None:
    skill = await world.skill("Kotlin")
    learner = await world.member("Dora Dismisser", wanted={skill: 1})
    dismissed, blocker, kept = (
        await world.member("Dismissed", offered={skill: 5}),
        await world.member("Blocker", offered={skill: 5}),
        await world.member("Kept", offered={skill: 4}),
    )
    await until_listed(matching, learner, {dismissed.id, blocker.id, kept.id})

    dismissal = await matching.DismissMatch(
        matching_pb2.DismissMatchRequest(candidate_user_id=dismissed.id), metadata=learner.metadata
    )
    assert dismissal.dismissal.candidate.display_name == "Dismissed"
    again = await matching.DismissMatch(
        matching_pb2.DismissMatchRequest(candidate_user_id=dismissed.id), metadata=learner.metadata
    )
    assert again.dismissal.create_time == dismissal.dismissal.create_time
    listed = await matching.ListDismissedMatches(matching_pb2.ListDismissedMatchesRequest(), metadata=learner.metadata)
    assert [d.candidate.user_id for d in listed.dismissals] == [dismissed.id]

    await users.BlockUser(user_pb2.BlockUserRequest(user_id=learner.id), metadata=blocker.metadata)
    after = await find(matching, learner)
    assert set(ids(after)) == {kept.id}
    await fails(
        matching.GetMatchScore(
            matching_pb2.GetMatchScoreRequest(candidate_user_id=blocker.id), metadata=learner.metadata
        ),
        grpc.StatusCode.NOT_FOUND,
        "USER_NOT_FOUND",
        DOMAIN,
    )
    # The blocker does not find the learner either (the learner teaches nothing, so they score as a learner).
    await users.UnblockUser(user_pb2.UnblockUserRequest(user_id=learner.id), metadata=blocker.metadata)
    await matching.UndoDismissMatch(
        matching_pb2.UndoDismissMatchRequest(candidate_user_id=dismissed.id), metadata=learner.metadata
    )
    assert set(ids(await find(matching, learner))) == {dismissed.id, blocker.id, kept.id}
    await fails(
        matching.UndoDismissMatch(
            matching_pb2.UndoDismissMatchRequest(candidate_user_id=dismissed.id), metadata=learner.metadata
        ),
        grpc.StatusCode.NOT_FOUND,
        "DISMISSAL_NOT_FOUND",
        DOMAIN,
    )


async def test_private_profiles_never_leak(
    matching: matching_pb2_grpc.MatchingServiceStub, users: user_pb2_grpc.UserServiceStub, world: World
) -> None:
    skill = await world.skill("Haskell")
    learner = await world.member("Lou Looker", wanted={skill: 1}, offered={skill: 1})
    hidden = await world.member("Hidden Hilda", offered={skill: 5})
    twin = await world.member("Twin", wanted={skill: 1})
    await until_listed(matching, learner, {hidden.id, twin.id})
    await users.UpdateUser(
        user_pb2.UpdateUserRequest(
            user=user_pb2.User(id=hidden.id, visibility=user_pb2.PROFILE_VISIBILITY_PRIVATE),
            update_mask=FieldMask(paths=["visibility"]),
        ),
        metadata=hidden.metadata,
    )

    async def gone() -> bool:
        return hidden.id not in ids(await find(matching, learner))

    await eventually(gone, message="the private member is still matched")
    for algorithm in (matching_pb2.MATCH_ALGORITHM_COSINE, matching_pb2.MATCH_ALGORITHM_EUCLIDEAN):
        similar = await matching.GetSimilarUsers(
            matching_pb2.GetSimilarUsersRequest(user_id=twin.id, algorithm=algorithm), metadata=learner.metadata
        )
        assert hidden.id not in {s.user.user_id for s in similar.similar_users}
    await fails(
        matching.GetMatchScore(
            matching_pb2.GetMatchScoreRequest(candidate_user_id=hidden.id), metadata=learner.metadata
        ),
        grpc.StatusCode.NOT_FOUND,
        "USER_NOT_FOUND",
    )
    await fails(
        matching.GetSimilarUsers(matching_pb2.GetSimilarUsersRequest(user_id=hidden.id), metadata=learner.metadata),
        grpc.StatusCode.NOT_FOUND,
        "USER_NOT_FOUND",
    )
    text = str(await matching.ListMatchHistory(matching_pb2.ListMatchHistoryRequest(), metadata=twin.metadata))
    assert "Hidden Hilda" not in text


async def test_similar_users_share_skills_on_the_same_side(
    matching: matching_pb2_grpc.MatchingServiceStub, world: World
) -> None:
    a, b = await world.skill("Elixir"), await world.skill("Erlang")
    me = await world.member("Sim Seeker", wanted={a: 1})
    reference = await world.member("Ref", offered={a: 4, b: 3})
    alike = await world.member("Alike", offered={a: 5, b: 3})
    half = await world.member("Half", offered={a: 2}, wanted={b: 1})
    await until_listed(matching, me, {reference.id, alike.id, half.id})
    for algorithm in (matching_pb2.MATCH_ALGORITHM_COSINE, matching_pb2.MATCH_ALGORITHM_EUCLIDEAN):
        similar = await matching.GetSimilarUsers(
            matching_pb2.GetSimilarUsersRequest(user_id=reference.id, algorithm=algorithm, page_size=1),
            metadata=me.metadata,
        )
        assert [s.user.user_id for s in similar.similar_users] == [alike.id]
        assert {s.skill_id for s in similar.similar_users[0].shared_skills} == {a, b}
        rest = await matching.GetSimilarUsers(
            matching_pb2.GetSimilarUsersRequest(
                user_id=reference.id, algorithm=algorithm, page_size=1, page_token=similar.next_page_token
            ),
            metadata=me.metadata,
        )
        assert [s.user.user_id for s in rest.similar_users] == [half.id]
        assert me.id not in {s.user.user_id for s in rest.similar_users}

    async def by_meaning() -> list[str]:
        try:
            similar = await matching.GetSimilarUsers(
                matching_pb2.GetSimilarUsersRequest(user_id=reference.id), metadata=me.metadata
            )
        except grpc.aio.AioRpcError as error:  # the reference member's embedding is not stored yet
            assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
            return []
        return [s.user.user_id for s in similar.similar_users]

    nearest = await eventually(by_meaning, message="GetSimilarUsers by embedding never answered")
    assert reference.id not in nearest and me.id not in nearest

    async def semantic_score() -> matching_pb2.GetMatchScoreResponse | None:
        request = matching_pb2.GetMatchScoreRequest(
            candidate_user_id=alike.id, algorithm=matching_pb2.MATCH_ALGORITHM_EMBEDDING
        )
        try:
            return await matching.GetMatchScore(request, metadata=me.metadata)
        except grpc.aio.AioRpcError as error:  # EMBEDDING_MISSING until both are embedded
            assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
            return None

    scored = await eventually(semantic_score, message="GetMatchScore by embedding never answered")
    assert [c.factor for c in scored.match.score_breakdown] == [matching_pb2.MATCH_FACTOR_SEMANTIC_SIMILARITY]


# ----------------------------------------------------------------------------------- recommendations


async def test_recommendations_follow_a_skill_change_made_on_another_server_process(
    matching: matching_pb2_grpc.MatchingServiceStub,
    server: Application,
    database_url: str,
    world: World,
) -> None:
    skill, swap = await world.skill("Swift"), await world.skill("Pottery")
    learner = await world.member("Rita Recs", wanted={skill: 1}, offered={swap: 4})
    mentor = await world.member("Sam Swift", offered={skill: 5}, wanted={swap: 1})
    await until_listed(matching, learner, {mentor.id})

    # A second server process on the same database (no worker: the first one runs the jobs).
    other = await Application.create(
        make_settings(database_url, server.settings.data_dir, worker_enabled=False), registry=CollectorRegistry()
    )
    await other.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{other.grpc.port}") as channel:
            replica = matching_pb2_grpc.MatchingServiceStub(channel)
            request = matching_pb2.GetRecommendationsRequest()
            recs = await replica.GetRecommendations(request, metadata=learner.metadata)
            first = next(r for r in recs.recommendations if r.match.candidate.user_id == mentor.id)
            assert first.kind == matching_pb2.RECOMMENDATION_KIND_EXCHANGE_PARTNER
            assert "Swift" in first.reason and "Pottery" in first.reason
            assert math.isclose(sum(c.contribution for c in first.match.score_breakdown), first.match.score)
            cached = await replica.GetRecommendations(request, metadata=learner.metadata)
            assert cached.generate_time == recs.generate_time  # served from the cached set

            # The mentor stops teaching the skill, through the first server.
            listed = await world.skills.ListUserSkills(
                skill_pb2.ListUserSkillsRequest(user_id=mentor.id), metadata=mentor.metadata
            )
            taught = next(s for s in listed.user_skills if s.skill_id == skill)
            await world.skills.RemoveUserSkill(
                skill_pb2.RemoveUserSkillRequest(user_skill_id=taught.id), metadata=mentor.metadata
            )

            async def changed() -> bool:
                now = await replica.GetRecommendations(request, metadata=learner.metadata)
                mine = [r for r in now.recommendations if r.match.candidate.user_id == mentor.id]
                return now.generate_time != recs.generate_time and all(
                    r.kind == matching_pb2.RECOMMENDATION_KIND_LEARNER for r in mine
                )

            await eventually(changed, message="the replica still serves recommendations from before the change")
    finally:
        await other.stop()

    # Refresh: once an hour.
    await matching.GetRecommendations(matching_pb2.GetRecommendationsRequest(refresh=True), metadata=learner.metadata)
    error = await fails(
        matching.GetRecommendations(matching_pb2.GetRecommendationsRequest(refresh=True), metadata=learner.metadata),
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "REFRESH_TOO_SOON",
        DOMAIN,
    )
    assert details(error)["RetryInfo"].retry_delay.seconds > 3000
    kinds = await matching.GetRecommendations(
        matching_pb2.GetRecommendationsRequest(kinds=[matching_pb2.RECOMMENDATION_KIND_MENTOR]),
        metadata=learner.metadata,
    )
    assert all(r.kind == matching_pb2.RECOMMENDATION_KIND_MENTOR for r in kinds.recommendations)


# ------------------------------------------------------------------------------------ failure codes


async def test_every_rpc_answers_its_failure_codes(
    matching: matching_pb2_grpc.MatchingServiceStub, world: World, new: Callable[..., Caller]
) -> None:
    skill = await world.skill("Zig")
    me = await world.member("Err Oneous", wanted={skill: 1})
    other = await world.member("Someone Else", offered={skill: 5})
    empty = await world.member("No Skills")
    admin = world.admin
    invalid, denied, missing = (
        grpc.StatusCode.INVALID_ARGUMENT,
        grpc.StatusCode.PERMISSION_DENIED,
        grpc.StatusCode.NOT_FOUND,
    )
    precondition = grpc.StatusCode.FAILED_PRECONDITION

    await fails(matching.FindMatches(matching_pb2.FindMatchesRequest()), grpc.StatusCode.UNAUTHENTICATED)
    await fails(find(matching, me, user_id=other.id), denied, "NOT_MATCH_OWNER", DOMAIN)
    await find(matching, admin, user_id=me.id)  # an admin may
    await fails(find(matching, admin, user_id=str(uuid.uuid4())), missing, "USER_NOT_FOUND", DOMAIN)
    await fails(find(matching, empty), precondition, "NO_SKILLS", DOMAIN)
    await fails(
        find(matching, me, filter=matching_pb2.MatchFilter(max_distance_km=50)), precondition, "NO_LOCATION", DOMAIN
    )
    error = await fails(
        find(matching, me, filter=matching_pb2.MatchFilter(skill_ids=[str(uuid.uuid4())])),
        invalid,
        "SKILL_NOT_HELD",
        DOMAIN,
    )
    assert bad_fields(error) == {"filter.skill_ids[0]"}
    error = await fails(
        find(
            matching, me, page_size=-1, filter=matching_pb2.MatchFilter(min_score=2, max_time_zone_difference_hours=20)
        ),
        invalid,
    )
    assert {"page_size", "filter.min_score", "filter.max_time_zone_difference_hours"} <= bad_fields(error)
    await fails(find(matching, me, page_token="forged"), invalid, "INVALID_PAGE_TOKEN")

    await fails(
        matching.GetMatchScore(matching_pb2.GetMatchScoreRequest(candidate_user_id=me.id), metadata=me.metadata),
        invalid,
        "SELF_MATCH",
        DOMAIN,
    )
    await fails(
        matching.GetMatchScore(
            matching_pb2.GetMatchScoreRequest(user_id=other.id, candidate_user_id=me.id), metadata=me.metadata
        ),
        denied,
        "NOT_MATCH_OWNER",
    )
    await fails(
        matching.GetMatchScore(
            matching_pb2.GetMatchScoreRequest(candidate_user_id=str(uuid.uuid4())), metadata=me.metadata
        ),
        missing,
        "USER_NOT_FOUND",
    )
    error = await fails(matching.GetMatchScore(matching_pb2.GetMatchScoreRequest(), metadata=me.metadata), invalid)
    assert bad_fields(error) == {"candidate_user_id"}

    await fails(
        matching.GetRecommendations(matching_pb2.GetRecommendationsRequest(), metadata=empty.metadata),
        precondition,
        "NO_SKILLS",
    )
    await fails(
        matching.GetRecommendations(matching_pb2.GetRecommendationsRequest(page_token="x"), metadata=me.metadata),
        invalid,
        "INVALID_PAGE_TOKEN",
    )

    await fails(
        matching.GetSimilarUsers(
            matching_pb2.GetSimilarUsersRequest(user_id=other.id, algorithm=matching_pb2.MATCH_ALGORITHM_HYBRID),
            metadata=me.metadata,
        ),
        invalid,
        "ALGORITHM_NOT_SUPPORTED",
        DOMAIN,
    )
    await fails(
        matching.GetSimilarUsers(matching_pb2.GetSimilarUsersRequest(user_id=str(uuid.uuid4())), metadata=me.metadata),
        missing,
        "USER_NOT_FOUND",
    )

    await fails(
        matching.ListMatchHistory(matching_pb2.ListMatchHistoryRequest(user_id=other.id), metadata=me.metadata),
        denied,
        "NOT_MATCH_OWNER",
    )
    await fails(
        matching.ListMatchHistory(matching_pb2.ListMatchHistoryRequest(page_token="x"), metadata=me.metadata),
        invalid,
        "INVALID_PAGE_TOKEN",
    )
    await fails(
        matching.DismissMatch(matching_pb2.DismissMatchRequest(candidate_user_id=me.id), metadata=me.metadata),
        invalid,
        "SELF_MATCH",
    )
    await fails(
        matching.DismissMatch(
            matching_pb2.DismissMatchRequest(candidate_user_id=str(uuid.uuid4())), metadata=me.metadata
        ),
        missing,
        "USER_NOT_FOUND",
    )
    await fails(
        matching.ListDismissedMatches(matching_pb2.ListDismissedMatchesRequest(page_size=-1), metadata=me.metadata),
        invalid,
    )


# -------------------------------------------------------------------------------------------- backfill


async def test_backfill_projects_members_never_projected_and_drops_departed_ones(
    matching: matching_pb2_grpc.MatchingServiceStub, server: Application, world: World
) -> None:
    import asyncpg

    skill = await world.skill("Fortran")
    learner = await world.member("Bea Backfill", wanted={skill: 1})
    mentor = await world.member("Old Mentor", offered={skill: 5})
    await until_embedded(matching, learner, {mentor.id})
    ghost = uuid.uuid4()
    conn = await asyncpg.connect(server.database.url)
    try:
        # A later embedding or refresh job for the mentor would put the row back before the backfill runs.
        async def settled() -> bool:
            return not await conn.fetchval(
                "SELECT count(*) FROM jobs WHERE status IN ('pending', 'running') "
                "AND kind IN ('user.embed', 'matching.refresh') AND run_at <= now()"
            )

        await eventually(settled, message="the member jobs never settled")
        # The mentor's row is lost (as for members created before matching existed); a departed member's row
        # is left behind.
        await conn.execute("DELETE FROM match_members WHERE user_id = $1", uuid.UUID(mentor.id))
        await conn.execute(
            "INSERT INTO match_members (user_id, visibility, card, member_since, source_update_time) "
            "VALUES ($1, 'public', '{}', now(), now())",
            ghost,
        )
        assert mentor.id not in ids(await find(matching, learner, page_size=100))
        assert server.matching is not None
        await server.matching.backfill()
        assert await conn.fetchval("SELECT count(*) FROM match_members WHERE user_id = $1", ghost) == 0
    finally:
        await conn.close()
    assert mentor.id in ids(await find(matching, learner, page_size=100))
