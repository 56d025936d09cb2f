"""Turning an authenticated identity into the acting principal."""

from __future__ import annotations

import uuid

from app.domain.actor import Actor
from app.domain.errors import Unauthenticated
from app.domain.vocabulary import Role, Sector
from app.persistence.tables.organisations import Organisation, Professional
from app.persistence.uow import UnitOfWork


async def resolve_actor(uow: UnitOfWork, professional_id: uuid.UUID) -> Actor:
    professional = await uow.session.get(Professional, professional_id)
    if professional is None or not professional.active:
        raise Unauthenticated("No active professional has this id.")
    organisation = await uow.session.get(Organisation, professional.organisation_id)
    if organisation is None:
        raise Unauthenticated("The professional's organisation no longer exists.")
    return Actor(
        professional_id=professional.id,
        organisation_id=organisation.id,
        sector=Sector(organisation.sector),
        territory_code=organisation.territory_code,
        roles=frozenset(Role(r) for r in professional.roles),
        display_name=f"{professional.given_name} {professional.family_name}",
    )
