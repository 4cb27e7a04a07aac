import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from skillsphere.common.v1 import errors_pb2 as _errors_pb2
from skillsphere.common.v1 import validate_pb2 as _validate_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROLE_UNSPECIFIED: _ClassVar[Role]
    ROLE_LEARNER: _ClassVar[Role]
    ROLE_MENTOR: _ClassVar[Role]
    ROLE_ADMIN: _ClassVar[Role]

class IdentityProvider(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IDENTITY_PROVIDER_UNSPECIFIED: _ClassVar[IdentityProvider]
    IDENTITY_PROVIDER_GOOGLE: _ClassVar[IdentityProvider]
    IDENTITY_PROVIDER_GITHUB: _ClassVar[IdentityProvider]

class SignInMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SIGN_IN_METHOD_UNSPECIFIED: _ClassVar[SignInMethod]
    SIGN_IN_METHOD_PASSWORD: _ClassVar[SignInMethod]
    SIGN_IN_METHOD_GOOGLE: _ClassVar[SignInMethod]
    SIGN_IN_METHOD_GITHUB: _ClassVar[SignInMethod]

class ErrorReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERROR_REASON_UNSPECIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_AUTHENTICATION_REQUIRED: _ClassVar[ErrorReason]
    ERROR_REASON_TOKEN_INVALID: _ClassVar[ErrorReason]
    ERROR_REASON_TOKEN_EXPIRED: _ClassVar[ErrorReason]
    ERROR_REASON_SESSION_REVOKED: _ClassVar[ErrorReason]
    ERROR_REASON_ROLE_REQUIRED: _ClassVar[ErrorReason]
    ERROR_REASON_INVALID_CREDENTIALS: _ClassVar[ErrorReason]
    ERROR_REASON_ACCOUNT_LOCKED: _ClassVar[ErrorReason]
    ERROR_REASON_ACCOUNT_DISABLED: _ClassVar[ErrorReason]
    ERROR_REASON_EMAIL_TAKEN: _ClassVar[ErrorReason]
    ERROR_REASON_EMAIL_NOT_VERIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_EMAIL_ALREADY_VERIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_PASSWORD_TOO_WEAK: _ClassVar[ErrorReason]
    ERROR_REASON_CURRENT_PASSWORD_INCORRECT: _ClassVar[ErrorReason]
    ERROR_REASON_NO_PASSWORD_SET: _ClassVar[ErrorReason]
    ERROR_REASON_REFRESH_TOKEN_INVALID: _ClassVar[ErrorReason]
    ERROR_REASON_REFRESH_TOKEN_REUSED: _ClassVar[ErrorReason]
    ERROR_REASON_VERIFICATION_TOKEN_INVALID: _ClassVar[ErrorReason]
    ERROR_REASON_RESET_TOKEN_INVALID: _ClassVar[ErrorReason]
    ERROR_REASON_RESEND_COOLDOWN: _ClassVar[ErrorReason]
    ERROR_REASON_SESSION_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_PROVIDER_NOT_CONFIGURED: _ClassVar[ErrorReason]
    ERROR_REASON_REDIRECT_URI_NOT_ALLOWED: _ClassVar[ErrorReason]
    ERROR_REASON_OAUTH_STATE_INVALID: _ClassVar[ErrorReason]
    ERROR_REASON_OAUTH_CODE_REJECTED: _ClassVar[ErrorReason]
    ERROR_REASON_OAUTH_EMAIL_NOT_VERIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_OAUTH_PROVIDER_UNAVAILABLE: _ClassVar[ErrorReason]
    ERROR_REASON_IDENTITY_LINKED: _ClassVar[ErrorReason]
ROLE_UNSPECIFIED: Role
ROLE_LEARNER: Role
ROLE_MENTOR: Role
ROLE_ADMIN: Role
IDENTITY_PROVIDER_UNSPECIFIED: IdentityProvider
IDENTITY_PROVIDER_GOOGLE: IdentityProvider
IDENTITY_PROVIDER_GITHUB: IdentityProvider
SIGN_IN_METHOD_UNSPECIFIED: SignInMethod
SIGN_IN_METHOD_PASSWORD: SignInMethod
SIGN_IN_METHOD_GOOGLE: SignInMethod
SIGN_IN_METHOD_GITHUB: SignInMethod
ERROR_REASON_UNSPECIFIED: ErrorReason
ERROR_REASON_AUTHENTICATION_REQUIRED: ErrorReason
ERROR_REASON_TOKEN_INVALID: ErrorReason
ERROR_REASON_TOKEN_EXPIRED: ErrorReason
ERROR_REASON_SESSION_REVOKED: ErrorReason
ERROR_REASON_ROLE_REQUIRED: ErrorReason
ERROR_REASON_INVALID_CREDENTIALS: ErrorReason
ERROR_REASON_ACCOUNT_LOCKED: ErrorReason
ERROR_REASON_ACCOUNT_DISABLED: ErrorReason
ERROR_REASON_EMAIL_TAKEN: ErrorReason
ERROR_REASON_EMAIL_NOT_VERIFIED: ErrorReason
ERROR_REASON_EMAIL_ALREADY_VERIFIED: ErrorReason
ERROR_REASON_PASSWORD_TOO_WEAK: ErrorReason
ERROR_REASON_CURRENT_PASSWORD_INCORRECT: ErrorReason
ERROR_REASON_NO_PASSWORD_SET: ErrorReason
ERROR_REASON_REFRESH_TOKEN_INVALID: ErrorReason
ERROR_REASON_REFRESH_TOKEN_REUSED: ErrorReason
ERROR_REASON_VERIFICATION_TOKEN_INVALID: ErrorReason
ERROR_REASON_RESET_TOKEN_INVALID: ErrorReason
ERROR_REASON_RESEND_COOLDOWN: ErrorReason
ERROR_REASON_SESSION_NOT_FOUND: ErrorReason
ERROR_REASON_PROVIDER_NOT_CONFIGURED: ErrorReason
ERROR_REASON_REDIRECT_URI_NOT_ALLOWED: ErrorReason
ERROR_REASON_OAUTH_STATE_INVALID: ErrorReason
ERROR_REASON_OAUTH_CODE_REJECTED: ErrorReason
ERROR_REASON_OAUTH_EMAIL_NOT_VERIFIED: ErrorReason
ERROR_REASON_OAUTH_PROVIDER_UNAVAILABLE: ErrorReason
ERROR_REASON_IDENTITY_LINKED: ErrorReason

class AuthTokens(_message.Message):
    __slots__ = ("access_token", "access_token_expire_time", "refresh_token", "refresh_token_expire_time", "token_type", "user_id", "roles", "email_verified", "session_id")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ACCESS_TOKEN_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    TOKEN_TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    EMAIL_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    access_token_expire_time: _timestamp_pb2.Timestamp
    refresh_token: str
    refresh_token_expire_time: _timestamp_pb2.Timestamp
    token_type: str
    user_id: str
    roles: _containers.RepeatedScalarFieldContainer[Role]
    email_verified: bool
    session_id: str
    def __init__(self, access_token: _Optional[str] = ..., access_token_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., refresh_token: _Optional[str] = ..., refresh_token_expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., token_type: _Optional[str] = ..., user_id: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[Role, str]]] = ..., email_verified: _Optional[bool] = ..., session_id: _Optional[str] = ...) -> None: ...

