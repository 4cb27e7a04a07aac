"""gRPC servicer of skillsphere.auth.v1.AuthService: proto ⇄ domain, one service call per RPC."""

from __future__ import annotations

import uuid
from typing import Any

from skillsphere.auth.v1 import auth_pb2, auth_pb2_grpc

from internal.auth.models import ClientInfo, IssuedTokens, SessionView, ValidatedToken
from internal.auth.service import AuthService
from pkg.grpcx.context import current_caller, current_peer, user_agent_var
from pkg.grpcx.convert import timestamp

_ROLES = {
    "learner": auth_pb2.ROLE_LEARNER,
    "mentor": auth_pb2.ROLE_MENTOR,
    "admin": auth_pb2.ROLE_ADMIN,
}
_METHODS = {
    "password": auth_pb2.SIGN_IN_METHOD_PASSWORD,
    "google": auth_pb2.SIGN_IN_METHOD_GOOGLE,
    "github": auth_pb2.SIGN_IN_METHOD_GITHUB,
}
_PROVIDERS = {
    auth_pb2.IDENTITY_PROVIDER_GOOGLE: "google",
    auth_pb2.IDENTITY_PROVIDER_GITHUB: "github",
}


def _roles(roles: tuple[str, ...]) -> list[Any]:
    return [_ROLES[r] for r in roles if r in _ROLES]


def tokens_to_proto(tokens: IssuedTokens) -> auth_pb2.AuthTokens:
    """AuthTokens of a sign-in or refresh."""
    return auth_pb2.AuthTokens(
        access_token=tokens.access_token,
        access_token_expire_time=timestamp(tokens.access_token_expires_at),
        refresh_token=tokens.refresh_token,
        refresh_token_expire_time=timestamp(tokens.refresh_token_expires_at),
        token_type="Bearer",  # noqa: S106 - the token scheme, not a secret
        user_id=str(tokens.account_id),
        roles=_roles(tokens.roles),
        email_verified=tokens.email_verified,
        session_id=str(tokens.session_id),
    )


def claims_to_proto(claims: ValidatedToken) -> auth_pb2.TokenClaims:
    """TokenClaims of a validated access token."""
    return auth_pb2.TokenClaims(
        user_id=claims.subject,
        session_id=claims.session_id,
        roles=_roles(claims.roles),
        email_verified=claims.email_verified,
        issuer=claims.issuer,
        audiences=list(claims.audiences),
        issue_time=timestamp(claims.issued_at),
        expire_time=timestamp(claims.expires_at),
        token_id=claims.token_id,
        key_id=claims.key_id,
    )


def session_to_proto(session: SessionView) -> auth_pb2.AuthSession:
    """One entry of ListSessions."""
    return auth_pb2.AuthSession(
        id=str(session.id),
        sign_in_method=_METHODS.get(session.sign_in_method, auth_pb2.SIGN_IN_METHOD_UNSPECIFIED),
        device_name=session.device_name,
        user_agent=session.user_agent,
        ip_address=session.ip_address,
        create_time=timestamp(session.created_at),
        last_use_time=timestamp(session.last_used_at),
        expire_time=timestamp(session.expires_at),
        current=session.current,
    )


def _client(device_name: str = "") -> ClientInfo:
    return ClientInfo(ip_address=current_peer(), user_agent=user_agent_var.get(), device_name=device_name)


