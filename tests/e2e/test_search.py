"""SearchService end to end over real channels: members found by name, skills, typos and aliases; privacy
(visibility, blocks, location); featured (pinned) members; suggestions; skills and trending through
SkillService; AdvancedSearch with facets and ranking modes; history; and a profile change made through one
server process found through the other.

Members are created through UserService and SkillService as clients do; the search read model follows by the
`search.refresh` job, so every check that a change is visible waits for it (`eventually`). Each test marks
its members with a unique word so tests sharing the server do not see each other's members.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import grpc
import pytest
from google.protobuf.field_mask_pb2 import FieldMask
from skillsphere.common.v1 import common_pb2
from skillsphere.search.v1 import search_pb2, search_pb2_grpc
from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc
from skillsphere.user.v1 import user_pb2, user_pb2_grpc
from sqlalchemy import text

from internal.app import Application
from tests.e2e.conftest import start_app
from tests.e2e.user_helpers import Caller, caller, create_profile
from tests.support import rpc
from tests.support.waiting import eventually

INVALID = grpc.StatusCode.INVALID_ARGUMENT
DENIED = grpc.StatusCode.PERMISSION_DENIED


async def fails(call: object, code: grpc.StatusCode, reason: str | None = None) -> grpc.aio.AioRpcError:
    domain = "skillsphere.search" if reason and reason in search_reasons() else None
    return await rpc.fails(call, code, reason, domain)  # type: ignore[arg-type]


def search_reasons() -> set[str]:
    return {v.name.removeprefix("ERROR_REASON_") for v in search_pb2.ErrorReason.DESCRIPTOR.values}


@pytest.fixture(scope="module")
def search(channel: grpc.aio.Channel) -> search_pb2_grpc.SearchServiceStub:
    return search_pb2_grpc.SearchServiceStub(channel)


@pytest.fixture(scope="module")
def users(channel: grpc.aio.Channel) -> user_pb2_grpc.UserServiceStub:
    return user_pb2_grpc.UserServiceStub(channel)


@pytest.fixture(scope="module")
def skills(channel: grpc.aio.Channel) -> skill_pb2_grpc.SkillServiceStub:
    return skill_pb2_grpc.SkillServiceStub(channel)


@pytest.fixture
def new(token_for: Callable[..., str]) -> Callable[..., Caller]:
    return lambda *roles: caller(token_for, *roles)


@pytest.fixture
def mark() -> str:
    return "zq" + uuid.uuid4().hex[:10]


async def skill_id(skills: skill_pb2_grpc.SkillServiceStub, name: str) -> str:
    found = await skills.SearchSkills(skill_pb2.SearchSkillsRequest(query=name, page_size=10))
    return next(r.skill.id for r in found.results if r.skill.name == name)


async def member(
    users: user_pb2_grpc.UserServiceStub,
    skills: skill_pb2_grpc.SkillServiceStub,
    who: Caller,
    *,
    teaches: tuple[str, ...] = (),
    learns: tuple[str, ...] = (),
    **fields: object,
) -> Caller:
    """A profile with skills, made through the public RPCs."""
    await create_profile(users, who, **fields)
    for names, kind in ((teaches, skill_pb2.USER_SKILL_KIND_OFFERED), (learns, skill_pb2.USER_SKILL_KIND_WANTED)):
        for name in names:
            await skills.AddUserSkill(
                skill_pb2.AddUserSkillRequest(
                    user_id=who.id,
                    skill_id=await skill_id(skills, name),
                    kind=kind,
                    proficiency=skill_pb2.PROFICIENCY_LEVEL_ADVANCED,
                ),
                metadata=who.metadata,
            )
    return who


async def found_ids(
    search: search_pb2_grpc.SearchServiceStub,
    query: str,
    who: Caller | None = None,
    **request: object,
) -> list[str]:
    response = await search.SearchUsers(
        search_pb2.SearchUsersRequest(query=query, page_size=100, **request),  # type: ignore[arg-type]
        metadata=who.metadata if who else None,
    )
    return [r.user.user_id for r in response.results]


async def until_found(
    search: search_pb2_grpc.SearchServiceStub, query: str, *ids: str, who: Caller | None = None
) -> list[str]:
    """Wait until the refresh job has indexed the members and the query finds all of them."""

    async def check() -> list[str] | None:
        found = await found_ids(search, query, who)
        return found if all(i in found for i in ids) else None

    return await eventually(check, message=f"{query!r} never found {ids}")


# ------------------------------------------------------------------------------------- finding members


async def test_typo_and_alias_queries_find_the_teachers_of_the_skill(
    search: search_pb2_grpc.SearchServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    skills: skill_pb2_grpc.SkillServiceStub,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    pythonista = await member(users, skills, new(), teaches=("Python",), display_name=f"Pia {mark}")
    rustacean = await member(users, skills, new(), teaches=("Rust",), display_name=f"Rolf {mark}")
    scripter = await member(users, skills, new(), teaches=("JavaScript",), display_name=f"Jo {mark}")
    await until_found(search, mark, pythonista.id, rustacean.id, scripter.id)

    typo = await found_ids(search, "pyhton")
    assert pythonista.id in typo and rustacean.id not in typo and scripter.id not in typo
    alias = await found_ids(search, "JS")
    assert scripter.id in alias and pythonista.id not in alias
    # Both words must hold for the text; the skill the typo names still counts.
    assert pythonista.id in await found_ids(search, f"pyhton {mark}")


async def test_prefix_matches_for_autocomplete_and_names_outrank_bios(
    search: search_pb2_grpc.SearchServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    skills: skill_pb2_grpc.SkillServiceStub,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    word = mark + "ola"
    named = await member(users, skills, new(), display_name=f"{word} Smith")
    in_headline = await member(users, skills, new(), display_name="Hedda Line", headline=f"Learning {word} fast")
    in_bio = await member(users, skills, new(), display_name="Bea Bio", bio=f"I once met {word} at a fair.")
    found = await until_found(search, word, named.id, in_headline.id, in_bio.id)
    assert found.index(named.id) < found.index(in_headline.id) < found.index(in_bio.id)
    # The last word is a prefix: what has been typed so far finds them.
    prefix = await found_ids(search, word[:-2])
    assert {named.id, in_headline.id, in_bio.id} <= set(prefix)
    # A typo in a name still finds it.
    assert named.id in await found_ids(search, f"{word} Smiht")


async def test_results_page_without_repeats_and_tokens_are_tamper_evident(
    search: search_pb2_grpc.SearchServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    skills: skill_pb2_grpc.SkillServiceStub,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    made = [await member(users, skills, new(), display_name=f"P{n} {mark}") for n in range(5)]
    await until_found(search, mark, *(m.id for m in made))
    seen: list[str] = []
    token = ""
    while True:
        page = await search.SearchUsers(search_pb2.SearchUsersRequest(query=mark, page_size=2, page_token=token))
        seen += [r.user.user_id for r in page.results]
        if page.total_size:
            assert page.total_size == 5
        token = page.next_page_token
        if not token:
            break
    assert sorted(seen) == sorted(m.id for m in made)
    first = await search.SearchUsers(search_pb2.SearchUsersRequest(query=mark, page_size=2))
    await fails(
        search.SearchUsers(
            search_pb2.SearchUsersRequest(query=mark + "x", page_size=2, page_token=first.next_page_token)
        ),
        INVALID,
        "INVALID_PAGE_TOKEN",
    )
    await fails(search.SearchUsers(search_pb2.SearchUsersRequest(query=mark, page_size=-1)), INVALID)


async def test_filters_and_sorts(
    search: search_pb2_grpc.SearchServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    skills: skill_pb2_grpc.SkillServiceStub,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    cheap = await member(
        users,
        skills,
        new(),
        display_name=f"Cheap {mark}",
        is_mentor=True,
        country_code="PT",
        language_codes=["pt-BR"],
        hourly_rate=common_pb2.Money(amount_minor=2000, currency_code="EUR"),
    )
    dear = await member(
        users,
        skills,
        new(),
        display_name=f"Dear {mark}",
        is_mentor=True,
        country_code="DE",
        language_codes=["de"],
        hourly_rate=common_pb2.Money(amount_minor=9000, currency_code="EUR"),
    )
    free = await member(users, skills, new(), display_name=f"Free {mark}", country_code="DE")
    await until_found(search, mark, cheap.id, dear.id, free.id)

    def filtered(**kwargs: object) -> search_pb2.UserSearchFilter:
        return search_pb2.UserSearchFilter(**kwargs)  # type: ignore[arg-type]

    assert set(await found_ids(search, mark, filter=filtered(country_code="DE"))) == {dear.id, free.id}
    assert set(await found_ids(search, mark, filter=filtered(language_tags=["pt"]))) == {cheap.id}
    assert set(await found_ids(search, mark, filter=filtered(mentors_only=True))) == {cheap.id, dear.id}
    capped = filtered(max_hourly_rate=common_pb2.Money(amount_minor=5000, currency_code="EUR"))
    assert set(await found_ids(search, mark, filter=capped)) == {cheap.id, free.id}
    ordered = await found_ids(search, mark, sort=search_pb2.SEARCH_SORT_ORDER_PRICE_HIGH_TO_LOW)
    assert ordered == [dear.id, cheap.id, free.id]
    ordered = await found_ids(search, mark, sort=search_pb2.SEARCH_SORT_ORDER_PRICE_LOW_TO_HIGH)
    assert ordered == [free.id, cheap.id, dear.id]
    await fails(
        search.SearchUsers(search_pb2.SearchUsersRequest(filter=filtered(language_tags=["not a tag!"]))), INVALID
    )


# ----------------------------------------------------------------------------------------------- privacy


async def test_private_and_members_only_profiles_never_leak(
    search: search_pb2_grpc.SearchServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    skills: skill_pb2_grpc.SkillServiceStub,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    public = await member(users, skills, new(), display_name=f"Pub {mark}", teaches=("Python",))
    members_only = await member(
        users,
        skills,
        new(),
        display_name=f"Mem {mark}",
        teaches=("Python",),
        visibility=user_pb2.PROFILE_VISIBILITY_MEMBERS,
    )
    private = await member(
        users,
        skills,
        new(),
        display_name=f"Priv {mark}",
        teaches=("Python",),
        visibility=user_pb2.PROFILE_VISIBILITY_PRIVATE,
    )
    stranger = new()
    await until_found(search, mark, public.id, members_only.id, who=stranger)
    # The private member is indexed (they find themselves), but nobody else ever sees them.
    await until_found(search, mark, private.id, who=private)
    for query in (mark, f"Priv {mark}", "pyhton"):
        assert private.id not in await found_ids(search, query)
        assert private.id not in await found_ids(search, query, stranger)
    anonymous = await found_ids(search, mark)
    assert public.id in anonymous and members_only.id not in anonymous
    suggestions = await search.Suggestions(
        search_pb2.SuggestionsRequest(query="Priv " + mark), metadata=stranger.metadata
    )
    assert private.id not in [s.id for s in suggestions.suggestions]
    for mode in (search_pb2.RANKING_MODE_HYBRID, search_pb2.RANKING_MODE_SEMANTIC):
        advanced = await search.AdvancedSearch(
            search_pb2.AdvancedSearchRequest(
                query=f"Priv {mark}",
                entity_types=[search_pb2.SEARCH_ENTITY_TYPE_USER],
                page_size=100,
                ranking_mode=mode,
            )
        )
        ids = {r.user.user.user_id for r in advanced.results}
        assert private.id not in ids and members_only.id not in ids
    advanced = await search.AdvancedSearch(
        search_pb2.AdvancedSearchRequest(
            query=mark,
            entity_types=[search_pb2.SEARCH_ENTITY_TYPE_USER],
            page_size=100,
            ranking_mode=search_pb2.RANKING_MODE_KEYWORD,
        )
    )
    assert {r.user.user.user_id for r in advanced.results} == {public.id}

    # Turning a profile private takes it out of everyone else's results.
    await users.UpdateUser(
        user_pb2.UpdateUserRequest(
            user=user_pb2.User(id=public.id, visibility=user_pb2.PROFILE_VISIBILITY_PRIVATE),
            update_mask=FieldMask(paths=["visibility"]),
        ),
        metadata=public.metadata,
    )

    async def gone() -> bool:
        return public.id not in await found_ids(search, mark, stranger)

    await eventually(gone)


async def test_blocked_members_never_appear_either_way(
    search: search_pb2_grpc.SearchServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    skills: skill_pb2_grpc.SkillServiceStub,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    blocker = await member(users, skills, new(), display_name=f"Blocker {mark}")
    blocked = await member(users, skills, new(), display_name=f"Blocked {mark}")
    bystander = new()
    await until_found(search, mark, blocker.id, blocked.id, who=bystander)
    await users.BlockUser(user_pb2.BlockUserRequest(user_id=blocked.id), metadata=blocker.metadata)
    assert blocked.id not in await found_ids(search, mark, blocker)
    assert blocker.id not in await found_ids(search, mark, blocked)
    assert {blocker.id, blocked.id} <= set(await found_ids(search, mark, bystander))


async def test_location_is_for_signed_in_callers_and_distances_are_coarse(
    search: search_pb2_grpc.SearchServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    skills: skill_pb2_grpc.SkillServiceStub,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    # 52.52001, 13.40495: Berlin, precise to a metre.
    near_member = await member(
        users,
        skills,
        new(),
        display_name=f"Near {mark}",
        location=common_pb2.LatLng(latitude=52.52001, longitude=13.40495),
    )
    far_member = await member(
        users,
        skills,
        new(),
        display_name=f"Far {mark}",
        location=common_pb2.LatLng(latitude=53.5511, longitude=9.9937),
    )
    me = new()
    await until_found(search, mark, near_member.id, far_member.id, who=me)
    here = search_pb2.UserSearchFilter(near=common_pb2.LatLng(latitude=52.5200, longitude=13.4050), radius_km=100)
    await fails(
        search.SearchUsers(search_pb2.SearchUsersRequest(query=mark, filter=here)), DENIED, "LOCATION_NEEDS_SIGN_IN"
    )
    await fails(
        search.SearchUsers(search_pb2.SearchUsersRequest(query=mark, sort=search_pb2.SEARCH_SORT_ORDER_DISTANCE)),
        DENIED,
        "LOCATION_NEEDS_SIGN_IN",
    )
    await fails(
        search.SearchUsers(
            search_pb2.SearchUsersRequest(query=mark, sort=search_pb2.SEARCH_SORT_ORDER_DISTANCE), metadata=me.metadata
        ),
        INVALID,
        "DISTANCE_NEEDS_NEAR",
    )
    response = await search.SearchUsers(
        search_pb2.SearchUsersRequest(query=mark, filter=here, sort=search_pb2.SEARCH_SORT_ORDER_DISTANCE),
        metadata=me.metadata,
    )
    assert [r.user.user_id for r in response.results] == [near_member.id]
    distance = response.results[0].distance_km
    assert distance > 0 and distance % 5 == 0  # never "0.0 km away": a multiple of 5 from a coarse cell
    wide = search_pb2.UserSearchFilter(near=here.near, radius_km=500)
    response = await search.SearchUsers(
        search_pb2.SearchUsersRequest(query=mark, filter=wide, sort=search_pb2.SEARCH_SORT_ORDER_DISTANCE),
        metadata=me.metadata,
    )
    assert [r.user.user_id for r in response.results] == [near_member.id, far_member.id]


# -------------------------------------------------------------------------------- featured and pinned


async def test_featured_members_are_listed_and_pinned_but_still_private(
    server: Application,
    search: search_pb2_grpc.SearchServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    skills: skill_pb2_grpc.SkillServiceStub,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    star = await member(users, skills, new(), display_name=f"Star {mark}")
    rated = await member(users, skills, new(), display_name=f"Rated {mark} {mark}", headline=mark)
    hidden = await member(
        users, skills, new(), display_name=f"Hidden {mark}", visibility=user_pb2.PROFILE_VISIBILITY_PRIVATE
    )
    await until_found(search, mark, star.id, rated.id)
    async with server.database.engine.begin() as conn:
        for position, who in enumerate((star, hidden)):
            await conn.execute(
                text(
                    "INSERT INTO search_featured (id, user_id, blurb, position) VALUES (:id, :user, :blurb, :position)"
                ),
                {"id": uuid.uuid4(), "user": uuid.UUID(who.id), "blurb": f"Great {mark}", "position": -1000 + position},
            )
    featured = await search.FeaturedUsers(search_pb2.FeaturedUsersRequest(page_size=100))
    ids = [f.user.user_id for f in featured.users]
    assert star.id in ids and hidden.id not in ids
    assert next(f for f in featured.users if f.user.user_id == star.id).blurb == f"Great {mark}"
    results = await search.SearchUsers(search_pb2.SearchUsersRequest(query=mark, page_size=10))
    assert results.results[0].user.user_id == star.id and results.results[0].pinned
    assert not results.results[1].pinned
    await fails(
        search.FeaturedUsers(search_pb2.FeaturedUsersRequest(page_token="garbage")), INVALID, "INVALID_PAGE_TOKEN"
    )


# ------------------------------------------------------------------------------------------ suggestions


async def test_suggestions_complete_skills_members_and_recent_queries(
    search: search_pb2_grpc.SearchServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    skills: skill_pb2_grpc.SkillServiceStub,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    someone = await member(users, skills, new(), display_name=f"{mark}son Quill")
    me = new()
    await until_found(search, mark, someone.id)
    response = await search.Suggestions(search_pb2.SuggestionsRequest(query="pyth"))
    assert any(s.type == search_pb2.SUGGESTION_TYPE_SKILL and s.text == "Python" for s in response.suggestions)
    response = await search.Suggestions(search_pb2.SuggestionsRequest(query=mark[:8]))
    assert any(s.type == search_pb2.SUGGESTION_TYPE_USER and s.id == someone.id for s in response.suggestions)
    user_hit = next(s for s in response.suggestions if s.id == someone.id)
    assert (user_hit.matched_ranges[0].start, user_hit.matched_ranges[0].end) == (0, 8)
    await search.SearchUsers(search_pb2.SearchUsersRequest(query=f"{mark} guitar"), metadata=me.metadata)
    mine = await search.Suggestions(search_pb2.SuggestionsRequest(query=mark[:6]), metadata=me.metadata)
    assert mine.suggestions[0].type == search_pb2.SUGGESTION_TYPE_RECENT_QUERY
    assert mine.suggestions[0].text == f"{mark} guitar"
    anonymous = await search.Suggestions(search_pb2.SuggestionsRequest(query=mark[:6]))
    assert all(s.type != search_pb2.SUGGESTION_TYPE_RECENT_QUERY for s in anonymous.suggestions)
    await fails(search.Suggestions(search_pb2.SuggestionsRequest(query="")), INVALID)
    await fails(search.Suggestions(search_pb2.SuggestionsRequest(query="x", limit=21)), INVALID)
    await fails(search.Suggestions(search_pb2.SuggestionsRequest(query="x", types=[99])), INVALID)


# ------------------------------------------------------------------------------- skills and trending


async def test_search_skills_and_trending_come_from_the_skill_catalog(
    search: search_pb2_grpc.SearchServiceStub,
) -> None:
    found = await search.SearchSkills(search_pb2.SearchSkillsRequest(query="pyhton"))
    assert found.results[0].skill.name == "Python"
    assert found.results[0].skill.category_name
    alias = await search.SearchSkills(search_pb2.SearchSkillsRequest(query="JS"))
    assert alias.results[0].skill.name == "JavaScript"
    await fails(search.SearchSkills(search_pb2.SearchSkillsRequest(query="")), INVALID)
    await fails(
        search.SearchSkills(search_pb2.SearchSkillsRequest(query="python", sort=search_pb2.SEARCH_SORT_ORDER_RATING)),
        INVALID,
        "SORT_NOT_APPLICABLE",
    )
    await search.TrendingSkills(search_pb2.TrendingSkillsRequest(window=search_pb2.TREND_WINDOW_DAY))
    await fails(
        search.TrendingSkills(search_pb2.TrendingSkillsRequest(category_id=str(uuid.uuid4()))),
        grpc.StatusCode.NOT_FOUND,
        "CATEGORY_NOT_FOUND",
    )
    await fails(search.TrendingSkills(search_pb2.TrendingSkillsRequest(page_token="garbage")), INVALID)


# ---------------------------------------------------------------------------------------- advanced


async def test_advanced_search_interleaves_types_counts_facets_and_ranks_semantically(
    search: search_pb2_grpc.SearchServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    skills: skill_pb2_grpc.SkillServiceStub,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    one = await member(
        users,
        skills,
        new(),
        display_name=f"Uno {mark}",
        teaches=("Python",),
        country_code="FR",
        headline="Rust systems programming and compilers",
    )
    two = await member(
        users,
        skills,
        new(),
        display_name=f"Dos {mark}",
        teaches=("Python",),
        country_code="FR",
        headline="Conversational Spanish lessons for travellers",
    )
    three = await member(
        users, skills, new(), display_name=f"Tres {mark}", country_code="ES", headline="Watercolor painting outdoors"
    )
    await until_found(search, mark, one.id, two.id, three.id)
    response = await search.AdvancedSearch(
        search_pb2.AdvancedSearchRequest(
            query=mark,
            entity_types=[search_pb2.SEARCH_ENTITY_TYPE_USER],
            facets=[search_pb2.FACET_FIELD_COUNTRY, search_pb2.FACET_FIELD_SKILL],
            ranking_mode=search_pb2.RANKING_MODE_KEYWORD,
            page_size=100,
        )
    )
    assert {r.user.user.user_id for r in response.results} == {one.id, two.id, three.id}
    countries = {v.value: v.count for v in response.facets[0].values}
    assert countries == {"FR": 2, "ES": 1}
    assert [(v.label, v.count) for v in response.facets[1].values] == [("Python", 2)]
    assert response.ranking_mode == search_pb2.RANKING_MODE_KEYWORD

    both = await search.AdvancedSearch(search_pb2.AdvancedSearchRequest(query="python", page_size=100))
    kinds = {r.WhichOneof("result") for r in both.results}
    assert kinds == {"user", "skill"}
    scores = [r.user.relevance_score if r.HasField("user") else r.skill.relevance_score for r in both.results]
    assert any(r.HasField("skill") and r.skill.skill.name == "Python" for r in both.results)
    assert len(scores) == len(both.results)

    # Once the profile embeddings are stored (the user.embed job, then a refresh), semantic ranking puts the
    # member whose profile means what the query means (no word of the query in common but "spanish") ahead of
    # the other two, among every member of the shared server; hybrid ranking agrees.
    async def ranked_ahead(mode: int) -> bool:
        response = await search.AdvancedSearch(
            search_pb2.AdvancedSearchRequest(
                query="teach me spanish",
                entity_types=[search_pb2.SEARCH_ENTITY_TYPE_USER],
                ranking_mode=mode,
                page_size=100,
            )
        )
        assert response.ranking_mode == mode
        order = [r.user.user.user_id for r in response.results]
        return two.id in order and all(order.index(two.id) < order.index(o) for o in (one.id, three.id) if o in order)

    await eventually(lambda: ranked_ahead(search_pb2.RANKING_MODE_SEMANTIC))
    assert await ranked_ahead(search_pb2.RANKING_MODE_HYBRID)

    await fails(
        search.AdvancedSearch(search_pb2.AdvancedSearchRequest(query=mark, sort=search_pb2.SEARCH_SORT_ORDER_RATING)),
        INVALID,
        "SORT_NOT_APPLICABLE",
    )
    await fails(
        search.AdvancedSearch(
            search_pb2.AdvancedSearchRequest(
                query=mark, entity_types=[search_pb2.SEARCH_ENTITY_TYPE_USER], facets=[search_pb2.FACET_FIELD_TAG]
            )
        ),
        INVALID,
        "FACET_NOT_APPLICABLE",
    )
    await fails(
        search.AdvancedSearch(
            search_pb2.AdvancedSearchRequest(
                query=mark,
                user_filter=search_pb2.UserSearchFilter(near=common_pb2.LatLng(latitude=1, longitude=1)),
            )
        ),
        DENIED,
        "LOCATION_NEEDS_SIGN_IN",
    )


# ------------------------------------------------------------------------------------------- history


async def test_history_lists_and_clears_only_explicitly_and_zero_results_are_counted(
    server: Application,
    search: search_pb2_grpc.SearchServiceStub,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    me, other = new(), new()
    for query in (f"{mark} one", f"{mark} two", f"{mark} three"):
        await search.SearchUsers(search_pb2.SearchUsersRequest(query=query), metadata=me.metadata)
    await search.SearchUsers(search_pb2.SearchUsersRequest(query=f"{mark} other"), metadata=other.metadata)
    listed = await search.ListSearchHistory(search_pb2.ListSearchHistoryRequest(), metadata=me.metadata)
    assert [e.query for e in listed.entries] == [f"{mark} three", f"{mark} two", f"{mark} one"]
    assert listed.entries[0].result_count == 0
    assert list(listed.entries[0].entity_types) == [search_pb2.SEARCH_ENTITY_TYPE_USER]

    await fails(
        search.ClearSearchHistory(search_pb2.ClearSearchHistoryRequest(), metadata=me.metadata),
        INVALID,
        "HISTORY_SELECTION_REQUIRED",
    )
    await fails(
        search.ClearSearchHistory(
            search_pb2.ClearSearchHistoryRequest(entry_ids=[listed.entries[0].id], all=True), metadata=me.metadata
        ),
        INVALID,
        "HISTORY_SELECTION_REQUIRED",
    )
    await fails(
        search.ClearSearchHistory(search_pb2.ClearSearchHistoryRequest(entry_ids=["nope"]), metadata=me.metadata),
        INVALID,
    )
    cleared = await search.ClearSearchHistory(
        search_pb2.ClearSearchHistoryRequest(entry_ids=[listed.entries[0].id]), metadata=other.metadata
    )
    assert cleared.deleted_count == 0  # someone else's entry is ignored
    cleared = await search.ClearSearchHistory(
        search_pb2.ClearSearchHistoryRequest(entry_ids=[listed.entries[0].id]), metadata=me.metadata
    )
    assert cleared.deleted_count == 1
    cleared = await search.ClearSearchHistory(search_pb2.ClearSearchHistoryRequest(all=True), metadata=me.metadata)
    assert cleared.deleted_count == 2
    assert not (await search.ListSearchHistory(search_pb2.ListSearchHistoryRequest(), metadata=me.metadata)).entries
    assert (await search.ListSearchHistory(search_pb2.ListSearchHistoryRequest(), metadata=other.metadata)).entries

    await fails(search.ListSearchHistory(search_pb2.ListSearchHistoryRequest()), grpc.StatusCode.UNAUTHENTICATED)
    await fails(
        search.ListSearchHistory(search_pb2.ListSearchHistoryRequest(page_token="forged"), metadata=me.metadata),
        INVALID,
        "INVALID_PAGE_TOKEN",
    )
    await fails(
        search.ClearSearchHistory(search_pb2.ClearSearchHistoryRequest(all=True)), grpc.StatusCode.UNAUTHENTICATED
    )
    async with server.database.engine.connect() as conn:
        counted = await conn.execute(
            text("SELECT search_count FROM search_zero_results WHERE query_key = :key"), {"key": f"{mark} one"}
        )
        assert counted.scalar_one() == 1


# ----------------------------------------------------------------------------------- two processes


@pytest.fixture
async def second_server(server: Application, database_url: str) -> AsyncIterator[Application]:
    """Another server's application on the same database and keys, without a job worker."""
    app, _ = await start_app(database_url, server.settings.data_dir, worker_enabled=False)
    yield app
    await app.stop()


