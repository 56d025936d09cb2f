"""The authorization-code grant (RFC 6749 §4.1) for professionals signing in through an app, with
PKCE (RFC 7636) required of every client, public or confidential, and S256 the only method.

Codes live a minute, are stored as digests, and are single-use: the first exchange marks the code
used in one conditional UPDATE, so two exchanges at once cannot both win. A code presented again
is treated as stolen (RFC 6749 §4.1.2): the refresh-token family it started is revoked, and so is
the access token it was exchanged for (whose jti is derived from the code).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, ClassVar

import structlog
from authlib.oauth2.rfc6749 import InvalidRequestError, InvalidScopeError, OAuth2Request
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin

from app.auth.assertions import PRIVATE_KEY_JWT
from app.auth.bridge import current
from app.auth.clients import RegisteredClient
from app.auth.digests import digest, new_secret
from app.auth.signed_in import SignedInUser, access_jti_of, family_of
from app.domain.deadlines import utcnow
from app.persistence.repositories import oauth as repo
from app.persistence.tables.oauth import OAuthAuthorizationCode

log = structlog.get_logger()

S256 = "S256"
SIGN_IN_AUTH_METHODS = ["client_secret_basic", PRIVATE_KEY_JWT, "none"]


class S256Only(CodeChallenge):  # type: ignore[misc]
    """PKCE with S256, required: a request without a challenge, or with `plain` (or no method,
    which RFC 7636 reads as plain), is `invalid_request`, sent back to the client's
    (already validated) redirect URI."""

    SUPPORTED_CODE_CHALLENGE_METHOD: ClassVar[list[str]] = [S256]
    DEFAULT_CODE_CHALLENGE_METHOD = S256

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError(
                "PKCE is required: send code_challenge with code_challenge_method=S256."
            )
        if data.get("code_challenge_method") != S256:
            raise InvalidRequestError("Only code_challenge_method=S256 is supported.")
        super().validate_code_challenge(grant, redirect_uri)


@dataclass(frozen=True)
class IssuedCode(AuthorizationCodeMixin):  # type: ignore[misc]
    """A snapshot of a code's row, safe to read in Authlib's worker thread."""

    code_hash: str
    client_id: str
    professional_id: uuid.UUID
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: datetime
    expires_at: datetime
    used_at: datetime | None

    @classmethod
    def of(cls, row: OAuthAuthorizationCode) -> IssuedCode:
        return cls(
            code_hash=row.code_hash,
            client_id=row.client_id,
            professional_id=row.professional_id,
            redirect_uri=row.redirect_uri,
            scope=row.scope,
            nonce=row.nonce,
            code_challenge=row.code_challenge,
            code_challenge_method=row.code_challenge_method,
            auth_time=row.auth_time,
            expires_at=row.expires_at,
            used_at=row.used_at,
        )

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return int(self.auth_time.timestamp())


class ProfessionalAuthorizationCode(AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = SIGN_IN_AUTH_METHODS

    @staticmethod
    def validate_authorization_redirect_uri(
        request: OAuth2Request, client: RegisteredClient
    ) -> str:
        """`redirect_uri` is required (OpenID Connect asks for it anyway), so the client always
        says where it expects the answer and the token request can be held to the same URI.
        These errors are never redirected: the URI is not trusted."""
        redirect_uri = request.payload.redirect_uri
        if not redirect_uri:
            raise InvalidRequestError("Missing 'redirect_uri' in request.")
        if not client.check_redirect_uri(redirect_uri):
            raise InvalidRequestError("The redirect_uri is not registered for this client.")
        return str(redirect_uri)

    def validate_authorization_request(self) -> str:
        redirect_uri = str(super().validate_authorization_request())
        if not self.request.scope:
            raise InvalidScopeError(
                "None of the requested scopes is allowed to this client.", redirect_uri=redirect_uri
            )
        return redirect_uri

    def generate_authorization_code(self) -> str:
        return new_secret()

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        call = current()
        user: SignedInUser = request.user
        now = utcnow()
        data = request.payload.data
        row = OAuthAuthorizationCode(
            code_hash=digest(code),
            client_id=request.client.client_id,
            professional_id=user.professional_id,
            redirect_uri=request.payload.redirect_uri,
            scope=request.scope,
            nonce=data.get("nonce"),
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
            auth_time=user.auth_time or now,
            expires_at=now + call.settings.authorization_code_lifetime,
        )

        async def save() -> None:
            # Used and expired codes are kept as long as a refresh token could live, to
            # recognise a replay; then they go.
            await repo.forget_expired_codes(
                call.session, now - call.settings.refresh_token_lifetime
            )
            await repo.add_authorization_code(call.session, row)

        call.run(save)

    def query_authorization_code(self, code: str, client: RegisteredClient) -> IssuedCode | None:
        call = current()
        code_hash = digest(code)
        row = call.run(partial(repo.authorization_code, call.session, code_hash))
        if row is None or row.client_id != client.client_id:
            return None
        issued = IssuedCode.of(row)
        now = utcnow()
        if issued.used_at is not None:
            self._revoke_tokens_of(issued, now)
            return None
        if issued.expires_at <= now:
            return None
        if not call.run(partial(repo.use_authorization_code, call.session, code_hash, now)):
            self._revoke_tokens_of(issued, now)
            return None
        return issued

    def delete_authorization_code(self, authorization_code: IssuedCode) -> None:
        """Nothing to do: the code was marked used when it was read, and stays, used, so that
        a replay is recognised."""

    def authenticate_user(self, authorization_code: IssuedCode) -> SignedInUser | None:
        call = current()
        person = call.run(
            partial(repo.professional, call.session, authorization_code.professional_id)
        )
        if person is None or not person.active:
            return None
        return SignedInUser(
            professional_id=authorization_code.professional_id,
            auth_time=authorization_code.auth_time,
            family_id=family_of(authorization_code.code_hash),
            refresh_scope=authorization_code.scope,
            access_jti=access_jti_of(authorization_code.code_hash),
        )

    @staticmethod
    def _revoke_tokens_of(issued: IssuedCode, now: datetime) -> None:
        call = current()
        log.warning(
            "oauth.code_replayed",
            client_id=issued.client_id,
            professional_id=str(issued.professional_id),
        )
        used_at = issued.used_at or now
        longest = call.settings.professional_token_lifetime + timedelta(
            seconds=call.settings.token_leeway_seconds
        )

        async def revoke() -> None:
            await repo.revoke_refresh_family(call.session, family_of(issued.code_hash), now)
            if used_at + longest > now:
                jti = access_jti_of(issued.code_hash)
                await repo.revoke_access_token(call.session, jti, used_at + longest, now)

        call.run(revoke)