class AuthHandler(auth_pb2_grpc.AuthServiceServicer):
    """Every RPC of AuthService."""

    def __init__(self, service: AuthService) -> None:
        self._service = service

    async def Register(self, request: auth_pb2.RegisterRequest, context: Any) -> auth_pb2.RegisterResponse:  # noqa: N802
        tokens = await self._service.register(
            email=request.email, password=request.password, client=_client(request.device_name)
        )
        return auth_pb2.RegisterResponse(tokens=tokens_to_proto(tokens))

    async def Login(self, request: auth_pb2.LoginRequest, context: Any) -> auth_pb2.LoginResponse:  # noqa: N802
        tokens = await self._service.login(
            email=request.email, password=request.password, client=_client(request.device_name)
        )
        return auth_pb2.LoginResponse(tokens=tokens_to_proto(tokens))

    async def Logout(self, request: auth_pb2.LogoutRequest, context: Any) -> auth_pb2.LogoutResponse:  # noqa: N802
        count = await self._service.logout(caller=current_caller(), all_sessions=request.all_sessions, client=_client())
        return auth_pb2.LogoutResponse(revoked_session_count=count)

    async def RefreshToken(  # noqa: N802
        self, request: auth_pb2.RefreshTokenRequest, context: Any
    ) -> auth_pb2.RefreshTokenResponse:
        tokens = await self._service.refresh_token(refresh_token=request.refresh_token, client=_client())
        return auth_pb2.RefreshTokenResponse(tokens=tokens_to_proto(tokens))

    async def ValidateToken(  # noqa: N802
        self, request: auth_pb2.ValidateTokenRequest, context: Any
    ) -> auth_pb2.ValidateTokenResponse:
        claims = await self._service.validate_token(access_token=request.access_token)
        return auth_pb2.ValidateTokenResponse(claims=claims_to_proto(claims))

    async def StartOAuthLogin(  # noqa: N802
        self, request: auth_pb2.StartOAuthLoginRequest, context: Any
    ) -> auth_pb2.StartOAuthLoginResponse:
        started = await self._service.start_oauth_login(
            provider=_PROVIDERS[request.provider], redirect_uri=request.redirect_uri, login_hint=request.login_hint
        )
        return auth_pb2.StartOAuthLoginResponse(
            authorization_url=started.authorization_url,
            state=started.state,
            expire_time=timestamp(started.expires_at),
        )

    async def OAuthLogin(self, request: auth_pb2.OAuthLoginRequest, context: Any) -> auth_pb2.OAuthLoginResponse:  # noqa: N802
        result = await self._service.oauth_login(
            provider=_PROVIDERS[request.provider],
            code=request.code,
            state=request.state,
            client=_client(request.device_name),
        )
        return auth_pb2.OAuthLoginResponse(
            tokens=tokens_to_proto(result.tokens),
            account_created=result.account_created,
            identity_linked=result.identity_linked,
        )

    async def RequestPasswordReset(  # noqa: N802
        self, request: auth_pb2.RequestPasswordResetRequest, context: Any
    ) -> auth_pb2.RequestPasswordResetResponse:
        await self._service.request_password_reset(email=request.email, client=_client())
        return auth_pb2.RequestPasswordResetResponse()

    async def ResetPassword(  # noqa: N802
        self, request: auth_pb2.ResetPasswordRequest, context: Any
    ) -> auth_pb2.ResetPasswordResponse:
        count = await self._service.reset_password(
            token=request.token, new_password=request.new_password, client=_client()
        )
        return auth_pb2.ResetPasswordResponse(revoked_session_count=count)

    async def ChangePassword(  # noqa: N802
        self, request: auth_pb2.ChangePasswordRequest, context: Any
    ) -> auth_pb2.ChangePasswordResponse:
        count = await self._service.change_password(
            caller=current_caller(),
            current_password=request.current_password,
            new_password=request.new_password,
            client=_client(),
        )
        return auth_pb2.ChangePasswordResponse(revoked_session_count=count)

    async def VerifyEmail(self, request: auth_pb2.VerifyEmailRequest, context: Any) -> auth_pb2.VerifyEmailResponse:  # noqa: N802
        verified = await self._service.verify_email(token=request.token, client=_client())
        return auth_pb2.VerifyEmailResponse(user_id=str(verified.account_id), email=verified.email)

    async def ResendVerificationEmail(  # noqa: N802
        self, request: auth_pb2.ResendVerificationEmailRequest, context: Any
    ) -> auth_pb2.ResendVerificationEmailResponse:
        next_time = await self._service.resend_verification_email(caller=current_caller(), client=_client())
        return auth_pb2.ResendVerificationEmailResponse(next_resend_time=timestamp(next_time))

    async def ListSessions(  # noqa: N802
        self, request: auth_pb2.ListSessionsRequest, context: Any
    ) -> auth_pb2.ListSessionsResponse:
        page = await self._service.list_sessions(
            caller=current_caller(), page_size=request.page_size, page_token=request.page_token
        )
        return auth_pb2.ListSessionsResponse(
            sessions=[session_to_proto(s) for s in page.items], next_page_token=page.next_page_token
        )

    async def RevokeSession(  # noqa: N802
        self, request: auth_pb2.RevokeSessionRequest, context: Any
    ) -> auth_pb2.RevokeSessionResponse:
        await self._service.revoke_session(
            caller=current_caller(), session_id=uuid.UUID(request.session_id), client=_client()
        )
        return auth_pb2.RevokeSessionResponse()

    async def RevokeOtherSessions(  # noqa: N802
        self, request: auth_pb2.RevokeOtherSessionsRequest, context: Any
    ) -> auth_pb2.RevokeOtherSessionsResponse:
        count = await self._service.revoke_other_sessions(caller=current_caller(), client=_client())
        return auth_pb2.RevokeOtherSessionsResponse(revoked_session_count=count)
