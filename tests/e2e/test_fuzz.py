"""Every built RPC of every service, called with hostile requests: none may answer INTERNAL or UNKNOWN.

The RPCs come from the services registered on a real server (their descriptors), so a new service or RPC is
fuzzed without touching this file; RPCs that answer UNIMPLEMENTED to a request that passes validation are
not built yet and are skipped (they are fuzzed the day they land). Requests are generated from the
descriptors and the declared validation rules, seeded per RPC (adding an RPC does not change the cases of
the others), and sent as raw bytes over a generic channel call, so bodies protobuf itself would refuse to
build (invalid UTF-8, random bytes) reach the server too. Each RPC gets a handful of cases, anonymous and
with an admin's token; then the server must still be SERVING and answer a normal call.

Run with FUZZ_CASES=N (mutations per RPC, default 8) and FUZZ_SEED=S for a longer or different run.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import math
import os
import random
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import grpc
import pytest
from google.protobuf import descriptor_pool
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor
from google.protobuf.message import DecodeError, Message
from google.protobuf.message_factory import GetMessageClass
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client import CollectorRegistry
from skillsphere.common.v1 import validate_pb2
from skillsphere.skill.v1 import skill_pb2, skill_pb2_grpc

from internal.app import Application
from pkg.tokens import TokenIssuer
from tests.conftest import make_settings, scratch_database

SEED = int(os.environ.get("FUZZ_SEED", "20261203"))
MUTATIONS = int(os.environ.get("FUZZ_CASES", "8"))
CALL_TIMEOUT = 30.0  # generous: the CI machine may be heavily loaded
STREAM_READ_TIMEOUT = 2.0  # an idle stream (no events for a fresh caller) is cancelled after this
STREAM_MESSAGES = 3
BAD = (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN)

_INT_RANGES = {
    FieldDescriptor.TYPE_INT32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_SINT32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_SFIXED32: (-(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_INT64: (-(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_SINT64: (-(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_SFIXED64: (-(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_UINT32: (0, 2**32 - 1),
    FieldDescriptor.TYPE_FIXED32: (0, 2**32 - 1),
    FieldDescriptor.TYPE_UINT64: (0, 2**64 - 1),
    FieldDescriptor.TYPE_FIXED64: (0, 2**64 - 1),
}
_HOSTILE_STRINGS = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "x" * 100_000,
    "\U0001f600" * 5_000,
    "\u202e\u0301\ufeff",
    "' OR 1=1 --",
    "%_\\%",
    "../../../etc/passwd",
    "-1",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "not-a-uuid",
    "https://",
    "javascript:alert(1)",
    "9999-12-31T23:59:59Z",
    "\r\nx-injected: 1",
    "*",
)
_FORMAT_EXAMPLES = {
    validate_pb2.STRING_FORMAT_EMAIL: lambda rng: f"fuzz-{rng.getrandbits(32):08x}@example.org",
    validate_pb2.STRING_FORMAT_UUID: lambda rng: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    validate_pb2.STRING_FORMAT_URI: lambda rng: "https://example.org/fuzz",
    validate_pb2.STRING_FORMAT_CURRENCY_CODE: lambda rng: "USD",
    validate_pb2.STRING_FORMAT_TIME_ZONE: lambda rng: "Europe/Berlin",
    validate_pb2.STRING_FORMAT_LANGUAGE_TAG: lambda rng: "en",
    validate_pb2.STRING_FORMAT_COUNTRY_CODE: lambda rng: "DE",
}


def _rules(field: FieldDescriptor) -> validate_pb2.FieldRules | None:
    options = field.GetOptions()
    return options.Extensions[validate_pb2.rules] if options.HasExtension(validate_pb2.rules) else None


def _is_map(field: FieldDescriptor) -> bool:
    return (
        field.type == FieldDescriptor.TYPE_MESSAGE and field.is_repeated and field.message_type.GetOptions().map_entry
    )


def _message_class(descriptor: Descriptor) -> type[Message]:
    return GetMessageClass(descriptor)


# --- values -------------------------------------------------------------------------------------------------


def _conforming_scalar(field: FieldDescriptor, rng: random.Random) -> Any:
    """A value that satisfies the field's declared rules (so the request reaches the handler)."""
    rules = _rules(field)
    kind = field.type
    if kind == FieldDescriptor.TYPE_STRING:
        if rules is not None and rules.format:
            return _FORMAT_EXAMPLES[rules.format](rng)
        length = max(rules.min_len if rules and rules.HasField("min_len") else 0, 8)
        if rules is not None and rules.HasField("max_len"):
            length = min(length, rules.max_len)
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length))
    if kind == FieldDescriptor.TYPE_BYTES:
        return rng.randbytes(16)
    if kind == FieldDescriptor.TYPE_BOOL:
        return rng.random() < 0.5
    if kind == FieldDescriptor.TYPE_ENUM:
        defined = [v.number for v in field.enum_type.values if v.number != 0] or [0]
        low = rules.gte if rules is not None and rules.HasField("gte") else -math.inf
        high = rules.lte if rules is not None and rules.HasField("lte") else math.inf
        return rng.choice([n for n in defined if low <= n <= high] or defined)
    low = rules.gte if rules is not None and rules.HasField("gte") else 1
    high = rules.lte if rules is not None and rules.HasField("lte") else max(low, 10)
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return float(rng.uniform(low, high))
    return int(rng.randint(math.ceil(low), math.floor(high)))


