"""Administration: OAuth clients, the signing keys, professionals' roles and access, and the ids
sector systems hold for our organisations.

An answer carrying a client's new secret is never stored for an Idempotency-Key replay
(`replayable=False`), as REST's admin POSTs ignore the key: the secret must exist in that one
response only, and a client that lost it asks for another.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.api.graphql.admin.types import (
    Client,
    ClientSecret,
    OrganisationIdentifier,
    RegisteredClient,
    SigningKey,
)
from app.api.graphql.directory.types import Professional
from app.api.graphql.mutations import Argument, mutation
from app.domain.actor import Actor
from app.domain.oauth_clients import ClientKeys, NewClient
from app.domain.organisation_identifiers import NewOrganisationIdentifier
from app.domain.organisations import SetRoles
from app.persistence.uow import UnitOfWork
from app.services import oauth_clients, organisation_identifiers, signing_keys
from app.services import organisations as professionals

CLIENT = "/admin/clients/{client_id}"
PROFESSIONAL = "/admin/professionals/{professional_id}"
IDENTIFIERS = "/admin/organisations/{organisation_id}/identifiers"
CLIENT_ID = {"client_id": Argument(str)}
KID = {"kid": Argument(str)}
FORCE = Annotated[
    bool,
    strawberry.argument(
        description="Retire even if tokens it signed may still be valid: for a key that leaked."
    ),
]


async def _rotate_secret(uow: UnitOfWork, actor: Actor, client_id: str) -> ClientSecret:
    secret = await oauth_clients.rotate_secret(uow, actor, client_id)
    return ClientSecret(client_id=client_id, client_secret=secret)


@strawberry.type
class AdminMutations:
    create_client = mutation(
        RegisteredClient,
        command=NewClient,
        run=lambda uow, a, data: oauth_clients.register_client(uow, a, data),
        present=RegisteredClient.registered,
        replayable=False,
        field="client",
        method="POST",
        path="/admin/clients",
        description="Register a sector system or a sign-in app. A system without keys gets a "
        "generated clientSecret, shown in this answer only; give jwks or jwksUri instead "
        "(private_key_jwt) where you can.",
    )
    rotate_client_secret = mutation(
        ClientSecret,
        arguments=CLIENT_ID,
        run=lambda uow, a, client_id: _rotate_secret(uow, a, client_id),
        present=lambda shown: shown,
        replayable=False,
        field="secret",
        method="POST",
        path=f"{CLIENT}/rotate-secret",
        description="A new secret, shown in this answer only, replaces the old one at once.",
    )
    set_client_keys = mutation(
        Client,
        command=ClientKeys,
        arguments=CLIENT_ID,
        run=lambda uow, a, client_id, data: oauth_clients.set_keys(
            uow, a, client_id, jwks=data.jwks, jwks_uri=data.jwks_uri
        ),
        present=Client.of,
        method="PUT",
        path=f"{CLIENT}/keys",
        description="The client's public keys from now on; it then authenticates with "
        "private_key_jwt only, and a secret it had is dropped.",
    )
    revoke_client = mutation(
        Client,
        arguments=CLIENT_ID,
        run=lambda uow, a, client_id: oauth_clients.revoke_client(uow, a, client_id),
        present=Client.of,
        method="POST",
        path=f"{CLIENT}/revoke",
        description="The client gets no more tokens, and those it holds are refused.",
    )
    rotate_signing_key = mutation(
        SigningKey,
        settings=True,
        run=lambda uow, a, settings: signing_keys.rotate(uow, settings, a),
        present=SigningKey.of,
        method="POST",
        path="/admin/signing-keys/rotate",
        description="A new key signs from now on; the previous one keeps being published until "
        "the tokens it signed have expired.",
    )
    retire_signing_key = mutation(
        SigningKey,
        settings=True,
        arguments={**KID, "force": Argument(FORCE, False)},
        run=lambda uow, a, settings, kid, force: signing_keys.retire(
            uow, settings, kid, force=force, actor=a
        ),
        present=SigningKey.of,
        method="POST",
        path="/admin/signing-keys/{kid}/retire",
        description="Stop publishing a retiring key once the tokens it signed have expired.",
    )
    set_professional_roles = mutation(
        Professional,
        target="Professional",
        command=SetRoles,
        run=lambda uow, a, ident, data, expected_version: professionals.set_roles(
            uow, a, ident, data, expected_version=expected_version
        ),
        field="professional",
        method="PUT",
        path=f"{PROFESSIONAL}/roles",
        description="The professional's whole list of roles from now on, effective on their "
        "next request. An administrator cannot remove their own administrator role.",
    )
    deactivate_professional = mutation(
        Professional,
        target="Professional",
        run=lambda uow, a, ident, expected_version: professionals.deactivate_professional(
            uow, a, ident, expected_version=expected_version
        ),
        method="POST",
        path=f"{PROFESSIONAL}/deactivate",
        description="The professional can no longer act; their records stay.",
    )
    activate_professional = mutation(
        Professional,
        target="Professional",
        run=lambda uow, a, ident, expected_version: professionals.activate_professional(
            uow, a, ident, expected_version=expected_version
        ),
        method="POST",
        path=f"{PROFESSIONAL}/activate",
        description="A deactivated professional may sign in and act again.",
    )
    link_organisation_identifier = mutation(
        OrganisationIdentifier,
        parent="Organisation",
        command=NewOrganisationIdentifier,
        run=lambda uow, a, parent, data: organisation_identifiers.link(uow, a, parent, data),
        method="POST",
        path=IDENTIFIERS,
        description="Let a sector system (`system`, its OAuth client id) name the organisation "
        "`value` and report for it: a registry's school `sourcedId`. One id of a system names "
        "one organisation (code conflict when it already names another).",
    )
    unlink_organisation_identifier = mutation(
        OrganisationIdentifier,
        parent="Organisation",
        target="OrganisationIdentifier",
        versioned=False,
        run=lambda uow, a, parent, ident: organisation_identifiers.unlink(uow, a, parent, ident),
        method="DELETE",
        path=f"{IDENTIFIERS}/{{identifier_id}}",
        description="The system may no longer report for the organisation under that id; what "
        "it reported before stays. The payload shows the link as it was.",
    )
