import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from skillsphere.common.v1 import validate_pb2 as _validate_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CertificationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CERTIFICATION_STATUS_UNSPECIFIED: _ClassVar[CertificationStatus]
    CERTIFICATION_STATUS_ACTIVE: _ClassVar[CertificationStatus]
    CERTIFICATION_STATUS_REVOKED: _ClassVar[CertificationStatus]
    CERTIFICATION_STATUS_EXPIRED: _ClassVar[CertificationStatus]

class EvidenceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EVIDENCE_KIND_UNSPECIFIED: _ClassVar[EvidenceKind]
    EVIDENCE_KIND_SESSION: _ClassVar[EvidenceKind]
    EVIDENCE_KIND_WORKSHOP: _ClassVar[EvidenceKind]
    EVIDENCE_KIND_CHALLENGE: _ClassVar[EvidenceKind]
    EVIDENCE_KIND_REVIEW: _ClassVar[EvidenceKind]

class AnchorStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ANCHOR_STATUS_UNSPECIFIED: _ClassVar[AnchorStatus]
    ANCHOR_STATUS_PENDING: _ClassVar[AnchorStatus]
    ANCHOR_STATUS_CONFIRMED: _ClassVar[AnchorStatus]
    ANCHOR_STATUS_FAILED: _ClassVar[AnchorStatus]
CERTIFICATION_STATUS_UNSPECIFIED: CertificationStatus
CERTIFICATION_STATUS_ACTIVE: CertificationStatus
CERTIFICATION_STATUS_REVOKED: CertificationStatus
CERTIFICATION_STATUS_EXPIRED: CertificationStatus
EVIDENCE_KIND_UNSPECIFIED: EvidenceKind
EVIDENCE_KIND_SESSION: EvidenceKind
EVIDENCE_KIND_WORKSHOP: EvidenceKind
EVIDENCE_KIND_CHALLENGE: EvidenceKind
EVIDENCE_KIND_REVIEW: EvidenceKind
ANCHOR_STATUS_UNSPECIFIED: AnchorStatus
ANCHOR_STATUS_PENDING: AnchorStatus
ANCHOR_STATUS_CONFIRMED: AnchorStatus
ANCHOR_STATUS_FAILED: AnchorStatus