def _hostile_scalar(field: FieldDescriptor, rng: random.Random) -> Any:
    kind = field.type
    if kind == FieldDescriptor.TYPE_STRING:
        return rng.choice(_HOSTILE_STRINGS)
    if kind == FieldDescriptor.TYPE_BYTES:
        return rng.choice([b"", b"\x00" * 1024, rng.randbytes(rng.randint(1, 4096)), b"\xff" * 100_000])
    if kind == FieldDescriptor.TYPE_BOOL:
        return rng.random() < 0.5
    if kind == FieldDescriptor.TYPE_ENUM:
        top = max(v.number for v in field.enum_type.values)
        return rng.choice([0, -1, top + 1, 2**31 - 1, -(2**31)])
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return rng.choice([0.0, -0.0, -1.0, 1e300, -1e300, math.nan, math.inf, -math.inf, 5e-324])
    low, high = _INT_RANGES[kind]
    return rng.choice([low, high, 0, -1 if low < 0 else 1, low + 1 if low < 0 else high - 1, rng.randint(low, high)])


def _set(message: Message, field: FieldDescriptor, value: Any) -> None:
    """Assign if protobuf accepts the value (a float field refuses nothing; an int32 refuses 2**40)."""
    with contextlib.suppress(TypeError, ValueError):
        setattr(message, field.name, value)


def _append(container: Any, value: Any) -> None:
    with contextlib.suppress(TypeError, ValueError):
        container.append(value)


def conforming(descriptor: Descriptor, rng: random.Random, depth: int = 0) -> Message:
    """A request the validation rules accept: required fields and about half of the others are set
    (page tokens excepted: a made-up one is refused before the handler does anything)."""
    message = _message_class(descriptor)()
    for field in descriptor.fields:
        if field.containing_oneof is not None and field.containing_oneof.fields[0] is not field:
            continue  # one member per oneof
        rules = _rules(field)
        required = rules is not None and rules.required
        if field.name == "page_token" or (not required and rng.random() < 0.5):
            continue
        _fill_field(message, field, rng, depth, hostile=False)
    return message