async def test_a_profile_change_through_one_server_is_searchable_through_the_other(
    search: search_pb2_grpc.SearchServiceStub,
    second_server: Application,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{second_server.grpc.port}") as channel:
        other_users = user_pb2_grpc.UserServiceStub(channel)
        other_skills = skill_pb2_grpc.SkillServiceStub(channel)
        who = await member(other_users, other_skills, new(), display_name=f"Far {mark}")
        await until_found(search, mark, who.id)
        renamed = mark + "x"
        await other_users.UpdateUser(
            user_pb2.UpdateUserRequest(
                user=user_pb2.User(id=who.id, headline=f"Now teaching {renamed}"),
                update_mask=FieldMask(paths=["headline"]),
            ),
            metadata=who.metadata,
        )
        await other_skills.AddUserSkill(
            skill_pb2.AddUserSkillRequest(
                user_id=who.id,
                skill_id=await skill_id(other_skills, "Rust"),
                kind=skill_pb2.USER_SKILL_KIND_OFFERED,
                proficiency=skill_pb2.PROFICIENCY_LEVEL_EXPERT,
            ),
            metadata=who.metadata,
        )
    await until_found(search, renamed, who.id)

    async def teaches_rust() -> bool:
        response = await search.SearchUsers(search_pb2.SearchUsersRequest(query=mark))
        return any(s.name == "Rust" for r in response.results for s in r.user.teaches)

    await eventually(teaches_rust)


async def test_semantic_ranking_without_an_embedding_provider_is_unavailable_and_hybrid_falls_back(
    server: Application, database_url: str, token_for: Callable[..., str]
) -> None:
    from tests.conftest import free_port

    dead = free_port()  # nothing listens there: the provider cannot be reached
    app, _ = await start_app(
        database_url,
        server.settings.data_dir,
        worker_enabled=False,
        llm_provider="gemini",
        gemini_api_key="test-key",
        gemini_base_url=f"http://127.0.0.1:{dead}",
        gemini_timeout_seconds=2.0,
    )
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{app.grpc.port}") as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            request = search_pb2.AdvancedSearchRequest(
                query="someone to help me prepare a conference talk",
                entity_types=[search_pb2.SEARCH_ENTITY_TYPE_USER],
                ranking_mode=search_pb2.RANKING_MODE_SEMANTIC,
            )
            error = await fails(stub.AdvancedSearch(request), grpc.StatusCode.UNAVAILABLE, "SEMANTIC_UNAVAILABLE")
            assert rpc.details(error)["RetryInfo"].retry_delay.seconds >= 1
            request.ranking_mode = search_pb2.RANKING_MODE_HYBRID
            response = await stub.AdvancedSearch(request)
            assert response.ranking_mode == search_pb2.RANKING_MODE_KEYWORD
    finally:
        await app.stop()