class TokenClaims(_message.Message):
    __slots__ = ("user_id", "session_id", "roles", "email_verified", "issuer", "audiences", "issue_time", "expire_time", "token_id", "key_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    EMAIL_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    AUDIENCES_FIELD_NUMBER: _ClassVar[int]
    ISSUE_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    session_id: str
    roles: _containers.RepeatedScalarFieldContainer[Role]
    email_verified: bool
    issuer: str
    audiences: _containers.RepeatedScalarFieldContainer[str]
    issue_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    token_id: str
    key_id: str
    def __init__(self, user_id: _Optional[str] = ..., session_id: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[Role, str]]] = ..., email_verified: _Optional[bool] = ..., issuer: _Optional[str] = ..., audiences: _Optional[_Iterable[str]] = ..., issue_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., token_id: _Optional[str] = ..., key_id: _Optional[str] = ...) -> None: ...

class AuthSession(_message.Message):
    __slots__ = ("id", "sign_in_method", "device_name", "user_agent", "ip_address", "create_time", "last_use_time", "expire_time", "current")
    ID_FIELD_NUMBER: _ClassVar[int]
    SIGN_IN_METHOD_FIELD_NUMBER: _ClassVar[int]
    DEVICE_NAME_FIELD_NUMBER: _ClassVar[int]
    USER_AGENT_FIELD_NUMBER: _ClassVar[int]
    IP_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_USE_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    CURRENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    sign_in_method: SignInMethod
    device_name: str
    user_agent: str
    ip_address: str
    create_time: _timestamp_pb2.Timestamp
    last_use_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    current: bool
    def __init__(self, id: _Optional[str] = ..., sign_in_method: _Optional[_Union[SignInMethod, str]] = ..., device_name: _Optional[str] = ..., user_agent: _Optional[str] = ..., ip_address: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_use_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., current: _Optional[bool] = ...) -> None: ...