class CertificationTemplate(_message.Message):
    __slots__ = ("id", "owner_user_id", "name", "description", "criteria", "skill_id", "issuer_name", "badge_image_url", "validity_months", "issued_count", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    ISSUER_NAME_FIELD_NUMBER: _ClassVar[int]
    BADGE_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_MONTHS_FIELD_NUMBER: _ClassVar[int]
    ISSUED_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    owner_user_id: str
    name: str
    description: str
    criteria: str
    skill_id: str
    issuer_name: str
    badge_image_url: str
    validity_months: int
    issued_count: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., owner_user_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., criteria: _Optional[str] = ..., skill_id: _Optional[str] = ..., issuer_name: _Optional[str] = ..., badge_image_url: _Optional[str] = ..., validity_months: _Optional[int] = ..., issued_count: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class BlockchainAnchor(_message.Message):
    __slots__ = ("status", "network", "tx_hash", "content_hash", "explorer_url", "anchor_time")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    TX_HASH_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    EXPLORER_URL_FIELD_NUMBER: _ClassVar[int]
    ANCHOR_TIME_FIELD_NUMBER: _ClassVar[int]
    status: AnchorStatus
    network: str
    tx_hash: str
    content_hash: str
    explorer_url: str
    anchor_time: _timestamp_pb2.Timestamp
    def __init__(self, status: _Optional[_Union[AnchorStatus, str]] = ..., network: _Optional[str] = ..., tx_hash: _Optional[str] = ..., content_hash: _Optional[str] = ..., explorer_url: _Optional[str] = ..., anchor_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Certification(_message.Message):
    __slots__ = ("id", "template_id", "recipient_user_id", "recipient_name", "issuer_user_id", "issuer_name", "title", "description", "skill_id", "badge_image_url", "evidence_kind", "evidence_id", "grade", "status", "issue_time", "expire_time", "revoke_time", "revoke_reason", "verification_code", "verification_url", "blockchain_anchor", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_USER_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_NAME_FIELD_NUMBER: _ClassVar[int]
    ISSUER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ISSUER_NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    BADGE_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_KIND_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    GRADE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ISSUE_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    REVOKE_TIME_FIELD_NUMBER: _ClassVar[int]
    REVOKE_REASON_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_CODE_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_URL_FIELD_NUMBER: _ClassVar[int]
    BLOCKCHAIN_ANCHOR_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    template_id: str
    recipient_user_id: str
    recipient_name: str
    issuer_user_id: str
    issuer_name: str
    title: str
    description: str
    skill_id: str
    badge_image_url: str
    evidence_kind: EvidenceKind
    evidence_id: str
    grade: str
    status: CertificationStatus
    issue_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    revoke_time: _timestamp_pb2.Timestamp
    revoke_reason: str
    verification_code: str
    verification_url: str
    blockchain_anchor: BlockchainAnchor
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., template_id: _Optional[str] = ..., recipient_user_id: _Optional[str] = ..., recipient_name: _Optional[str] = ..., issuer_user_id: _Optional[str] = ..., issuer_name: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., skill_id: _Optional[str] = ..., badge_image_url: _Optional[str] = ..., evidence_kind: _Optional[_Union[EvidenceKind, str]] = ..., evidence_id: _Optional[str] = ..., grade: _Optional[str] = ..., status: _Optional[_Union[CertificationStatus, str]] = ..., issue_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoke_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoke_reason: _Optional[str] = ..., verification_code: _Optional[str] = ..., verification_url: _Optional[str] = ..., blockchain_anchor: _Optional[_Union[BlockchainAnchor, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateCertificationTemplateRequest(_message.Message):
    __slots__ = ("name", "description", "criteria", "skill_id", "issuer_name", "badge_image_url", "validity_months")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    ISSUER_NAME_FIELD_NUMBER: _ClassVar[int]
    BADGE_IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_MONTHS_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    criteria: str
    skill_id: str
    issuer_name: str
    badge_image_url: str
    validity_months: int
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., criteria: _Optional[str] = ..., skill_id: _Optional[str] = ..., issuer_name: _Optional[str] = ..., badge_image_url: _Optional[str] = ..., validity_months: _Optional[int] = ...) -> None: ...

class CreateCertificationTemplateResponse(_message.Message):
    __slots__ = ("template",)
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    template: CertificationTemplate
    def __init__(self, template: _Optional[_Union[CertificationTemplate, _Mapping]] = ...) -> None: ...

class GetCertificationTemplateRequest(_message.Message):
    __slots__ = ("template_id",)
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    def __init__(self, template_id: _Optional[str] = ...) -> None: ...

class GetCertificationTemplateResponse(_message.Message):
    __slots__ = ("template",)
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    template: CertificationTemplate
    def __init__(self, template: _Optional[_Union[CertificationTemplate, _Mapping]] = ...) -> None: ...

class ListCertificationTemplatesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "owner_user_id", "skill_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    OWNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    SKILL_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    owner_user_id: str
    skill_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., owner_user_id: _Optional[str] = ..., skill_id: _Optional[str] = ...) -> None: ...

class ListCertificationTemplatesResponse(_message.Message):
    __slots__ = ("templates", "next_page_token")
    TEMPLATES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    templates: _containers.RepeatedCompositeFieldContainer[CertificationTemplate]
    next_page_token: str
    def __init__(self, templates: _Optional[_Iterable[_Union[CertificationTemplate, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class IssueCertificationRequest(_message.Message):
    __slots__ = ("template_id", "recipient_user_id", "evidence_kind", "evidence_id", "grade", "expire_time", "anchor_on_blockchain", "idempotency_key")
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_USER_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_KIND_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_ID_FIELD_NUMBER: _ClassVar[int]
    GRADE_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    ANCHOR_ON_BLOCKCHAIN_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    template_id: str
    recipient_user_id: str
    evidence_kind: EvidenceKind
    evidence_id: str
    grade: str
    expire_time: _timestamp_pb2.Timestamp
    anchor_on_blockchain: bool
    idempotency_key: str
    def __init__(self, template_id: _Optional[str] = ..., recipient_user_id: _Optional[str] = ..., evidence_kind: _Optional[_Union[EvidenceKind, str]] = ..., evidence_id: _Optional[str] = ..., grade: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., anchor_on_blockchain: _Optional[bool] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class IssueCertificationResponse(_message.Message):
    __slots__ = ("certification",)
    CERTIFICATION_FIELD_NUMBER: _ClassVar[int]
    certification: Certification
    def __init__(self, certification: _Optional[_Union[Certification, _Mapping]] = ...) -> None: ...

class GetCertificationRequest(_message.Message):
    __slots__ = ("certification_id",)
    CERTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    certification_id: str
    def __init__(self, certification_id: _Optional[str] = ...) -> None: ...

class GetCertificationResponse(_message.Message):
    __slots__ = ("certification",)
    CERTIFICATION_FIELD_NUMBER: _ClassVar[int]
    certification: Certification
    def __init__(self, certification: _Optional[_Union[Certification, _Mapping]] = ...) -> None: ...

class VerifyCertificationRequest(_message.Message):
    __slots__ = ("verification_code",)
    VERIFICATION_CODE_FIELD_NUMBER: _ClassVar[int]
    verification_code: str
    def __init__(self, verification_code: _Optional[str] = ...) -> None: ...

class VerifyCertificationResponse(_message.Message):
    __slots__ = ("valid", "certification", "verify_time")
    VALID_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATION_FIELD_NUMBER: _ClassVar[int]
    VERIFY_TIME_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    certification: Certification
    verify_time: _timestamp_pb2.Timestamp
    def __init__(self, valid: _Optional[bool] = ..., certification: _Optional[_Union[Certification, _Mapping]] = ..., verify_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RevokeCertificationRequest(_message.Message):
    __slots__ = ("certification_id", "reason")
    CERTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    certification_id: str
    reason: str
    def __init__(self, certification_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RevokeCertificationResponse(_message.Message):
    __slots__ = ("certification",)
    CERTIFICATION_FIELD_NUMBER: _ClassVar[int]
    certification: Certification
    def __init__(self, certification: _Optional[_Union[Certification, _Mapping]] = ...) -> None: ...

class ListCertificationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "recipient_user_id", "issuer_user_id", "template_id", "statuses")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ISSUER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    recipient_user_id: str
    issuer_user_id: str
    template_id: str
    statuses: _containers.RepeatedScalarFieldContainer[CertificationStatus]
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., recipient_user_id: _Optional[str] = ..., issuer_user_id: _Optional[str] = ..., template_id: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[CertificationStatus, str]]] = ...) -> None: ...

class ListCertificationsResponse(_message.Message):
    __slots__ = ("certifications", "next_page_token")
    CERTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    certifications: _containers.RepeatedCompositeFieldContainer[Certification]
    next_page_token: str
    def __init__(self, certifications: _Optional[_Iterable[_Union[Certification, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetCertificationPdfRequest(_message.Message):
    __slots__ = ("certification_id",)
    CERTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    certification_id: str
    def __init__(self, certification_id: _Optional[str] = ...) -> None: ...

class GetCertificationPdfResponse(_message.Message):
    __slots__ = ("download_url", "expire_time", "file_name")
    DOWNLOAD_URL_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    download_url: str
    expire_time: _timestamp_pb2.Timestamp
    file_name: str
    def __init__(self, download_url: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., file_name: _Optional[str] = ...) -> None: ...

class GetCertificationShareLinkRequest(_message.Message):
    __slots__ = ("certification_id",)
    CERTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    certification_id: str
    def __init__(self, certification_id: _Optional[str] = ...) -> None: ...

class GetCertificationShareLinkResponse(_message.Message):
    __slots__ = ("verification_url", "linkedin_add_to_profile_url", "share_text")
    VERIFICATION_URL_FIELD_NUMBER: _ClassVar[int]
    LINKEDIN_ADD_TO_PROFILE_URL_FIELD_NUMBER: _ClassVar[int]
    SHARE_TEXT_FIELD_NUMBER: _ClassVar[int]
    verification_url: str
    linkedin_add_to_profile_url: str
    share_text: str
    def __init__(self, verification_url: _Optional[str] = ..., linkedin_add_to_profile_url: _Optional[str] = ..., share_text: _Optional[str] = ...) -> None: ...