async def test_backfill_restores_missing_rows_and_purge_keeps_recent_history(
    server: Application,
    search: search_pb2_grpc.SearchServiceStub,
    users: user_pb2_grpc.UserServiceStub,
    skills: skill_pb2_grpc.SkillServiceStub,
    new: Callable[..., Caller],
    mark: str,
) -> None:
    assert server.search is not None
    lost = await member(users, skills, new(), display_name=f"Lost {mark}", teaches=("Python",))
    await until_found(search, mark, lost.id)

    async def settled() -> bool:  # no embedding or refresh job of the member still to run
        async with server.database.engine.connect() as conn:
            pending = await conn.execute(
                text("SELECT count(*) FROM jobs WHERE status IN ('pending', 'running') AND payload->>'user_id' = :id"),
                {"id": lost.id},
            )
            return pending.scalar_one() == 0

    await eventually(settled)
    async with server.database.engine.begin() as conn:
        await conn.execute(text("DELETE FROM search_members WHERE user_id = :id"), {"id": uuid.UUID(lost.id)})
    assert lost.id not in await found_ids(search, mark)
    # The periodic search.backfill job may get there first; either way it is the backfill that restores it.
    await server.search.backfill()
    assert lost.id in await found_ids(search, mark)
    # Facets by category, rating and mentoring, labelled.
    response = await search.AdvancedSearch(
        search_pb2.AdvancedSearchRequest(
            query=mark,
            entity_types=[search_pb2.SEARCH_ENTITY_TYPE_USER],
            ranking_mode=search_pb2.RANKING_MODE_KEYWORD,
            facets=[search_pb2.FACET_FIELD_CATEGORY, search_pb2.FACET_FIELD_MENTOR, search_pb2.FACET_FIELD_RATING],
        )
    )
    categories, mentors, ratings = response.facets
    assert categories.values and all(v.label and v.count == 1 for v in categories.values)
    assert [(v.value, v.label, v.count) for v in mentors.values] == [("false", "Not mentoring", 1)]
    assert not ratings.values  # no ratings yet
    history, zero = await server.search.purge()
    assert history >= 0 and zero >= 0
    assert any(count >= 1 for _, _, count in await server.search.zero_result_queries())
