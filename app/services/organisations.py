"""Organisations and professionals: the directory every other record points into."""

from __future__ import annotations

import uuid

from app.domain.actor import Actor
from app.domain.errors import Conflict
from app.domain.events import DomainEvent
from app.domain.organisations import NewOrganisation, NewProfessional
from app.domain.vocabulary import ORGANISATION_KIND_SECTOR
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import organisations as repo
from app.persistence.tables.organisations import Organisation, Professional
from app.persistence.uow import UnitOfWork
from app.services.common import get_or_404
from app.services.reference import check_place, organisation_at


async def create_organisation(
    uow: UnitOfWork, actor: Actor | None, data: NewOrganisation
) -> Organisation:
    await check_place(uow, data.territory_code, data.locality_code)
    row = Organisation(**data.model_dump(), sector=ORGANISATION_KIND_SECTOR[data.kind].value)
    uow.session.add(row)
    await uow.flush()
    uow.record(
        DomainEvent(
            type="organisation.registered",
            aggregate_type="organisation",
            aggregate_id=row.id,
            aggregate_version=row.version,
            actor_id=actor.professional_id if actor else None,
            organisation_ids=(row.id,),
            summary=f"Organisation registered: {row.name}",
        )
    )
    return row


async def create_professional(
    uow: UnitOfWork,
    actor: Actor | None,
    data: NewProfessional,
    *,
    professional_id: uuid.UUID | None = None,
) -> Professional:
    """`professional_id` lets provisioning (demo users, imports) keep ids stable across loads."""
    await organisation_at(uow, data.organisation_id, "#/organisation_id")
    if await repo.professional_by_email(uow, str(data.email)) is not None:
        raise Conflict(
            f"A professional with e-mail {data.email} already exists.", extra={"pointer": "#/email"}
        )
    row = Professional(
        **data.model_dump(exclude={"roles", "email"}),
        email=str(data.email),
        roles=[r.value for r in data.roles],
        id=professional_id or uuid.uuid4(),
    )
    uow.session.add(row)
    await uow.flush()
    uow.record(
        DomainEvent(
            type="professional.registered",
            aggregate_type="professional",
            aggregate_id=row.id,
            aggregate_version=row.version,
            actor_id=actor.professional_id if actor else None,
            organisation_ids=(row.organisation_id,),
            summary=f"Professional registered: {row.given_name} {row.family_name}",
        )
    )
    return row


async def get_organisation(
    uow: UnitOfWork, actor: Actor, organisation_id: uuid.UUID
) -> Organisation:
    return await get_or_404(uow, Organisation, organisation_id, "organisation")


async def get_professional(
    uow: UnitOfWork, actor: Actor, professional_id: uuid.UUID
) -> Professional:
    return await get_or_404(uow, Professional, professional_id, "professional")


async def list_organisations(
    uow: UnitOfWork,
    actor: Actor,
    page: PageRequest,
    *,
    kind: str | None = None,
    territory_code: str | None = None,
    sector: str | None = None,
) -> PageOf:
    return await repo.list_organisations(
        uow, page, kind=kind, territory_code=territory_code, sector=sector
    )


async def list_professionals(
    uow: UnitOfWork, actor: Actor, page: PageRequest, *, organisation_id: uuid.UUID | None = None
) -> PageOf:
    return await repo.list_professionals(uow, page, organisation_id=organisation_id)
