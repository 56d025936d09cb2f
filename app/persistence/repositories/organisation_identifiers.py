"""Queries of the links between sector systems' ids and our organisations."""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from app.persistence.tables.intake import OrganisationIdentifier
from app.persistence.uow import UnitOfWork


async def of_organisation(
    uow: UnitOfWork, organisation_id: uuid.UUID
) -> list[OrganisationIdentifier]:
    stmt = (
        select(OrganisationIdentifier)
        .where(OrganisationIdentifier.organisation_id == organisation_id)
        .order_by(col(OrganisationIdentifier.system), col(OrganisationIdentifier.value))
    )
    return list((await uow.session.exec(stmt)).all())


async def find(uow: UnitOfWork, system: str, value: str) -> OrganisationIdentifier | None:
    stmt = select(OrganisationIdentifier).where(
        OrganisationIdentifier.system == system, OrganisationIdentifier.value == value
    )
    return (await uow.session.exec(stmt)).first()


async def organisations_known_as(
    uow: UnitOfWork, system: str, values: list[str]
) -> dict[str, uuid.UUID]:
    """Value -> organisation, for every value of `values` the system has a link for: one query
    for a whole batch of rows naming schools."""
    if not values:
        return {}
    stmt = select(OrganisationIdentifier.value, OrganisationIdentifier.organisation_id).where(
        OrganisationIdentifier.system == system, col(OrganisationIdentifier.value).in_(values)
    )
    return dict((await uow.session.exec(stmt)).all())
