"""Turning a verified access token (or, for internal callers, a professional) into the actor."""

from __future__ import annotations

import uuid

from app.auth.bearer import Principal
from app.domain.actor import Actor
from app.domain.errors import Unauthenticated
from app.domain.vocabulary import Role, Sector
from app.persistence.tables.organisations import Organisation, Professional
from app.persistence.uow import UnitOfWork


async def _organisation(uow: UnitOfWork, organisation_id: uuid.UUID) -> Organisation:
    organisation = await uow.session.get(Organisation, organisation_id)
    if organisation is None or not organisation.active:
        raise Unauthenticated("The organisation this token acts for is not active.")
    return organisation


async def professional_actor(
    uow: UnitOfWork,
    professional_id: uuid.UUID,
    *,
    client_id: str | None = None,
    scopes: frozenset[str] = frozenset(),
) -> Actor:
    """A professional acts with their organisation, territory and roles as they are now, not as
    they were when a token was issued."""
    professional = await uow.session.get(Professional, professional_id)
    if professional is None or not professional.active:
        raise Unauthenticated("The professional this token was issued to is not active.")
    organisation = await _organisation(uow, professional.organisation_id)
    return Actor(
        professional_id=professional.id,
        organisation_id=organisation.id,
        sector=Sector(organisation.sector),
        territory_code=organisation.territory_code,
        roles=frozenset(Role(r) for r in professional.roles),
        display_name=f"{professional.given_name} {professional.family_name}",
        client_id=client_id,
        scopes=scopes,
    )


async def resolve_actor(uow: UnitOfWork, principal: Principal) -> Actor:
    """A sector system acts for its client's organisation, with no roles."""
    if principal.professional_id is not None:
        return await professional_actor(
            uow, principal.professional_id, client_id=principal.client_id, scopes=principal.scopes
        )
    if principal.organisation_id is None:
        raise Unauthenticated("The token names neither a professional nor an organisation.")
    organisation = await _organisation(uow, principal.organisation_id)
    return system_actor(organisation, principal.client_id, principal.scopes)


def system_actor(
    organisation: Organisation, client_id: str | None, scopes: frozenset[str] = frozenset()
) -> Actor:
    """A sector system acting for `organisation` through its OAuth client."""
    return Actor(
        professional_id=None,
        organisation_id=organisation.id,
        sector=Sector(organisation.sector),
        territory_code=organisation.territory_code,
        display_name=client_id or "",
        client_id=client_id,
        scopes=scopes,
    )