class RegisterRequest(_message.Message):
    __slots__ = ("email", "password", "device_name")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    DEVICE_NAME_FIELD_NUMBER: _ClassVar[int]
    email: str
    password: str
    device_name: str
    def __init__(self, email: _Optional[str] = ..., password: _Optional[str] = ..., device_name: _Optional[str] = ...) -> None: ...

class RegisterResponse(_message.Message):
    __slots__ = ("tokens",)
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    tokens: AuthTokens
    def __init__(self, tokens: _Optional[_Union[AuthTokens, _Mapping]] = ...) -> None: ...

class LoginRequest(_message.Message):
    __slots__ = ("email", "password", "device_name")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    DEVICE_NAME_FIELD_NUMBER: _ClassVar[int]
    email: str
    password: str
    device_name: str
    def __init__(self, email: _Optional[str] = ..., password: _Optional[str] = ..., device_name: _Optional[str] = ...) -> None: ...

class LoginResponse(_message.Message):
    __slots__ = ("tokens",)
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    tokens: AuthTokens
    def __init__(self, tokens: _Optional[_Union[AuthTokens, _Mapping]] = ...) -> None: ...

class LogoutRequest(_message.Message):
    __slots__ = ("all_sessions",)
    ALL_SESSIONS_FIELD_NUMBER: _ClassVar[int]
    all_sessions: bool
    def __init__(self, all_sessions: _Optional[bool] = ...) -> None: ...

class LogoutResponse(_message.Message):
    __slots__ = ("revoked_session_count",)
    REVOKED_SESSION_COUNT_FIELD_NUMBER: _ClassVar[int]
    revoked_session_count: int
    def __init__(self, revoked_session_count: _Optional[int] = ...) -> None: ...

class RefreshTokenRequest(_message.Message):
    __slots__ = ("refresh_token",)
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    refresh_token: str
    def __init__(self, refresh_token: _Optional[str] = ...) -> None: ...

class RefreshTokenResponse(_message.Message):
    __slots__ = ("tokens",)
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    tokens: AuthTokens
    def __init__(self, tokens: _Optional[_Union[AuthTokens, _Mapping]] = ...) -> None: ...

class ValidateTokenRequest(_message.Message):
    __slots__ = ("access_token",)
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    def __init__(self, access_token: _Optional[str] = ...) -> None: ...

class ValidateTokenResponse(_message.Message):
    __slots__ = ("claims",)
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    claims: TokenClaims
    def __init__(self, claims: _Optional[_Union[TokenClaims, _Mapping]] = ...) -> None: ...