def _fill_field(message: Message, field: FieldDescriptor, rng: random.Random, depth: int, *, hostile: bool) -> None:
    value: Callable[[FieldDescriptor, random.Random], Any] = _hostile_scalar if hostile else _conforming_scalar
    if _is_map(field):
        entry = field.message_type
        key_field, value_field = entry.fields_by_name["key"], entry.fields_by_name["value"]
        container = getattr(message, field.name)
        for _ in range(rng.randint(1, 3)):
            key = value(key_field, rng) if key_field.type != FieldDescriptor.TYPE_BOOL else True
            try:
                if value_field.type == FieldDescriptor.TYPE_MESSAGE:
                    if depth < 3:
                        _fill(container[key], rng, depth + 1, hostile=hostile)
                else:
                    container[key] = value(value_field, rng)
            except (TypeError, ValueError):
                pass
        return
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        if depth >= 3:
            return
        if field.is_repeated:
            for _ in range(rng.randint(1, 2)):
                _fill(getattr(message, field.name).add(), rng, depth + 1, hostile=hostile)
        else:
            child = getattr(message, field.name)
            child.SetInParent()
            _fill(child, rng, depth + 1, hostile=hostile)
        return
    if field.is_repeated:
        container = getattr(message, field.name)
        for _ in range(rng.randint(1, 2)):
            _append(container, value(field, rng))
        return
    _set(message, field, value(field, rng))


def _fill(message: Message, rng: random.Random, depth: int, *, hostile: bool) -> None:
    for field in message.DESCRIPTOR.fields:
        if field.containing_oneof is not None and field.containing_oneof.fields[0] is not field:
            continue
        _fill_field(message, field, rng, depth, hostile=hostile)


def hostile(descriptor: Descriptor, rng: random.Random) -> Message:
    """Every field (to depth 3) holding a hostile value."""
    message = _message_class(descriptor)()
    _fill(message, rng, 0, hostile=True)
    return message


def _targets(message: Message, depth: int = 0) -> Iterator[tuple[Message, FieldDescriptor]]:
    """Every field of the message and of the messages set inside it (to depth 3), with its owner."""
    for field in message.DESCRIPTOR.fields:
        yield message, field
        if depth >= 3 or field.type != FieldDescriptor.TYPE_MESSAGE or _is_map(field):
            continue
        if field.is_repeated:
            for item in getattr(message, field.name)[:1]:
                yield from _targets(item, depth + 1)
        elif message.HasField(field.name):
            yield from _targets(getattr(message, field.name), depth + 1)


def mutated(descriptor: Descriptor, rng: random.Random) -> Message:
    """A conforming request with one or two fields, at any depth, made hostile: validation may pass, so the
    handler gets it (a timestamp out of range inside a filter, a huge field-mask path)."""
    message = conforming(descriptor, rng)
    targets = list(_targets(message))
    for owner, field in rng.sample(targets, min(len(targets), rng.randint(1, 2))):
        owner.ClearField(field.name)
        _fill_field(owner, field, rng, 2, hostile=True)
    return message


def nul_in_one_string(descriptor: Descriptor, rng: random.Random) -> Message | None:
    """A conforming request with NUL in the middle of one string (lengths and other rules still hold, so
    only the NUL itself can stop it before the handler and the database)."""
    message = conforming(descriptor, rng)
    targets = [
        (owner, field)
        for owner, field in _targets(message)
        if field.type == FieldDescriptor.TYPE_STRING and not (_rules(field) and _rules(field).format)  # type: ignore[union-attr]
    ]
    if not targets:
        return None
    owner, field = rng.choice(targets)
    text = _conforming_scalar(field, rng) or "x"
    middle = len(text) // 2
    text = text[:middle] + "\x00" + text[middle + 1 :]
    if field.is_repeated:
        getattr(owner, field.name).append(text)
    else:
        setattr(owner, field.name, text)
    return message


def _key(field: FieldDescriptor, index: int) -> Any:
    if field.type == FieldDescriptor.TYPE_STRING:
        return f"k{index}"
    return bool(index % 2) if field.type == FieldDescriptor.TYPE_BOOL else index


