"""The validation layer reads rules from the contract's descriptors and names every bad field."""

from __future__ import annotations

from google.protobuf import descriptor_pool, message_factory
from skillsphere.common.v1 import validate_pb2

from pkg.grpcx.validation import validate


def _request_type():  # type: ignore[no-untyped-def]
    from google.protobuf import descriptor_pb2 as d

    pool = descriptor_pool.DescriptorPool()
    for module in (d, validate_pb2):
        file = d.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(file)
        pool.Add(file)
    file = d.FileDescriptorProto(name="test/v1/test.proto", package="test.v1", syntax="proto3")
    file.dependency.append("skillsphere/common/v1/validate.proto")

    def rules(**kwargs):  # type: ignore[no-untyped-def]
        options = d.FieldOptions()
        options.Extensions[validate_pb2.rules].CopyFrom(validate_pb2.FieldRules(**kwargs))
        return options

    link = file.message_type.add(name="Link")
    link.field.add(
        name="url",
        number=1,
        type=d.FieldDescriptorProto.TYPE_STRING,
        label=d.FieldDescriptorProto.LABEL_OPTIONAL,
        options=rules(required=True, format=validate_pb2.STRING_FORMAT_URI),
    )
    color = file.enum_type.add(name="Color")
    color.value.add(name="COLOR_UNSPECIFIED", number=0)
    color.value.add(name="COLOR_RED", number=1)
    req = file.message_type.add(name="CreateThingRequest")
    req.field.add(
        name="email",
        number=1,
        type=d.FieldDescriptorProto.TYPE_STRING,
        label=d.FieldDescriptorProto.LABEL_OPTIONAL,
        options=rules(required=True, format=validate_pb2.STRING_FORMAT_EMAIL),
    )
    req.field.add(
        name="name",
        number=2,
        type=d.FieldDescriptorProto.TYPE_STRING,
        label=d.FieldDescriptorProto.LABEL_OPTIONAL,
        options=rules(min_len=2, max_len=5),
    )
    req.field.add(
        name="page_size",
        number=3,
        type=d.FieldDescriptorProto.TYPE_INT32,
        label=d.FieldDescriptorProto.LABEL_OPTIONAL,
        options=rules(gte=0, lte=100),
    )
    req.field.add(
        name="links",
        number=4,
        type=d.FieldDescriptorProto.TYPE_MESSAGE,
        type_name=".test.v1.Link",
        label=d.FieldDescriptorProto.LABEL_REPEATED,
        options=rules(max_len=2),
    )
    req.field.add(
        name="color",
        number=5,
        type=d.FieldDescriptorProto.TYPE_ENUM,
        type_name=".test.v1.Color",
        label=d.FieldDescriptorProto.LABEL_OPTIONAL,
    )
    req.field.add(
        name="time_zone",
        number=6,
        type=d.FieldDescriptorProto.TYPE_STRING,
        label=d.FieldDescriptorProto.LABEL_OPTIONAL,
        options=rules(format=validate_pb2.STRING_FORMAT_TIME_ZONE),
    )
    pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("test.v1.CreateThingRequest"))


CreateThingRequest = _request_type()


def _fields(message) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {v.field: v.description for v in validate(message)}


def test_a_valid_request_has_no_violations() -> None:
    request = CreateThingRequest(email="ada@example.org", name="Ada", page_size=10, color=1, time_zone="Europe/Berlin")
    request.links.add(url="https://example.org")
    assert validate(request) == []


def test_every_bad_field_is_named_at_once() -> None:
    request = CreateThingRequest(email="not-an-email", name="Adalovelace", page_size=-1, color=7, time_zone="Mars/Base")
    request.links.add(url="ftp://x")
    request.links.add(url="")
    request.links.add(url="https://ok.example")
    assert _fields(request) == {
        "email": "must be an e-mail address",
        "name": "must be at most 5 characters",
        "page_size": "must be at least 0",
        "links": "must have at most 2 items",
        "links[0].url": "must be an absolute http(s) URI",
        "links[1].url": "is required",
        "color": "7 is not a defined Color value",
        "time_zone": "must be an IANA time zone",
    }


def test_required_fields_must_be_present() -> None:
    assert _fields(CreateThingRequest()) == {"email": "is required"}


