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