def repeated(descriptor: Descriptor, rng: random.Random) -> Message:
    """A conforming request whose repeated and map fields hold a thousand entries each."""
    message = conforming(descriptor, rng)
    for field in descriptor.fields:
        if not field.is_repeated:
            continue
        message.ClearField(field.name)
        container = getattr(message, field.name)
        for index in range(1_000):
            if _is_map(field):
                entry = field.message_type
                key, value_field = _key(entry.fields_by_name["key"], index), entry.fields_by_name["value"]
                if value_field.type == FieldDescriptor.TYPE_MESSAGE:
                    container[key].SetInParent()
                else:
                    with contextlib.suppress(TypeError, ValueError):
                        container[key] = _conforming_scalar(value_field, rng)
            elif field.type == FieldDescriptor.TYPE_MESSAGE:
                container.add()
            else:
                _append(container, _conforming_scalar(field, rng))
    return message


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def invalid_utf8(descriptor: Descriptor, rng: random.Random) -> bytes | None:
    """A conforming request plus a string field whose bytes are not UTF-8 (protobuf cannot build this)."""
    strings = [f for f in descriptor.fields if f.type == FieldDescriptor.TYPE_STRING]
    if not strings:
        return None
    field = rng.choice(strings)
    bad = rng.choice([b"\xff\xfe", b"\xed\xa0\x80", b"abc\xc3", b"\xc0\xaf", b"\xf4\x90\x80\x80"])
    return conforming(descriptor, rng).SerializeToString() + _varint(field.number << 3 | 2) + _varint(len(bad)) + bad


@dataclass(frozen=True)
class Case:
    name: str
    body: bytes


def cases(method: MethodDescriptor) -> Iterator[Case]:
    """The bodies one RPC is fuzzed with, always the same for the same seed."""
    rng = random.Random(f"{SEED}:{method.full_name}")
    request = method.input_type
    yield Case("empty", b"")
    yield Case("random bytes", rng.randbytes(rng.randint(1, 64)))
    yield Case("hostile", hostile(request, rng).SerializeToString())
    yield Case("repeated", repeated(request, rng).SerializeToString())
    utf8 = invalid_utf8(request, rng)
    if utf8 is not None:
        yield Case("invalid utf-8", utf8)
    for index in range(2):
        nul = nul_in_one_string(request, rng)
        if nul is not None:
            yield Case(f"NUL #{index}", nul.SerializeToString())
    for index in range(MUTATIONS):
        yield Case(f"mutated #{index}", mutated(request, rng).SerializeToString())


# --- calling ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    code: grpc.StatusCode
    message: str
    detailed: bool  # the status carries the chain's google.rpc details (ErrorInfo)

    def finding(self) -> str | None:
        """Why this outcome is a bug, if it is one."""
        if self.code in BAD:
            return f"{self.code.name}"
        if self.code not in (grpc.StatusCode.OK, grpc.StatusCode.CANCELLED) and not self.detailed:
            # Not an answer of the error interceptor: the transport failed (trailers too big, a crash in grpcio).
            return f"{self.code.name} without details: {self.message[:200]}"
        return None


def _outcome(code: grpc.StatusCode, message: str | None, trailers: Any) -> Outcome:
    detailed = any(key == "grpc-status-details-bin" for key, _ in trailers or ())
    return Outcome(code, message or "", detailed)


async def call(
    channel: grpc.aio.Channel, method: MethodDescriptor, body: bytes, metadata: tuple[tuple[str, str], ...]
) -> Outcome:
    """The outcome of one raw call; server streams are read for a few messages, then cancelled."""
    path = f"/{method.containing_service.full_name}/{method.name}"
    if method.server_streaming:
        stream = channel.unary_stream(path)(body, metadata=metadata, timeout=CALL_TIMEOUT)
        try:
            for _ in range(STREAM_MESSAGES):
                try:
                    message = await asyncio.wait_for(stream.read(), STREAM_READ_TIMEOUT)
                except TimeoutError:
                    break
                if message is grpc.aio.EOF:
                    break
            if stream.done():
                return _outcome(await stream.code(), await stream.details(), await stream.trailing_metadata())
            stream.cancel()
            return Outcome(grpc.StatusCode.OK, "", True)
        except grpc.aio.AioRpcError as error:
            return _outcome(error.code(), error.details(), error.trailing_metadata())
    try:
        await channel.unary_unary(path)(body, metadata=metadata, timeout=CALL_TIMEOUT)
    except grpc.aio.AioRpcError as error:
        return _outcome(error.code(), error.details(), error.trailing_metadata())
    return Outcome(grpc.StatusCode.OK, "", True)


