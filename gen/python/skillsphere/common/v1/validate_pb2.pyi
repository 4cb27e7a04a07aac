from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class StringFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STRING_FORMAT_UNSPECIFIED: _ClassVar[StringFormat]
    STRING_FORMAT_EMAIL: _ClassVar[StringFormat]
    STRING_FORMAT_UUID: _ClassVar[StringFormat]
    STRING_FORMAT_URI: _ClassVar[StringFormat]
    STRING_FORMAT_CURRENCY_CODE: _ClassVar[StringFormat]
    STRING_FORMAT_TIME_ZONE: _ClassVar[StringFormat]
    STRING_FORMAT_LANGUAGE_TAG: _ClassVar[StringFormat]
    STRING_FORMAT_COUNTRY_CODE: _ClassVar[StringFormat]
STRING_FORMAT_UNSPECIFIED: StringFormat
STRING_FORMAT_EMAIL: StringFormat
STRING_FORMAT_UUID: StringFormat
STRING_FORMAT_URI: StringFormat
STRING_FORMAT_CURRENCY_CODE: StringFormat
STRING_FORMAT_TIME_ZONE: StringFormat
STRING_FORMAT_LANGUAGE_TAG: StringFormat
STRING_FORMAT_COUNTRY_CODE: StringFormat
RULES_FIELD_NUMBER: _ClassVar[int]
rules: _descriptor.FieldDescriptor

class FieldRules(_message.Message):
    __slots__ = ("required", "min_len", "max_len", "format", "gte", "lte")
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    MIN_LEN_FIELD_NUMBER: _ClassVar[int]
    MAX_LEN_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    GTE_FIELD_NUMBER: _ClassVar[int]
    LTE_FIELD_NUMBER: _ClassVar[int]
    required: bool
    min_len: int
    max_len: int
    format: StringFormat
    gte: float
    lte: float
    def __init__(self, required: _Optional[bool] = ..., min_len: _Optional[int] = ..., max_len: _Optional[int] = ..., format: _Optional[_Union[StringFormat, str]] = ..., gte: _Optional[float] = ..., lte: _Optional[float] = ...) -> None: ...
