"""UserService blocking end to end (BlockUser, UnblockUser, ListBlockedUsers, and what a block hides), plus
accepts_skill_swap, over real channels to the shared server and a second replica."""

from __future__ import annotations

from collections.abc import Callable

import grpc
import pytest
from google.protobuf.field_mask_pb2 import FieldMask
from prometheus_client import CollectorRegistry
from skillsphere.user.v1 import user_pb2, user_pb2_grpc

from internal.app import Application
from tests.conftest import make_settings
from tests.e2e.user_helpers import Caller, caller, create_profile, fails
from tests.support.rpc import bad_fields
from tests.support.waiting import eventually

NOT_FOUND = grpc.StatusCode.NOT_FOUND
INVALID = grpc.StatusCode.INVALID_ARGUMENT


@pytest.fixture(scope="module")
def stub(channel: grpc.aio.Channel) -> user_pb2_grpc.UserServiceStub:
    return user_pb2_grpc.UserServiceStub(channel)


@pytest.fixture
def new(token_for: Callable[..., str]) -> Callable[..., Caller]:
    return lambda *roles: caller(token_for, *roles)


async def _block(stub: user_pb2_grpc.UserServiceStub, who: Caller, user_id: str) -> user_pb2.BlockedUser:
    response = await stub.BlockUser(user_pb2.BlockUserRequest(user_id=user_id), metadata=who.metadata)
    return response.blocked_user


async def _unblock(stub: user_pb2_grpc.UserServiceStub, who: Caller, user_id: str) -> None:
    await stub.UnblockUser(user_pb2.UnblockUserRequest(user_id=user_id), metadata=who.metadata)


async def _blocked(
    stub: user_pb2_grpc.UserServiceStub, who: Caller, **request: object
) -> user_pb2.ListBlockedUsersResponse:
    return await stub.ListBlockedUsers(user_pb2.ListBlockedUsersRequest(**request), metadata=who.metadata)  # type: ignore[arg-type]


async def _sees(stub: user_pb2_grpc.UserServiceStub, who: Caller, user_id: str) -> bool:
    try:
        await stub.GetUser(user_pb2.GetUserRequest(user_id=user_id), metadata=who.metadata)
    except grpc.aio.AioRpcError as err:
        assert err.code() == NOT_FOUND
        return False
    return True


# ------------------------------------------------------------------------------------------ BlockUser


