"""The authorization server's state: clients, signing keys, sign-in credentials, codes and tokens.

No secret is stored as given: client secrets and passwords as argon2 hashes, codes and refresh
tokens as SHA-256 digests (they are long random strings, so a fast digest is enough and lets them
be looked up by value). Access tokens are self-contained JWTs and are not stored at all; only the
ids of revoked ones are kept, until they would have expired anyway.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from app.persistence.base import JSONType, UTCDateTime, json_field, optional_timestamp, timestamp

CLIENT_KINDS = ("system", "public", "confidential")
CLIENT_AUTH_METHODS = ("client_secret_basic", "private_key_jwt", "none")
KEY_STATUSES = ("active", "retiring", "retired")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class OAuthClient(SQLModel, table=True):
    """A registered client: a sector system (school register, clinic records, police system)
    acting for its organisation with client_credentials, or an application professionals sign
    in through (public: a browser or mobile app; confidential: a server-side web app)."""

    __tablename__ = "oauth_clients"
    __table_args__ = (
        CheckConstraint(_one_of("kind", CLIENT_KINDS), name="kind"),
        CheckConstraint(
            _one_of("token_endpoint_auth_method", CLIENT_AUTH_METHODS), name="auth_method"
        ),
        # A sector system acts for an organisation; every disclosure it causes is logged to it.
        CheckConstraint(
            "kind <> 'system' OR organisation_id IS NOT NULL", name="system_has_organisation"
        ),
    )

    client_id: str = Field(primary_key=True, max_length=100)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=20)
    organisation_id: uuid.UUID | None = Field(
        default=None, foreign_key="organisations.id", index=True
    )
    secret_hash: str | None = Field(default=None, max_length=255)
    token_endpoint_auth_method: str = Field(max_length=40)
    jwks: dict[str, Any] | None = Field(default=None, sa_type=JSONType, nullable=True)
    jwks_uri: str | None = Field(default=None, max_length=500)
    redirect_uris: list[str] = json_field(default_factory=list)
    grant_types: list[str] = json_field(default_factory=list)
    scope: str = Field(default="", max_length=1000)
    active: bool = True
    created_at: datetime = timestamp()
    revoked_at: datetime | None = optional_timestamp()


class OAuthSigningKey(SQLModel, table=True):
    """One key of the set that signs access and ID tokens.

    `active` signs; `retiring` no longer signs but is still published, so tokens it signed verify
    until they expire; `retired` is neither (kept for the record of which kid existed when).

    The private key is stored here, in the database, so that the service runs with nothing
    else. In production it belongs in a KMS or secret store (an HSM-backed key, Vault's transit
    engine, a cloud KMS): this row would keep only the public JWK and a reference to the key, and
    signing would be a call to the store, so that a database dump never yields a key that can
    mint tokens.
    """

    __tablename__ = "oauth_signing_keys"
    __table_args__ = (CheckConstraint(_one_of("status", KEY_STATUSES), name="status"),)

    kid: str = Field(primary_key=True, max_length=64)
    alg: str = Field(max_length=10)
    private_jwk: dict[str, Any] = json_field()
    public_jwk: dict[str, Any] = json_field()
    status: str = Field(max_length=10, index=True)
    created_at: datetime = timestamp()
    # When it stopped signing: it may be retired once the longest-lived token it signed expired.
    retiring_since: datetime | None = optional_timestamp()
    retired_at: datetime | None = optional_timestamp()


class OAuthCredential(SQLModel, table=True):
    """A professional's username and password for the sign-in page, with the state that slows
    down guessing (a growing delay between attempts, then a lock)."""

    __tablename__ = "oauth_credentials"

    professional_id: uuid.UUID = Field(primary_key=True, foreign_key="professionals.id")
    username: str = Field(max_length=200, unique=True)
    password_hash: str = Field(max_length=255)
    failed_attempts: int = 0
    locked_until: datetime | None = optional_timestamp()
    next_attempt_at: datetime | None = optional_timestamp()
    password_changed_at: datetime = timestamp()


class OAuthAuthorizationCode(SQLModel, table=True):
    """An authorization code (RFC 6749 §4.1), single use, bound to its client, redirect URI and
    PKCE challenge."""

    __tablename__ = "oauth_authorization_codes"

    code_hash: str = Field(primary_key=True, max_length=64)
    client_id: str = Field(foreign_key="oauth_clients.client_id", max_length=100, index=True)
    professional_id: uuid.UUID = Field(foreign_key="professionals.id", index=True)
    redirect_uri: str = Field(max_length=2000)
    scope: str = Field(max_length=1000)
    nonce: str | None = Field(default=None, max_length=255)
    code_challenge: str | None = Field(default=None, max_length=128)
    code_challenge_method: str | None = Field(default=None, max_length=10)
    auth_time: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
    used_at: datetime | None = optional_timestamp()


class OAuthRefreshToken(SQLModel, table=True):
    """A refresh token. Each use rotates it (a new token in the same family); presenting a rotated
    one again means it was stolen, and the whole family is revoked."""

    __tablename__ = "oauth_refresh_tokens"

    token_hash: str = Field(primary_key=True, max_length=64)
    family_id: uuid.UUID = Field(index=True)
    client_id: str = Field(foreign_key="oauth_clients.client_id", max_length=100, index=True)
    professional_id: uuid.UUID = Field(foreign_key="professionals.id", index=True)
    scope: str = Field(max_length=1000)
    issued_at: datetime = timestamp()
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
    rotated_at: datetime | None = optional_timestamp()
    revoked_at: datetime | None = optional_timestamp()


class OAuthRevokedAccessToken(SQLModel, table=True):
    """The id of a revoked access token, kept only until the token would have expired."""

    __tablename__ = "oauth_revoked_access_tokens"

    jti: str = Field(primary_key=True, max_length=64)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)


class OAuthAssertionJti(SQLModel, table=True):
    """A private_key_jwt assertion already used (RFC 7523 §3 item 7), kept until it expires so
    that a captured assertion cannot be replayed."""

    __tablename__ = "oauth_assertion_jtis"
    __table_args__ = (Index("ix_oauth_assertion_jtis_expires_at", "expires_at"),)

    client_id: str = Field(primary_key=True, max_length=100)
    jti: str = Field(primary_key=True, max_length=255)
    expires_at: datetime = Field(sa_type=UTCDateTime)
