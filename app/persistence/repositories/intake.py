"""Queries of the intake: the inbox, the organisations a system speaks for, and what a message
already created."""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from app.domain.vocabulary import Role
from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.scoping import Scope
from app.persistence.tables.concerns import Concern
from app.persistence.tables.intake import InboxMessage, OrganisationIdentifier
from app.persistence.tables.organisations import Organisation, Professional
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork


async def concern_from(uow: UnitOfWork, client_id: str, external_id: str) -> Concern | None:
    """The concern a client's message with this external id created (unique pair)."""
    stmt = select(Concern).where(
        Concern.source_system == client_id, Concern.external_id == external_id
    )
    return (await uow.session.exec(stmt)).first()


async def first_referral_of(uow: UnitOfWork, concern_id: uuid.UUID) -> Referral | None:
    stmt = (
        select(Referral)
        .where(Referral.concern_id == concern_id, col(Referral.redirected_from_id).is_(None))
        .order_by(col(Referral.created_at))
    )
    return (await uow.session.exec(stmt)).first()


async def organisation_known_as(uow: UnitOfWork, system: str, value: str) -> Organisation | None:
    stmt = (
        select(Organisation)
        .join(
            OrganisationIdentifier, col(OrganisationIdentifier.organisation_id) == Organisation.id
        )
        .where(OrganisationIdentifier.system == system, OrganisationIdentifier.value == value)
    )
    return (await uow.session.exec(stmt)).first()


async def is_linked(uow: UnitOfWork, system: str, organisation_id: uuid.UUID) -> bool:
    stmt = select(OrganisationIdentifier.id).where(
        OrganisationIdentifier.system == system,
        OrganisationIdentifier.organisation_id == organisation_id,
    )
    return (await uow.session.exec(stmt)).first() is not None


async def designated_person(uow: UnitOfWork, organisation_id: uuid.UUID) -> Professional | None:
    """The institution's designated person, the longest-registered if it has several. Roles are
    a JSON list, so they are read in Python: an institution has a handful of professionals."""
    stmt = (
        select(Professional)
        .where(Professional.organisation_id == organisation_id, col(Professional.active))
        .order_by(col(Professional.created_at), col(Professional.id))
    )
    for person in (await uow.session.exec(stmt)).all():
        if Role.DESIGNATED_PERSON.value in person.roles:
            return person
    return None


async def guardianship_authority(
    uow: UnitOfWork, kinds: frozenset[str], territory_code: str, locality_code: str | None
) -> Organisation | None:
    """The authority of the child's locality (a mayoralty), else of the territory."""
    base = select(Organisation).where(
        col(Organisation.kind).in_(sorted(kinds)),
        Organisation.territory_code == territory_code,
        col(Organisation.active),
    )
    if locality_code is not None:
        local = base.where(Organisation.locality_code == locality_code)
        found = (await uow.session.exec(local.order_by(col(Organisation.created_at)))).first()
        if found is not None:
            return found
    territorial = base.where(col(Organisation.locality_code).is_(None))
    found = (await uow.session.exec(territorial.order_by(col(Organisation.created_at)))).first()
    if found is not None:
        return found
    return (await uow.session.exec(base.order_by(col(Organisation.created_at)))).first()


async def inbox(
    uow: UnitOfWork, page: PageRequest, scope: Scope, *, status: str | None, channel: str | None
) -> PageOf:
    stmt = select(InboxMessage).where(scope)
    if status:
        stmt = stmt.where(InboxMessage.status == status)
    if channel:
        stmt = stmt.where(InboxMessage.channel == channel)
    return trim((await uow.session.exec(keyset(stmt, InboxMessage, page))).all(), page)