async def test_a_block_hides_each_member_from_the_other_until_it_is_lifted(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    alice, bob, carol, admin = new(), new(), new(), new("admin")
    await create_profile(stub, alice, display_name="Alice Block")
    await create_profile(stub, bob, display_name="Bob Blocked")
    await create_profile(stub, carol, display_name="Carol Bystander")
    assert await _sees(stub, alice, bob.id) and await _sees(stub, bob, alice.id)

    blocked = await _block(stub, alice, bob.id)
    assert blocked.user_id == bob.id and blocked.display_name == "Bob Blocked"
    assert blocked.HasField("block_time")

    # Neither sees the other; the blocked member's answer is the one for any invisible profile.
    await fails(
        stub.GetUser(user_pb2.GetUserRequest(user_id=alice.id), metadata=bob.metadata), NOT_FOUND, "USER_NOT_FOUND"
    )
    await fails(
        stub.GetUser(user_pb2.GetUserRequest(user_id=bob.id), metadata=alice.metadata), NOT_FOUND, "USER_NOT_FOUND"
    )
    batch = await stub.BatchGetUsers(
        user_pb2.BatchGetUsersRequest(user_ids=[alice.id, carol.id]), metadata=bob.metadata
    )
    assert [u.id for u in batch.users] == [carol.id] and list(batch.missing_user_ids) == [alice.id]
    listed = await stub.ListUsers(user_pb2.ListUsersRequest(query="Alice Block", page_size=100), metadata=bob.metadata)
    assert alice.id not in {u.id for u in listed.users}
    listed = await stub.ListUsers(
        user_pb2.ListUsersRequest(query="Bob Blocked", page_size=100), metadata=alice.metadata
    )
    assert bob.id not in {u.id for u in listed.users}
    # Others and admins are not affected.
    assert await _sees(stub, carol, alice.id) and await _sees(stub, carol, bob.id)
    assert await _sees(stub, admin, bob.id)
    listed = await stub.ListUsers(
        user_pb2.ListUsersRequest(query="Alice Block", page_size=100), metadata=carol.metadata
    )
    assert alice.id in {u.id for u in listed.users}

    await _unblock(stub, alice, bob.id)
    assert await _sees(stub, alice, bob.id) and await _sees(stub, bob, alice.id)
    assert not (await _blocked(stub, alice)).blocked_users


async def test_blocking_twice_keeps_the_first_block_and_unblocking_a_non_block_is_fine(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me, other = new(), new()
    await create_profile(stub, me)
    await create_profile(stub, other)
    first = await _block(stub, me, other.id)
    again = await _block(stub, me, other.id)
    assert again.block_time == first.block_time
    assert [b.user_id for b in (await _blocked(stub, me)).blocked_users] == [other.id]
    await _unblock(stub, me, other.id)
    await _unblock(stub, me, other.id)  # no block any more: still OK
    await _unblock(stub, me, new().id)  # never a member: still OK, reveals nothing
    assert not (await _blocked(stub, me)).blocked_users


async def test_a_member_can_block_someone_who_blocked_them_and_each_lifts_only_their_own(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    a, b = new(), new()
    await create_profile(stub, a)
    await create_profile(stub, b)
    await _block(stub, a, b.id)
    await _block(stub, b, a.id)  # answers like any block: nothing tells b that a blocked them first
    await _unblock(stub, a, b.id)
    assert not await _sees(stub, a, b.id)  # b's block still stands
    await _unblock(stub, b, a.id)
    assert await _sees(stub, a, b.id)


async def test_block_user_refuses_oneself_unknown_members_and_anonymous_callers(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me, gone = new(), new()
    await create_profile(stub, me)
    err = await fails(stub.BlockUser(user_pb2.BlockUserRequest(user_id=me.id), metadata=me.metadata), INVALID)
    assert bad_fields(err) == {"user_id"}
    err = await fails(stub.UnblockUser(user_pb2.UnblockUserRequest(user_id=me.id), metadata=me.metadata), INVALID)
    assert bad_fields(err) == {"user_id"}
    await fails(
        stub.BlockUser(user_pb2.BlockUserRequest(user_id=new().id), metadata=me.metadata), NOT_FOUND, "USER_NOT_FOUND"
    )
    # A deleted member cannot be blocked either.
    await create_profile(stub, gone)
    await stub.DeleteUser(user_pb2.DeleteUserRequest(user_id=gone.id), metadata=gone.metadata)
    await fails(
        stub.BlockUser(user_pb2.BlockUserRequest(user_id=gone.id), metadata=me.metadata), NOT_FOUND, "USER_NOT_FOUND"
    )
    err = await fails(stub.BlockUser(user_pb2.BlockUserRequest(user_id="nope"), metadata=me.metadata), INVALID)
    assert bad_fields(err) == {"user_id"}
    await fails(stub.BlockUser(user_pb2.BlockUserRequest(user_id=me.id)), grpc.StatusCode.UNAUTHENTICATED)
    await fails(stub.UnblockUser(user_pb2.UnblockUserRequest(user_id=me.id)), grpc.StatusCode.UNAUTHENTICATED)
    await fails(stub.ListBlockedUsers(user_pb2.ListBlockedUsersRequest()), grpc.StatusCode.UNAUTHENTICATED)


async def test_a_member_without_a_profile_of_their_own_can_still_block(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me, other = new(), new()
    await create_profile(stub, other)
    await _block(stub, me, other.id)
    assert not await _sees(stub, me, other.id)


# ----------------------------------------------------------------------------------- ListBlockedUsers


async def test_list_blocked_users_pages_newest_first_and_shows_deleted_members_as_such(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me = new()
    others = [new() for _ in range(5)]
    for index, other in enumerate(others):
        await create_profile(stub, other, display_name=f"Blocked {index}")
        await _block(stub, me, other.id)
    await stub.DeleteUser(user_pb2.DeleteUserRequest(user_id=others[0].id), metadata=others[0].metadata)
    seen: list[user_pb2.BlockedUser] = []
    token = ""
    while True:
        page = await _blocked(stub, me, page_size=2, page_token=token)
        assert len(page.blocked_users) <= 2
        seen.extend(page.blocked_users)
        token = page.next_page_token
        if not token:
            break
    assert [b.user_id for b in seen] == [o.id for o in reversed(others)]
    times = [b.block_time.ToDatetime() for b in seen]
    assert times == sorted(times, reverse=True)
    assert seen[-1].display_name == "Deleted user"
    assert seen[0].display_name == "Blocked 4"
    # Nobody sees who blocked them: the blocked members' own lists are empty.
    assert not (await _blocked(stub, others[4])).blocked_users


async def test_list_blocked_users_refuses_a_foreign_or_forged_page_token(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me, other = new(), new()
    for _ in range(3):
        member = new()
        await create_profile(stub, member)
        await _block(stub, me, member.id)
    token = (await _blocked(stub, me, page_size=1)).next_page_token
    assert token
    await fails(
        stub.ListBlockedUsers(user_pb2.ListBlockedUsersRequest(page_token=token), metadata=other.metadata),
        INVALID,
        "INVALID_PAGE_TOKEN",
    )
    await fails(
        stub.ListBlockedUsers(user_pb2.ListBlockedUsersRequest(page_token="garbage"), metadata=me.metadata),
        INVALID,
        "INVALID_PAGE_TOKEN",
    )
    await fails(stub.ListBlockedUsers(user_pb2.ListBlockedUsersRequest(page_size=-1), metadata=me.metadata), INVALID)


# ---------------------------------------------------------------------------------------------- replicas


async def test_a_block_on_one_replica_hides_the_member_on_another_that_had_cached_the_blocks(
    stub: user_pb2_grpc.UserServiceStub,
    new: Callable[..., Caller],
    server: Application,
    database_url: str,
) -> None:
    other = await Application.create(
        make_settings(database_url, server.settings.data_dir, worker_enabled=False), registry=CollectorRegistry()
    )
    await other.start()
    try:
        alice, bob = new(), new()
        await create_profile(stub, alice)
        await create_profile(stub, bob)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{other.grpc.port}") as channel:
            replica = user_pb2_grpc.UserServiceStub(channel)
            assert await _sees(replica, bob, alice.id)  # the replica caches bob's (empty) block set
            assert await _sees(replica, bob, alice.id)
            await _block(stub, alice, bob.id)

            async def hidden() -> bool:
                return not await _sees(replica, bob, alice.id)

            await eventually(hidden, message="the replica still serves bob's cached block set")
            await _unblock(stub, alice, bob.id)

            async def visible() -> bool:
                return await _sees(replica, bob, alice.id)

            await eventually(visible, message="the replica still hides alice after the unblock")
    finally:
        await other.stop()


# --------------------------------------------------------------------------------- accepts_skill_swap


async def test_accepts_skill_swap_is_set_through_update_user_and_returned(
    stub: user_pb2_grpc.UserServiceStub, new: Callable[..., Caller]
) -> None:
    me, viewer = new(), new()
    created = await create_profile(stub, me)
    assert created.accepts_skill_swap is False
    updated = await stub.UpdateUser(
        user_pb2.UpdateUserRequest(
            user=user_pb2.User(id=me.id, accepts_skill_swap=True), update_mask=FieldMask(paths=["accepts_skill_swap"])
        ),
        metadata=me.metadata,
    )
    assert updated.user.accepts_skill_swap is True
    seen = await stub.GetUser(user_pb2.GetUserRequest(user_id=me.id), metadata=viewer.metadata)
    assert seen.user.accepts_skill_swap is True
    # Other paths leave it alone; clearing it goes through the mask too.
    await stub.UpdateUser(
        user_pb2.UpdateUserRequest(
            user=user_pb2.User(id=me.id, headline="x"), update_mask=FieldMask(paths=["headline"])
        ),
        metadata=me.metadata,
    )
    assert (await stub.GetUser(user_pb2.GetUserRequest(user_id=me.id))).user.accepts_skill_swap is True
    cleared = await stub.UpdateUser(
        user_pb2.UpdateUserRequest(user=user_pb2.User(id=me.id), update_mask=FieldMask(paths=["accepts_skill_swap"])),
        metadata=me.metadata,
    )
    assert cleared.user.accepts_skill_swap is False
    # Only the owner (or an admin) may change it.
    await fails(
        stub.UpdateUser(
            user_pb2.UpdateUserRequest(
                user=user_pb2.User(id=me.id, accepts_skill_swap=True),
                update_mask=FieldMask(paths=["accepts_skill_swap"]),
            ),
            metadata=viewer.metadata,
        ),
        grpc.StatusCode.PERMISSION_DENIED,
        "NOT_PROFILE_OWNER",
    )