@pytest.fixture(scope="module")
async def fuzz_server(postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Application]:
    """A server of its own on a database of its own: what fuzzing creates must not leak into other tests."""
    async with scratch_database(postgres_admin_url, "skillsphere_fuzz") as url:
        settings = make_settings(url, tmp_path_factory.mktemp("fuzz"))
        app = await Application.create(settings, registry=CollectorRegistry())
        await app.start()
        try:
            yield app
        finally:
            await app.stop()


async def admin_metadata(app: Application, subject: uuid.UUID) -> tuple[tuple[str, str], ...]:
    """Call metadata with the token of a new admin account with a live session."""
    conn = await asyncpg.connect(app.database.url)
    try:
        await conn.execute(
            "INSERT INTO accounts (id, email, roles, email_verified) VALUES ($1, $2, $3, true)",
            subject,
            f"fuzz-{subject}@test.example",
            ["admin", "learner", "mentor"],
        )
        session_id = uuid.uuid4()
        await conn.execute(
            "INSERT INTO auth_sessions (id, account_id, sign_in_method, device_name, created_at, last_used_at,"
            " expires_at) VALUES ($1, $2, 'password', 'fuzz', now(), now(), now() + interval '1 day')",
            session_id,
            subject,
        )
    finally:
        await conn.close()
    issuer = TokenIssuer(app.keys, issuer=app.settings.jwt_issuer, audience=app.settings.jwt_audience, ttl_seconds=900)
    token, _ = issuer.issue(
        subject=str(subject), session_id=str(session_id), roles=("admin", "learner", "mentor"), email_verified=True
    )
    return (("authorization", f"Bearer {token}"),)


