"""Administration reads: OAuth clients, the token signing keys and the ids sector systems hold
for our organisations."""

from __future__ import annotations

import strawberry

from app.api.graphql.admin.types import Client, OrganisationIdentifier, SigningKey
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import uuid_of
from app.api.graphql.rows import build
from app.services import oauth_clients, organisation_identifiers, signing_keys


@strawberry.type
class AdminQueries:
    @strawberry.field(
        description="Every registered client, active or revoked, oldest first. Never a secret.",
        extensions=mirrors("GET", "/admin/clients"),
    )
    async def clients(self, info: strawberry.Info) -> list[Client]:
        return [Client.of(c) for c in await oauth_clients.list_clients(info.context.uow)]

    @strawberry.field(
        description="One client's registration and state. Never its secret.",
        extensions=mirrors("GET", "/admin/clients/{client_id}"),
    )
    async def client(self, info: strawberry.Info, client_id: str) -> Client:
        return Client.of(await oauth_clients.get_client(info.context.uow, client_id))

    @strawberry.field(
        description="The token signing keys, newest first; private keys are never shown.",
        extensions=mirrors("GET", "/admin/signing-keys"),
    )
    async def signing_keys(self, info: strawberry.Info) -> list[SigningKey]:
        return [SigningKey.of(k) for k in await signing_keys.list_keys(info.context.uow)]

    @strawberry.field(
        description="The ids sector systems hold for an organisation, by system and value: each "
        "lets that system name the organisation by its own id, and so report for it.",
        extensions=mirrors("GET", "/admin/organisations/{organisation_id}/identifiers"),
    )
    async def organisation_identifiers(
        self, info: strawberry.Info, organisation_id: strawberry.ID
    ) -> list[OrganisationIdentifier]:
        ident = uuid_of(organisation_id, "Organisation", argument="organisationId")
        rows = await organisation_identifiers.list_identifiers(info.context.uow, ident)
        return [build(OrganisationIdentifier, r) for r in rows]