def _text_type():  # type: ignore[no-untyped-def]
    """`TextThing`: strings in every place a request can hold them, including a recursive child."""
    from google.protobuf import descriptor_pb2 as d
    from google.protobuf import struct_pb2

    pool = descriptor_pool.DescriptorPool()
    for module in (struct_pb2,):
        proto = d.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(proto)
        pool.Add(proto)
    file = d.FileDescriptorProto(name="test/v1/text.proto", package="test.v1", syntax="proto3")
    file.dependency.append("google/protobuf/struct.proto")
    optional, repeated = d.FieldDescriptorProto.LABEL_OPTIONAL, d.FieldDescriptorProto.LABEL_REPEATED
    string, message = d.FieldDescriptorProto.TYPE_STRING, d.FieldDescriptorProto.TYPE_MESSAGE
    link = file.message_type.add(name="Link")
    link.field.add(name="url", number=1, type=string, label=optional)
    link.field.add(name="size", number=2, type=d.FieldDescriptorProto.TYPE_INT64, label=optional)
    numbers = file.message_type.add(name="Numbers")  # holds no string: never walked
    numbers.field.add(name="n", number=1, type=d.FieldDescriptorProto.TYPE_INT32, label=optional)
    thing = file.message_type.add(name="TextThing")
    for name, entry_value in (("labels", (string, None)), ("by_name", (message, ".test.v1.Link"))):
        entry = thing.nested_type.add(name=f"{name.title().replace('_', '')}Entry")
        entry.options.map_entry = True
        entry.field.add(name="key", number=1, type=string, label=optional)
        entry.field.add(name="value", number=2, type=entry_value[0], type_name=entry_value[1], label=optional)
    thing.field.add(name="note", number=1, type=string, label=optional)
    thing.field.add(name="tags", number=2, type=string, label=repeated)
    thing.field.add(name="labels", number=3, type=message, type_name=".test.v1.TextThing.LabelsEntry", label=repeated)
    thing.field.add(name="links", number=4, type=message, type_name=".test.v1.Link", label=repeated)
    thing.field.add(name="by_name", number=5, type=message, type_name=".test.v1.TextThing.ByNameEntry", label=repeated)
    thing.field.add(name="child", number=6, type=message, type_name=".test.v1.TextThing", label=optional)
    thing.field.add(name="extra", number=7, type=message, type_name=".google.protobuf.Struct", label=optional)
    thing.field.add(name="numbers", number=8, type=message, type_name=".test.v1.Numbers", label=optional)
    thing.field.add(name="choice", number=9, type=string, label=optional, oneof_index=0)
    thing.oneof_decl.add(name="pick")
    pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("test.v1.TextThing"))


TextThing = _text_type()
NUL = "must not contain NUL characters (U+0000)"


def test_nul_is_rejected_in_every_string_field_with_its_path() -> None:
    thing = TextThing(note="a\x00b", tags=["ok", "\x00"], choice="x\x00")
    thing.labels["fine"] = "ok"
    thing.labels["bad"] = "v\x00"
    thing.labels["k\x00"] = "ok"
    thing.links.add(url="https://ok.example")
    thing.links.add(url="https://\x00.example", size=-1)
    thing.by_name["first"].url = "\x00"
    thing.child.child.tags.append("deep\x00")
    thing.child.note = "fine"
    thing.extra.update({"outer": {"inner": ["x", "y\x00"]}, "k\x00": 1})
    thing.numbers.n = 5
    assert _fields(thing) == {
        "note": NUL,
        "tags[1]": NUL,
        "choice": NUL,
        'labels["bad"]': NUL,
        'labels["k\\u0000"]': NUL,
        "links[1].url": NUL,
        'by_name["first"].url': NUL,
        "child.child.tags[0]": NUL,
        'extra.fields["outer"].struct_value.fields["inner"].list_value.values[1].string_value': NUL,
        'extra.fields["k\\u0000"]': NUL,
    }


def test_strings_without_nul_pass_and_other_control_characters_are_left_to_the_rules() -> None:
    thing = TextThing(note="tab\tnew\nline \u2028 \U0001f600", tags=["", "x"])
    thing.labels[""] = ""
    thing.child.child.child.note = "deep but fine"
    thing.extra.update({"a": "b"})
    assert validate(thing) == []


def test_nul_is_named_next_to_the_declared_rules_of_real_requests() -> None:
    from skillsphere.skill.v1 import skill_pb2

    assert _fields(skill_pb2.SuggestSkillsRequest(prefix="py\x00")) == {"prefix": NUL}
    assert _fields(skill_pb2.ListSkillsRequest(tag="\x00")) == {"tag": NUL}
    assert _fields(skill_pb2.ListTagsRequest(prefix="a\x00", category_id="nope")) == {
        "category_id": "must be a UUID",
        "prefix": NUL,
    }
    assert "query" in _fields(skill_pb2.SearchSkillsRequest(query="machine\x00learning"))


def test_timestamps_and_durations_must_be_representable() -> None:
    from skillsphere.admin.v1 import admin_pb2
    from skillsphere.user.v1 import user_pb2

    request = user_pb2.ListUsersRequest()
    window = request.filter.available_during
    window.start_time.seconds = 2**62  # ToDatetime() raised ValueError in the handler: INTERNAL
    window.end_time.seconds, window.end_time.nanos = 1_700_000_000, -1
    assert _fields(request) == {
        "filter.available_during.start_time": "must be a timestamp between years 1 and 9999 (nanos 0 to 999999999)",
        "filter.available_during.end_time": "must be a timestamp between years 1 and 9999 (nanos 0 to 999999999)",
    }
    window.start_time.seconds, window.end_time.nanos = 253_402_300_799, 999_999_999  # 9999-12-31T23:59:59.999999999
    window.end_time.seconds = -62_135_596_800  # 0001-01-01
    assert "filter.available_during.start_time" not in _fields(request)
    assert "filter.available_during.end_time" not in _fields(request)

    duration_message = next(
        cls
        for cls in vars(admin_pb2).values()
        if isinstance(cls, type)
        and hasattr(cls, "DESCRIPTOR")
        and "latency" in getattr(cls.DESCRIPTOR, "fields_by_name", {})
    )
    for seconds, nanos, ok in ((1, 5, True), (-1, -5, True), (1, -5, False), (10**12, 0, False), (0, 10**9, False)):
        message = duration_message()
        message.latency.seconds, message.latency.nanos = seconds, nanos
        assert ("latency" not in _fields(message)) is ok, (seconds, nanos)
