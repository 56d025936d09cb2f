"""Linking a sector system's ids to our organisations (administrators only, by the route table).

Each link and unlink is a domain event naming the administrator, so who let a system speak for
an institution, and when, stays on record."""

from __future__ import annotations

import uuid

from app.domain.actor import Actor
from app.domain.errors import Conflict, InvalidInput, NotFound
from app.domain.events import DomainEvent
from app.domain.organisation_identifiers import NewOrganisationIdentifier
from app.persistence.repositories import organisation_identifiers as repo
from app.persistence.tables.intake import OrganisationIdentifier
from app.persistence.tables.oauth import OAuthClient
from app.persistence.tables.organisations import Organisation
from app.persistence.uow import UnitOfWork


async def _organisation(uow: UnitOfWork, organisation_id: uuid.UUID) -> Organisation:
    found = await uow.session.get(Organisation, organisation_id)
    if found is None:
        raise NotFound.of("organisation", organisation_id)
    return found


def _record(
    uow: UnitOfWork, actor: Actor, row: OrganisationIdentifier, what: str, summary: str
) -> None:
    uow.record(
        DomainEvent(
            type=f"organisation.identifier_{what}",
            aggregate_type="organisation",
            aggregate_id=row.organisation_id,
            actor_id=actor.professional_id,
            organisation_ids=(row.organisation_id,),
            summary=summary,
            payload={"identifier_id": str(row.id), "system": row.system, "value": row.value},
        )
    )


async def list_identifiers(
    uow: UnitOfWork, organisation_id: uuid.UUID
) -> list[OrganisationIdentifier]:
    await _organisation(uow, organisation_id)
    return await repo.of_organisation(uow, organisation_id)


async def link(
    uow: UnitOfWork, actor: Actor, organisation_id: uuid.UUID, data: NewOrganisationIdentifier
) -> OrganisationIdentifier:
    """Let `data.system` call the organisation `data.value`. The system must be a registered
    sector system; one of its ids names one organisation only."""
    organisation = await _organisation(uow, organisation_id)
    client = await uow.session.get(OAuthClient, data.system)
    if client is None or client.kind != "system":
        raise InvalidInput.field(
            "#/system", f"{data.system!r} is not a registered sector system's client id."
        )
    existing = await repo.find(uow, data.system, data.value)
    if existing is not None:
        raise Conflict(
            f"{data.system} already calls organisation {existing.organisation_id} "
            f"{data.value!r}; remove that link first.",
            extra={"identifier_id": str(existing.id)},
        )
    row = OrganisationIdentifier(
        organisation_id=organisation.id, system=data.system, value=data.value
    )
    uow.session.add(row)
    await uow.flush()
    _record(uow, actor, row, "linked", f"{data.system} may speak for {organisation.name}")
    return row


async def unlink(
    uow: UnitOfWork, actor: Actor, organisation_id: uuid.UUID, identifier_id: uuid.UUID
) -> OrganisationIdentifier:
    """Remove the link; the removed row is returned so GraphQL can show what went."""
    row = await uow.session.get(OrganisationIdentifier, identifier_id)
    if row is None or row.organisation_id != organisation_id:
        raise NotFound.of("organisation identifier", identifier_id)
    _record(uow, actor, row, "unlinked", f"{row.system} no longer speaks for it as {row.value}")
    await uow.session.delete(row)
    await uow.flush()
    return row
