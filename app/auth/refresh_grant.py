"""The refresh-token grant (RFC 6749 §6) with rotation and reuse detection (RFC 9700 §4.14.2).

Every use of a refresh token returns a new one and marks the old one rotated. A rotated token
presented again means two parties hold the family, one of them a thief; the server cannot tell
which, so the whole family (the sign-in) is revoked and both must sign in again. The rotation is
one conditional UPDATE, so a token presented twice at once also counts as a reuse.

A family ends when the sign-in that started it ends (`refresh_token_lifetime` after the code
was exchanged): rotation never extends it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import ClassVar

import structlog
from authlib.oauth2.rfc6749 import InvalidGrantError
from authlib.oauth2.rfc6749.grants import RefreshTokenGrant

from app.auth.bridge import current
from app.auth.clients import RegisteredClient
from app.auth.code_grant import SIGN_IN_AUTH_METHODS
from app.auth.digests import digest
from app.auth.signed_in import SignedInUser
from app.domain.deadlines import utcnow
from app.persistence.repositories import oauth as repo
from app.persistence.tables.oauth import OAuthRefreshToken

log = structlog.get_logger()


@dataclass(frozen=True)
class HeldRefreshToken:
    """A snapshot of a refresh token's row, safe to read in Authlib's worker thread."""

    token_hash: str
    family_id: uuid.UUID
    client_id: str
    professional_id: uuid.UUID
    scope: str
    expires_at: datetime

    @classmethod
    def of(cls, row: OAuthRefreshToken) -> HeldRefreshToken:
        return cls(
            row.token_hash,
            row.family_id,
            row.client_id,
            row.professional_id,
            row.scope,
            row.expires_at,
        )

    def check_client(self, client: RegisteredClient) -> bool:
        return self.client_id == client.client_id

    def get_scope(self) -> str:
        return self.scope


class RotatingRefreshToken(RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = SIGN_IN_AUTH_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token: str) -> HeldRefreshToken | None:
        call = current()
        row = call.run(partial(repo.refresh_token, call.session, digest(refresh_token)))
        if row is None or row.revoked_at is not None:
            return None
        held = HeldRefreshToken.of(row)
        if row.rotated_at is not None:
            self._reused(held)
            return None
        if held.expires_at <= utcnow():
            return None
        return held

    def validate_token_request(self) -> None:
        super().validate_token_request()
        held: HeldRefreshToken = self.request.refresh_token
        call = current()
        rotate = partial(repo.rotate_refresh_token, call.session, held.token_hash, utcnow())
        if not call.run(rotate):
            self._reused(held)
            raise InvalidGrantError("The refresh token has already been used.")

    def authenticate_user(self, refresh_token: HeldRefreshToken) -> SignedInUser | None:
        call = current()
        person = call.run(partial(repo.professional, call.session, refresh_token.professional_id))
        if person is None or not person.active:
            return None
        return SignedInUser(
            professional_id=refresh_token.professional_id,
            family_id=refresh_token.family_id,
            refresh_expires_at=refresh_token.expires_at,
            refresh_scope=refresh_token.scope,
        )

    def revoke_old_credential(self, refresh_token: HeldRefreshToken) -> None:
        """Nothing left to do: the old token was marked rotated when it was accepted."""

    @staticmethod
    def _reused(held: HeldRefreshToken) -> None:
        call = current()
        log.warning(
            "oauth.refresh_token_reused",
            client_id=held.client_id,
            professional_id=str(held.professional_id),
            family_id=str(held.family_id),
        )
        call.run(partial(repo.revoke_refresh_family, call.session, held.family_id, utcnow()))
