"""The professional a sign-in grant issues tokens for, as Authlib's grants pass it around.

Besides who it is, it carries what the tokens of this grant are tied to: the refresh-token family
(one per sign-in, so that a stolen token's reuse ends exactly that sign-in) and, for the first
access token of a sign-in, its `jti`, derived from the authorization code, so that a replayed code
can revoke the access token issued from it without a table of issued tokens.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SignedInUser:
    professional_id: uuid.UUID
    auth_time: datetime | None = None
    """When the professional typed the password (the ID token's `auth_time`)."""
    family_id: uuid.UUID | None = None
    refresh_expires_at: datetime | None = None
    """When the sign-in ends: a rotated refresh token keeps its family's end."""
    refresh_scope: str | None = None
    """The scope a new refresh token carries (the family's, even when a refresh narrows the
    access token's)."""
    access_jti: str | None = None

    def get_user_id(self) -> str:
        return str(self.professional_id)


def family_of(code_hash: str) -> uuid.UUID:
    """The refresh-token family started by an authorization code."""
    return uuid.UUID(hashlib.sha256(b"family:" + code_hash.encode()).hexdigest()[:32])


def access_jti_of(code_hash: str) -> str:
    """The jti of the access token an authorization code was exchanged for."""
    return hashlib.sha256(b"access:" + code_hash.encode()).hexdigest()[:32]
