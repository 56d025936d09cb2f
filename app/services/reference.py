"""Checks against reference data, shared by every service that takes a place or an organisation."""

from __future__ import annotations

import uuid

from app.domain.errors import InvalidInput, NotFound
from app.domain.labels import Labels
from app.persistence.repositories import reference as reference_repo
from app.persistence.tables.organisations import Organisation, Professional
from app.persistence.tables.reference import Locality, Territory
from app.persistence.uow import UnitOfWork


async def check_place(
    uow: UnitOfWork, territory_code: str, locality_code: str | None, *, pointer: str = "#"
) -> None:
    if await uow.session.get(Territory, territory_code) is None:
        raise InvalidInput.field(
            f"{pointer}/territory_code",
            f"Unknown territory {territory_code!r}; see GET /api/v1/reference/territories.",
        )
    if locality_code is None:
        return
    locality = await uow.session.get(Locality, locality_code)
    if locality is None or locality.territory_code != territory_code:
        raise InvalidInput.field(
            f"{pointer}/locality_code",
            f"Locality {locality_code!r} is not in territory {territory_code!r}.",
        )


async def organisation_at(
    uow: UnitOfWork, organisation_id: uuid.UUID, pointer: str
) -> Organisation:
    organisation = await uow.session.get(Organisation, organisation_id)
    if organisation is None or not organisation.active:
        raise InvalidInput.field(pointer, f"No active organisation has id {organisation_id}.")
    return organisation


async def professional_at(
    uow: UnitOfWork, professional_id: uuid.UUID, pointer: str
) -> Professional:
    professional = await uow.session.get(Professional, professional_id)
    if professional is None or not professional.active:
        raise InvalidInput.field(pointer, f"No active professional has id {professional_id}.")
    return professional


async def territories(uow: UnitOfWork) -> list[Territory]:
    return await reference_repo.territories(uow)


async def localities(uow: UnitOfWork, territory_code: str) -> list[Locality]:
    if await uow.session.get(Territory, territory_code) is None:
        raise NotFound.of("territory", territory_code)
    return await reference_repo.localities(uow, territory_code)


def territory_labels(territory: Territory) -> Labels:
    return Labels(territory.name_ro, territory.name_ru, territory.name_en)


def locality_labels(locality: Locality) -> Labels:
    """Localities keep their Romanian name in English: it is the name on the map and the sign."""
    return Labels(locality.name_ro, locality.name_ru, locality.name_ro)
