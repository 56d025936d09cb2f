"""Organisations and professionals: the directory every other record points into.

The directory is the source of truth for who may act and with which roles: changing a
professional's roles or deactivating them takes effect on their next request, whatever tokens
they hold (the bearer check and the actor are read from here on every call)."""

from __future__ import annotations

import uuid

from app.domain.actor import Actor
from app.domain.deadlines import utcnow
from app.domain.errors import Conflict, NotFound
from app.domain.events import DomainEvent
from app.domain.organisations import (
    NewOrganisation,
    NewProfessional,
    SetRoles,
    check_not_own_administration,
)
from app.domain.vocabulary import ORGANISATION_KIND_SECTOR, Role
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import oauth as oauth_repo
from app.persistence.repositories import organisations as repo
from app.persistence.tables.organisations import Organisation, Professional
from app.persistence.uow import UnitOfWork
from app.services.common import check_version, get_or_404
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


# ---- administration: roles and activation ------------------------------------------------


async def find_professional(uow: UnitOfWork, ref: str) -> Professional:
    """A professional by id or by e-mail address (case-insensitive), for the command line."""
    try:
        row = await uow.session.get(Professional, uuid.UUID(ref))
    except ValueError:
        row = await oauth_repo.professional_by_email(uow.session, ref)
    if row is None:
        raise NotFound.of("professional", ref)
    return row


def _record_change(
    uow: UnitOfWork, actor: Actor | None, row: Professional, what: str, summary: str
) -> None:
    uow.record(
        DomainEvent(
            type=f"professional.{what}",
            aggregate_type="professional",
            aggregate_id=row.id,
            aggregate_version=row.version,
            actor_id=actor.professional_id if actor else None,
            organisation_ids=(row.organisation_id,),
            summary=summary,
            payload={"roles": list(row.roles), "active": row.active},
        )
    )


async def _for_change(
    uow: UnitOfWork, professional_id: uuid.UUID, expected_version: int | None
) -> Professional:
    row = await get_or_404(uow, Professional, professional_id, "professional")
    check_version(row, expected_version)
    return row


async def set_roles(
    uow: UnitOfWork,
    actor: Actor | None,
    professional_id: uuid.UUID,
    data: SetRoles,
    *,
    expected_version: int | None = None,
) -> Professional:
    row = await _for_change(uow, professional_id, expected_version)
    check_not_own_administration(
        actor.professional_id if actor else None,
        row.id,
        keeps_admin=Role.ADMINISTRATOR in data.roles,
    )
    if row.roles == data.values:
        return row
    row.roles = data.values
    uow.session.add(row)
    await uow.flush()
    name = f"{row.given_name} {row.family_name}"
    _record_change(uow, actor, row, "roles_set", f"Roles of {name}: {', '.join(row.roles)}")
    return row


async def deactivate_professional(
    uow: UnitOfWork,
    actor: Actor | None,
    professional_id: uuid.UUID,
    *,
    expected_version: int | None = None,
) -> Professional:
    """The professional can no longer act: their access tokens are refused from the next
    request (the bearer check reads `active`), and their refresh tokens are revoked so that no
    sign-in app can get them new ones. Their records stay, signed with their name."""
    row = await _for_change(uow, professional_id, expected_version)
    check_not_own_administration(
        actor.professional_id if actor else None, row.id, keeps_admin=False
    )
    if not row.active:
        return row
    row.active = False
    uow.session.add(row)
    await uow.flush()
    await oauth_repo.revoke_professional_refresh_tokens(uow.session, row.id, utcnow())
    name = f"{row.given_name} {row.family_name}"
    _record_change(uow, actor, row, "deactivated", f"Professional deactivated: {name}")
    return row


async def activate_professional(
    uow: UnitOfWork,
    actor: Actor | None,
    professional_id: uuid.UUID,
    *,
    expected_version: int | None = None,
) -> Professional:
    """Back at work: they may sign in again. (An access token from before the deactivation that
    has not yet expired works again too: they live minutes, and it is the same person.)"""
    row = await _for_change(uow, professional_id, expected_version)
    if row.active:
        return row
    row.active = True
    uow.session.add(row)
    await uow.flush()
    name = f"{row.given_name} {row.family_name}"
    _record_change(uow, actor, row, "activated", f"Professional activated: {name}")
    return row