class StartOAuthLoginRequest(_message.Message):
    __slots__ = ("provider", "redirect_uri", "login_hint")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    LOGIN_HINT_FIELD_NUMBER: _ClassVar[int]
    provider: IdentityProvider
    redirect_uri: str
    login_hint: str
    def __init__(self, provider: _Optional[_Union[IdentityProvider, str]] = ..., redirect_uri: _Optional[str] = ..., login_hint: _Optional[str] = ...) -> None: ...

class StartOAuthLoginResponse(_message.Message):
    __slots__ = ("authorization_url", "state", "expire_time")
    AUTHORIZATION_URL_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    authorization_url: str
    state: str
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, authorization_url: _Optional[str] = ..., state: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class OAuthLoginRequest(_message.Message):
    __slots__ = ("provider", "code", "state", "device_name")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    DEVICE_NAME_FIELD_NUMBER: _ClassVar[int]
    provider: IdentityProvider
    code: str
    state: str
    device_name: str
    def __init__(self, provider: _Optional[_Union[IdentityProvider, str]] = ..., code: _Optional[str] = ..., state: _Optional[str] = ..., device_name: _Optional[str] = ...) -> None: ...

class OAuthLoginResponse(_message.Message):
    __slots__ = ("tokens", "account_created", "identity_linked")
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_CREATED_FIELD_NUMBER: _ClassVar[int]
    IDENTITY_LINKED_FIELD_NUMBER: _ClassVar[int]
    tokens: AuthTokens
    account_created: bool
    identity_linked: bool
    def __init__(self, tokens: _Optional[_Union[AuthTokens, _Mapping]] = ..., account_created: _Optional[bool] = ..., identity_linked: _Optional[bool] = ...) -> None: ...

class RequestPasswordResetRequest(_message.Message):
    __slots__ = ("email",)
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    email: str
    def __init__(self, email: _Optional[str] = ...) -> None: ...

class RequestPasswordResetResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResetPasswordRequest(_message.Message):
    __slots__ = ("token", "new_password")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    NEW_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    token: str
    new_password: str
    def __init__(self, token: _Optional[str] = ..., new_password: _Optional[str] = ...) -> None: ...

class ResetPasswordResponse(_message.Message):
    __slots__ = ("revoked_session_count",)
    REVOKED_SESSION_COUNT_FIELD_NUMBER: _ClassVar[int]
    revoked_session_count: int
    def __init__(self, revoked_session_count: _Optional[int] = ...) -> None: ...

class ChangePasswordRequest(_message.Message):
    __slots__ = ("current_password", "new_password")
    CURRENT_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    NEW_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    current_password: str
    new_password: str
    def __init__(self, current_password: _Optional[str] = ..., new_password: _Optional[str] = ...) -> None: ...

class ChangePasswordResponse(_message.Message):
    __slots__ = ("revoked_session_count",)
    REVOKED_SESSION_COUNT_FIELD_NUMBER: _ClassVar[int]
    revoked_session_count: int
    def __init__(self, revoked_session_count: _Optional[int] = ...) -> None: ...

class VerifyEmailRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class VerifyEmailResponse(_message.Message):
    __slots__ = ("user_id", "email")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    email: str
    def __init__(self, user_id: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class ResendVerificationEmailRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResendVerificationEmailResponse(_message.Message):
    __slots__ = ("next_resend_time",)
    NEXT_RESEND_TIME_FIELD_NUMBER: _ClassVar[int]
    next_resend_time: _timestamp_pb2.Timestamp
    def __init__(self, next_resend_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListSessionsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSessionsResponse(_message.Message):
    __slots__ = ("sessions", "next_page_token")
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[AuthSession]
    next_page_token: str
    def __init__(self, sessions: _Optional[_Iterable[_Union[AuthSession, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RevokeSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class RevokeSessionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RevokeOtherSessionsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RevokeOtherSessionsResponse(_message.Message):
    __slots__ = ("revoked_session_count",)
    REVOKED_SESSION_COUNT_FIELD_NUMBER: _ClassVar[int]
    revoked_session_count: int
    def __init__(self, revoked_session_count: _Optional[int] = ...) -> None: ...
