"""Revocation (RFC 7009) and introspection (RFC 7662) on Authlib's endpoint classes.

Access tokens are JWTs, so "finding" one means verifying our signature on it; refresh tokens are
found by their digest. Revoking an access token remembers its jti until it would have expired;
revoking a refresh token revokes its whole family, since a client that asks for that is ending
the sign-in, not one link of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any, ClassVar

from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint

from app.auth.assertions import PRIVATE_KEY_JWT
from app.auth.bearer import InvalidToken, read_own_token, verify_access_token
from app.auth.bridge import current
from app.auth.clients import RegisteredClient
from app.auth.digests import digest
from app.domain.deadlines import utcnow
from app.persistence.repositories import oauth as repo
from app.persistence.tables.oauth import OAuthRefreshToken

CONFIDENTIAL_AUTH_METHODS = ("client_secret_basic", PRIVATE_KEY_JWT)
REFRESH_TOKEN_HINT = "refresh_token"  # noqa: S105 (a parameter value, not a secret)
ACCESS_TOKEN_HINT = "access_token"  # noqa: S105


@dataclass(frozen=True)
class AccessTokenRef:
    claims: dict[str, Any]
    active: bool = True

    @property
    def client_id(self) -> str:
        return str(self.claims.get("client_id"))

    def check_client(self, client: RegisteredClient) -> bool:
        return self.client_id == client.client_id

    def is_expired(self) -> bool:
        return not self.active

    def is_revoked(self) -> bool:
        return not self.active


@dataclass(frozen=True)
class RefreshTokenRef:
    row: OAuthRefreshToken

    @property
    def client_id(self) -> str:
        return self.row.client_id

    def check_client(self, client: RegisteredClient) -> bool:
        return self.row.client_id == client.client_id

    def is_expired(self) -> bool:
        return self.row.expires_at <= utcnow()

    def is_revoked(self) -> bool:
        return self.row.revoked_at is not None or self.row.rotated_at is not None


TokenRef = AccessTokenRef | RefreshTokenRef


def _refresh_token(token_string: str) -> RefreshTokenRef | None:
    call = current()
    row = call.run(partial(repo.refresh_token, call.session, digest(token_string)))
    return RefreshTokenRef(row) if row is not None else None


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    # Public clients (sign-in apps) must be able to end their own sign-in too.
    CLIENT_AUTH_METHODS: ClassVar[list[str]] = [*CONFIDENTIAL_AUTH_METHODS, "none"]

    def query_token(self, token_string: str, token_type_hint: str | None) -> TokenRef | None:
        call = current()
        if token_type_hint != REFRESH_TOKEN_HINT:
            claims = call.run(partial(read_own_token, token_string, call.session, call.settings))
            if claims is not None:
                return AccessTokenRef(claims)
        return _refresh_token(token_string)

    def revoke_token(self, token: TokenRef, request: Any) -> None:
        call = current()
        now = utcnow()
        if isinstance(token, AccessTokenRef):
            expires_at = datetime.fromtimestamp(float(token.claims["exp"]), UTC)
            if expires_at > now:
                jti = str(token.claims["jti"])
                call.run(partial(repo.revoke_access_token, call.session, jti, expires_at, now))
            return
        call.run(partial(repo.revoke_refresh_family, call.session, token.row.family_id, now))


class Introspection(IntrospectionEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS: ClassVar[list[str]] = list(CONFIDENTIAL_AUTH_METHODS)

    def query_token(self, token_string: str, token_type_hint: str | None) -> TokenRef | None:
        call = current()
        if token_type_hint != REFRESH_TOKEN_HINT:
            verify = partial(verify_access_token, token_string, call.session, call.settings)
            try:
                return AccessTokenRef(call.run(verify).claims)
            except InvalidToken:
                if token_type_hint == ACCESS_TOKEN_HINT:
                    return None
        return _refresh_token(token_string)

    def check_permission(self, token: TokenRef, client: RegisteredClient, request: Any) -> bool:
        """A client may introspect the tokens issued to it. A resource server that is not the
        API itself (one that would introspect everybody's tokens) would be a client flag added
        here."""
        return token.check_client(client)

    def introspect_token(self, token: TokenRef) -> dict[str, Any]:
        if isinstance(token, AccessTokenRef):
            return {"active": True, "token_type": "Bearer", **token.claims}
        row = token.row
        return {
            "active": True,
            "token_type": "refresh_token",
            "client_id": row.client_id,
            "sub": str(row.professional_id),
            "scope": row.scope,
            "iat": int(row.issued_at.timestamp()),
            "exp": int(row.expires_at.timestamp()),
            "iss": current().settings.issuer,
        }
