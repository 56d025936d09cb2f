from __future__ import annotations

import uuid

from sqlmodel import select

from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.tables.organisations import Organisation, Professional
from app.persistence.uow import UnitOfWork


async def list_organisations(
    uow: UnitOfWork,
    page: PageRequest,
    *,
    kind: str | None,
    territory_code: str | None,
    sector: str | None,
) -> PageOf:
    stmt = select(Organisation)
    if kind:
        stmt = stmt.where(Organisation.kind == kind)
    if territory_code:
        stmt = stmt.where(Organisation.territory_code == territory_code)
    if sector:
        stmt = stmt.where(Organisation.sector == sector)
    return trim((await uow.session.exec(keyset(stmt, Organisation, page))).all(), page)


async def list_professionals(
    uow: UnitOfWork, page: PageRequest, *, organisation_id: uuid.UUID | None
) -> PageOf:
    stmt = select(Professional)
    if organisation_id:
        stmt = stmt.where(Professional.organisation_id == organisation_id)
    return trim((await uow.session.exec(keyset(stmt, Professional, page))).all(), page)


async def professional_by_email(uow: UnitOfWork, email: str) -> Professional | None:
    return (await uow.session.exec(select(Professional).where(Professional.email == email))).first()
