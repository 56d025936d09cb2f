"""What administration shows: OAuth clients (never a stored secret), the signing keys (never a
private key) and the ids sector systems hold for our organisations."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from app.auth.scopes import parse_scope
from app.persistence.tables.intake import OrganisationIdentifier as OrganisationIdentifierRow
from app.persistence.tables.oauth import OAuthClient, OAuthSigningKey
from app.services.oauth_clients import Registered


@strawberry.type(
    description="A registered OAuth client: a sector system acting for its organisation, or an "
    "app professionals sign in through. Its secret, if it has one, is stored only as a hash."
)
class Client:
    client_id: str
    name: str
    kind: str
    organisation_id: uuid.UUID | None
    token_endpoint_auth_method: str
    jwks: JSON | None
    jwks_uri: str | None
    redirect_uris: list[str]
    grant_types: list[str]
    scopes: list[str]
    active: bool
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, row: OAuthClient) -> Client:
        return cls(**_client_fields(row))


def _client_fields(row: OAuthClient) -> dict[str, Any]:
    return {
        "client_id": row.client_id,
        "name": row.name,
        "kind": row.kind,
        "organisation_id": row.organisation_id,
        "token_endpoint_auth_method": row.token_endpoint_auth_method,
        "jwks": row.jwks,
        "jwks_uri": row.jwks_uri,
        "redirect_uris": list(row.redirect_uris),
        "grant_types": list(row.grant_types),
        "scopes": sorted(parse_scope(row.scope)),
        "active": row.active,
        "created_at": row.created_at,
        "revoked_at": row.revoked_at,
    }


@strawberry.type(description="A client just registered, with its secret when one was generated.")
class RegisteredClient(Client):
    client_secret: str | None = strawberry.field(
        description="Shown in this answer only (client_secret_basic): store it now. Null for a "
        "client that authenticates with keys or is public."
    )

    @classmethod
    def registered(cls, done: Registered) -> RegisteredClient:
        return cls(**_client_fields(done.client), client_secret=done.secret)


@strawberry.type(description="A client's new secret, replacing the old one at once.")
class ClientSecret:
    client_id: str
    client_secret: str = strawberry.field(description="Shown in this answer only: store it now.")


@strawberry.type(
    description="A key of the set that signs tokens: `active` signs; `retiring` no longer signs "
    "but is still published; `retired` is neither."
)
class SigningKey:
    kid: str
    alg: str
    status: str
    created_at: datetime
    retiring_since: datetime | None
    retired_at: datetime | None

    @classmethod
    def of(cls, row: OAuthSigningKey) -> SigningKey:
        return cls(
            kid=row.kid,
            alg=row.alg,
            status=row.status,
            created_at=row.created_at,
            retiring_since=row.retiring_since,
            retired_at=row.retired_at,
        )


@strawberry.type(
    description="A sector system's own id for one of our organisations: with it the system "
    "(`system`, its OAuth client id) may name the organisation `value` and report for it."
)
class OrganisationIdentifier:
    row: strawberry.Private[OrganisationIdentifierRow]
    id: strawberry.ID = strawberry.field(
        description="Unique across the API, for client caches; not readable with `node`."
    )
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    organisation_id: uuid.UUID
    system: str
    value: str
    created_at: datetime
