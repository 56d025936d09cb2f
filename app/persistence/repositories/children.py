from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlmodel import col, select

from app.domain.children import ChildSearch
from app.domain.text import fold
from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.tables.children import (
    Child,
    ChildIdentifier,
    ChildInstitution,
    FamilyMember,
)
from app.persistence.uow import UnitOfWork


async def search(uow: UnitOfWork, query: ChildSearch, page: PageRequest) -> PageOf:
    stmt = select(Child)
    if query.territory_code:
        stmt = stmt.where(Child.territory_code == query.territory_code)
    if query.idnp:
        stmt = stmt.where(Child.idnp == query.idnp.strip())
    if query.name:
        # Prefix match on the folded "family given" key, or on the given name alone.
        key = fold(query.name)
        stmt = stmt.where(col(Child.search_name).startswith(key, autoescape=True))
    rows = (await uow.session.exec(keyset(stmt, Child, page))).all()
    return trim(rows, page)


async def identifiers_of(uow: UnitOfWork, child_ids: Sequence[uuid.UUID]) -> list[ChildIdentifier]:
    if not child_ids:
        return []
    stmt = select(ChildIdentifier).where(col(ChildIdentifier.child_id).in_(child_ids))
    return list((await uow.session.exec(stmt.order_by(col(ChildIdentifier.created_at)))).all())


async def find_by_identifier(uow: UnitOfWork, system: str, value: str) -> ChildIdentifier | None:
    stmt = select(ChildIdentifier).where(
        ChildIdentifier.system == system, ChildIdentifier.value == value
    )
    return (await uow.session.exec(stmt)).first()


async def find_by_idnp(uow: UnitOfWork, idnp: str) -> Child | None:
    return (await uow.session.exec(select(Child).where(Child.idnp == idnp))).first()


async def family_of(uow: UnitOfWork, child_id: uuid.UUID) -> list[FamilyMember]:
    stmt = select(FamilyMember).where(FamilyMember.child_id == child_id)
    return list((await uow.session.exec(stmt.order_by(col(FamilyMember.created_at)))).all())


async def institutions_of(uow: UnitOfWork, child_id: uuid.UUID) -> list[ChildInstitution]:
    stmt = select(ChildInstitution).where(ChildInstitution.child_id == child_id)
    return list((await uow.session.exec(stmt.order_by(col(ChildInstitution.created_at)))).all())