def forged_metadata(app: Application) -> tuple[tuple[str, str], ...]:
    """A token naming the server's key with an algorithm that key does not use."""

    def part(value: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    algorithm = "ES256" if app.keys.signing.algorithm == "EdDSA" else "EdDSA"
    header = part({"alg": algorithm, "kid": app.keys.signing.kid})
    token = f"{header}.{part({'sub': 'x', 'sid': 'y', 'exp': 4102444800})}.{'A' * 86}"
    return (("authorization", f"Bearer {token}"),)


def built_services(app: Application) -> list[Any]:
    """The descriptors of every application service the server registered."""
    pool = descriptor_pool.Default()
    return [pool.FindServiceByName(name) for name in app.grpc.service_names]


async def test_no_rpc_answers_internal_or_unknown_to_hostile_requests(fuzz_server: Application) -> None:
    started = time.monotonic()
    findings: list[str] = []
    fuzzed: list[str] = []
    skipped: list[str] = []
    calls = 0
    codes: Counter[str] = Counter()
    slowest: list[tuple[float, str]] = []
    async with grpc.aio.insecure_channel(
        f"127.0.0.1:{fuzz_server.grpc.port}", options=[("grpc.max_send_message_length", 64 * 1024 * 1024)]
    ) as channel:
        prober = await admin_metadata(fuzz_server, uuid.UUID(int=SEED, version=4))
        forged = forged_metadata(fuzz_server)
        for service in built_services(fuzz_server):
            for method in service.methods:
                if method.client_streaming:
                    continue  # the contract has none; the chain sees their messages only inside the handler
                rng = random.Random(f"{SEED}:{method.full_name}:subject")
                probe = conforming(method.input_type, random.Random(f"{SEED}:{method.full_name}:probe"))
                outcome = await call(channel, method, probe.SerializeToString(), prober)
                calls += 1
                if outcome.code is grpc.StatusCode.UNAUTHENTICATED:  # an RPC fuzzed before revoked the session
                    prober = await admin_metadata(fuzz_server, uuid.UUID(int=rng.getrandbits(128), version=4))
                    outcome = await call(channel, method, probe.SerializeToString(), prober)
                    calls += 1
                if outcome.finding():
                    findings.append(f"{method.full_name} [conforming, admin]: {outcome.finding()}")
                if outcome.code is grpc.StatusCode.UNIMPLEMENTED:
                    skipped.append(method.full_name)
                    continue
                fuzzed.append(method.full_name)
                rpc_started = time.monotonic()
                # A fresh admin per built RPC: one that revokes or deletes its caller leaves the others alone.
                admin = await admin_metadata(fuzz_server, uuid.UUID(int=rng.getrandbits(128), version=4))
                for number, case in enumerate(cases(method)):
                    callers = [("anonymous", ()), ("admin", admin)]
                    if number < 2:  # a forged token (the server's kid, another alg) must not crash public RPCs
                        callers.append(("forged token", forged))
                    for who, metadata in callers:
                        outcome = await call(channel, method, case.body, metadata)
                        codes[outcome.code.name] += 1
                        calls += 1
                        if outcome.finding():
                            findings.append(f"{method.full_name} [{case.name}, {who}]: {outcome.finding()}")
                slowest.append((time.monotonic() - rpc_started, method.name))
        # Still healthy, and still serving ordinary calls.
        health = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=CALL_TIMEOUT)
        assert health.status == health_pb2.HealthCheckResponse.SERVING
        await skill_pb2_grpc.SkillServiceStub(channel).ListCategories(
            skill_pb2.ListCategoriesRequest(), timeout=CALL_TIMEOUT
        )
    print(
        f"fuzzed {len(fuzzed)} RPCs ({len(skipped)} not built yet, skipped) with {calls} calls "
        f"in {time.monotonic() - started:.1f} s, seed {SEED}; codes {dict(codes.most_common())}; slowest "
        + ", ".join(f"{name} {seconds:.1f} s" for seconds, name in sorted(slowest, reverse=True)[:5])
    )
    assert fuzzed, "no built RPC found: the descriptors were not read"
    assert not findings, "\n".join(findings)


def test_the_fuzzer_builds_what_it_promises() -> None:
    """Generated bodies really are hostile (else the fuzz test above would pass by sending nothing)."""
    service = skill_pb2.DESCRIPTOR.services_by_name["SkillService"]
    bodies = {case.name: case.body for case in cases(service.methods_by_name["SuggestSkills"])}
    assert {"empty", "random bytes", "hostile", "repeated", "invalid utf-8", "mutated #0"} <= set(bodies)
    with pytest.raises(DecodeError):
        skill_pb2.SuggestSkillsRequest.FromString(bodies["invalid utf-8"])
    assert conforming(skill_pb2.GetSkillRequest.DESCRIPTOR, random.Random(1)).skill_id  # required UUID is set
    fields = skill_pb2.ListSkillsRequest.DESCRIPTOR.fields_by_name
    rng = random.Random(SEED)
    numbers = {_hostile_scalar(fields["page_size"], rng) for _ in range(100)}
    assert {-(2**31), 2**31 - 1} <= numbers
    strings = {_hostile_scalar(fields["tag"], rng) for _ in range(300)}
    assert {"\x00", "x" * 100_000} <= strings
    many = repeated(skill_pb2.ListSkillsRequest.DESCRIPTOR, rng)
    assert all(len(getattr(many, f.name)) == 1_000 for f in many.DESCRIPTOR.fields if f.is_repeated)
    assert list(cases(service.methods_by_name["SuggestSkills"])) == list(
        cases(service.methods_by_name["SuggestSkills"])
    )
