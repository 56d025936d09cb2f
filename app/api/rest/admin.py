"""Administration: OAuth clients, the token signing keys, and professionals' roles and access.

Every operation needs the `admin` scope and the administrator role (the route table's `ADMIN`),
and each change is a domain event naming the administrator. A client secret appears in exactly
two answers, the registration and the rotation, and in no log, event or stored replay (these
POSTs ignore Idempotency-Key: see `app.api.middleware`).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from pydantic import ConfigDict
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, ExpectedVersion, Uow, set_etag
from app.api.rest.organisations import ProfessionalView
from app.api.rest.responses import (
    CHANGE,
    CONFLICT,
    CREATE,
    INVALID,
    READ,
    UNAUTHENTICATED,
    forbidden,
)
from app.api.rest.views import View
from app.auth.scopes import parse_scope
from app.domain import examples as ex
from app.domain.oauth_clients import EXAMPLE_JWK, SCHOOL_REGISTRY, ClientKeys, NewClient
from app.domain.organisations import SetRoles
from app.persistence.tables.oauth import OAuthClient, OAuthSigningKey
from app.services import oauth_clients, signing_keys
from app.services import organisations as professionals
from app.settings import Settings

router = APIRouter(prefix="/admin", tags=["administration"])

ADMIN_ONLY = forbidden(
    "The caller lacks the admin scope or the administrator role",
    "This needs one of these roles: administrator.",
)
ClientId = Annotated[str, Path(max_length=100, examples=["sime-calarasi"])]

CLIENT_SHOWN: JsonDict = {
    "client_id": "sime-calarasi",
    "name": SCHOOL_REGISTRY["name"],
    "kind": "system",
    "organisation_id": ex.SCHOOL_ID,
    "token_endpoint_auth_method": "client_secret_basic",
    "jwks": None,
    "jwks_uri": None,
    "redirect_uris": [],
    "grant_types": ["client_credentials"],
    "scopes": ["children:read", "children:write", "concerns:write", "status:read"],
    "active": True,
    "created_at": "2025-03-03T09:00:00Z",
    "revoked_at": None,
}
CLIENT_WITH_KEYS: JsonDict = {
    **CLIENT_SHOWN,
    "token_endpoint_auth_method": "private_key_jwt",
    "jwks": {"keys": [EXAMPLE_JWK]},
}
SECRET = "kq3N5v0dYt8P2wXh7ZbL1mRcF9sJ4uAeG6oTiVnQyB0"  # noqa: S105 (an example)


class ClientView(View):
    """A registered client. Its secret, if it has one, is never shown here: only its hash is
    stored."""

    model_config = ConfigDict(json_schema_extra={"examples": [CLIENT_SHOWN, CLIENT_WITH_KEYS]})

    client_id: str
    name: str
    kind: str
    organisation_id: uuid.UUID | None
    token_endpoint_auth_method: str
    jwks: dict[str, Any] | None
    jwks_uri: str | None
    redirect_uris: list[str]
    grant_types: list[str]
    scopes: list[str]
    active: bool
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, row: OAuthClient) -> ClientView:
        fields = row.model_dump(exclude={"secret_hash", "scope"})
        return cls.model_validate({**fields, "scopes": sorted(parse_scope(row.scope))})


class RegisteredClientView(ClientView):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{**CLIENT_SHOWN, "client_secret": SECRET}]}
    )

    client_secret: str | None
    """Shown once, when generated (client_secret_basic); store it now."""


class ClientSecretView(View):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"client_id": "sime-calarasi", "client_secret": SECRET}]}
    )

    client_id: str
    client_secret: str


class SigningKeyView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kid": "x3Ff1v8cJm2w0kqQ9JYpZb3l7h6nR4tD5sE1aUoVgWc",
                    "alg": "RS256",
                    "status": "retiring",
                    "created_at": "2025-01-06T07:00:00Z",
                    "retiring_since": "2025-03-03T07:00:00Z",
                    "retired_at": None,
                }
            ]
        }
    )

    kid: str
    alg: str
    status: str
    created_at: datetime
    retiring_since: datetime | None
    retired_at: datetime | None

    @classmethod
    def of(cls, row: OAuthSigningKey) -> SigningKeyView:
        return cls.model_validate(row.model_dump(exclude={"private_jwk", "public_jwk"}))


def _settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


# ---- OAuth clients -------------------------------------------------------------------------


@router.get(
    "/clients",
    summary="List OAuth clients",
    description="Every registered client, active or revoked, oldest first: sector systems and "
    "sign-in apps, with their authentication method, keys and allowed scopes. Never a secret.",
    responses={**UNAUTHENTICATED, **ADMIN_ONLY},
)
async def list_clients(uow: Uow, actor: CurrentActor) -> list[ClientView]:
    return [ClientView.of(c) for c in await oauth_clients.list_clients(uow)]


@router.post(
    "/clients",
    status_code=status.HTTP_201_CREATED,
    summary="Register an OAuth client",
    description="A sector system (`kind: system`, acting for `organisation_id` with "
    "client_credentials) or a sign-in app (`public` or `confidential`, with redirect URIs). "
    "Without keys a system gets a generated `client_secret`, **shown in this answer only**; "
    "give `jwks` or `jwks_uri` for private_key_jwt instead (preferred: nothing secret crosses "
    "the wire). Idempotency-Key is ignored here, so that no secret is stored for a replay.",
    responses={**CREATE, **ADMIN_ONLY},
)
async def register_client(
    uow: Uow, actor: CurrentActor, data: NewClient, response: Response
) -> RegisteredClientView:
    registered = await oauth_clients.register_client(uow, actor, data)
    response.headers["Location"] = f"/api/v1/admin/clients/{registered.client.client_id}"
    view = ClientView.of(registered.client)
    return RegisteredClientView(**view.model_dump(), client_secret=registered.secret)


@router.get(
    "/clients/{client_id}",
    summary="Read an OAuth client",
    description="One client's registration and state. Never its secret.",
    responses={**READ, **ADMIN_ONLY},
)
async def get_client(uow: Uow, actor: CurrentActor, client_id: ClientId) -> ClientView:
    return ClientView.of(await oauth_clients.get_client(uow, client_id))


@router.post(
    "/clients/{client_id}/rotate-secret",
    summary="Rotate a client's secret",
    description="A new secret, **shown in this answer only**, replaces the old one at once: "
    "the old secret is refused (invalid_client) from now on, so deploy the new one right away. "
    "409 for a client that authenticates with keys or is public.",
    responses={**READ, **CONFLICT, **ADMIN_ONLY},
)
async def rotate_client_secret(
    uow: Uow, actor: CurrentActor, client_id: ClientId
) -> ClientSecretView:
    secret = await oauth_clients.rotate_secret(uow, actor, client_id)
    return ClientSecretView(client_id=client_id, client_secret=secret)


@router.put(
    "/clients/{client_id}/keys",
    summary="Replace a client's keys",
    description="The client's public keys from now on, inline (`jwks`) or where it publishes "
    "them (`jwks_uri`); it then authenticates with private_key_jwt only, and a secret it had "
    "is dropped. A private key in the set is refused (422). 409 for a public client.",
    responses={**READ, **INVALID, **CONFLICT, **ADMIN_ONLY},
)
async def set_client_keys(
    uow: Uow, actor: CurrentActor, client_id: ClientId, data: ClientKeys
) -> ClientView:
    row = await oauth_clients.set_keys(
        uow, actor, client_id, jwks=data.jwks, jwks_uri=data.jwks_uri
    )
    return ClientView.of(row)


@router.post(
    "/clients/{client_id}/revoke",
    summary="Revoke an OAuth client",
    description="The client gets no more tokens, its access tokens are refused from the next "
    "request and its refresh tokens are revoked. Revoking a revoked client changes nothing.",
    responses={**READ, **ADMIN_ONLY},
)
async def revoke_client(uow: Uow, actor: CurrentActor, client_id: ClientId) -> ClientView:
    return ClientView.of(await oauth_clients.revoke_client(uow, actor, client_id))


# ---- token signing keys ------------------------------------------------------------------


@router.get(
    "/signing-keys",
    summary="List the token signing keys",
    description="Newest first: the `active` key signs; `retiring` keys no longer sign but are "
    "still published until the tokens they signed have expired; `retired` keys are neither. "
    "The public keys themselves are at /.well-known/jwks.json; private keys are never shown.",
    responses={**UNAUTHENTICATED, **ADMIN_ONLY},
)
async def list_signing_keys(uow: Uow, actor: CurrentActor) -> list[SigningKeyView]:
    return [SigningKeyView.of(k) for k in await signing_keys.list_keys(uow)]


@router.post(
    "/signing-keys/rotate",
    summary="Rotate the token signing key",
    description="A new active key signs from now on and is published at once; the previous one "
    "is `retiring`: still published, so tokens already issued stay valid until they expire. "
    "Keys that have been retiring long enough are retired in passing. Answers the new key.",
    responses={**UNAUTHENTICATED, **ADMIN_ONLY},
)
async def rotate_signing_key(uow: Uow, actor: CurrentActor, request: Request) -> SigningKeyView:
    return SigningKeyView.of(await signing_keys.rotate(uow, _settings(request), actor))


@router.post(
    "/signing-keys/{kid}/retire",
    summary="Retire a token signing key",
    description="Stop publishing a `retiring` key. Refused (409) while tokens it signed may "
    "still be valid, and for the active key (rotate first); with `force=true` it is retired "
    "anyway, for a key that has leaked: every token it signed is refused from then on.",
    responses={**READ, **CONFLICT, **ADMIN_ONLY},
)
async def retire_signing_key(
    uow: Uow,
    actor: CurrentActor,
    request: Request,
    kid: Annotated[str, Path(max_length=64)],
    force: Annotated[bool, Query(description="Retire even if its tokens may be valid.")] = False,
) -> SigningKeyView:
    row = await signing_keys.retire(uow, _settings(request), kid, force=force, actor=actor)
    return SigningKeyView.of(row)


# ---- professionals: roles and access -------------------------------------------------------


def _professional(row: Any, response: Response) -> ProfessionalView:
    set_etag(response, row.version)
    return ProfessionalView.model_validate(row)


@router.put(
    "/professionals/{professional_id}/roles",
    summary="Set a professional's roles",
    description="The whole list of roles from now on (at least one: to take all access away, "
    "deactivate instead). It takes effect on the professional's next request, whatever tokens "
    "they hold: roles are read from the directory on every call. An administrator cannot "
    "remove their own administrator role (409): another administrator must. Requires "
    "`If-Match` with the professional's ETag.",
    responses={**CHANGE, **ADMIN_ONLY},
)
async def set_roles(
    uow: Uow,
    actor: CurrentActor,
    professional_id: uuid.UUID,
    data: SetRoles,
    expected_version: ExpectedVersion,
    response: Response,
) -> ProfessionalView:
    row = await professionals.set_roles(
        uow, actor, professional_id, data, expected_version=expected_version
    )
    return _professional(row, response)


@router.post(
    "/professionals/{professional_id}/deactivate",
    summary="Deactivate a professional",
    description="The professional can no longer act: their access tokens are refused from the "
    "next request and their refresh tokens are revoked. Their records stay. An administrator "
    "cannot deactivate themselves (409). Requires `If-Match`.",
    responses={**CHANGE, **ADMIN_ONLY},
)
async def deactivate_professional(
    uow: Uow,
    actor: CurrentActor,
    professional_id: uuid.UUID,
    expected_version: ExpectedVersion,
    response: Response,
) -> ProfessionalView:
    row = await professionals.deactivate_professional(
        uow, actor, professional_id, expected_version=expected_version
    )
    return _professional(row, response)


@router.post(
    "/professionals/{professional_id}/activate",
    summary="Activate a professional again",
    description="A deactivated professional may sign in and act again, with the roles they "
    "hold in the directory. Requires `If-Match`.",
    responses={**CHANGE, **ADMIN_ONLY},
)
async def activate_professional(
    uow: Uow,
    actor: CurrentActor,
    professional_id: uuid.UUID,
    expected_version: ExpectedVersion,
    response: Response,
) -> ProfessionalView:
    row = await professionals.activate_professional(
        uow, actor, professional_id, expected_version=expected_version
    )
    return _professional(row, response)
