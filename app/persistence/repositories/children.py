from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import String, bindparam
from sqlmodel import col, select

from app.domain.children import ChildSearch
from app.domain.text import fold
from app.persistence.paging import PageOf, PageRequest, keyset, ordered, trim
from app.persistence.scoping import Scope
from app.persistence.tables.children import (
    Child,
    ChildIdentifier,
    ChildInstitution,
    FamilyMember,
)
from app.persistence.uow import UnitOfWork


async def search(uow: UnitOfWork, query: ChildSearch, page: PageRequest, scope: Scope) -> PageOf:
    conditions: list[Scope] = [scope]
    if query.territory_code:
        conditions.append(col(Child.territory_code) == query.territory_code)
    if query.idnp:
        conditions.append(col(Child.idnp) == query.idnp.strip())
    if not query.name:
        rows = (await uow.session.exec(keyset(select(Child).where(*conditions), Child, page))).all()
        return trim(rows, page)
    # Prefix match on the folded "family given" key. The pattern goes into the SQL as a quoted
    # literal, not a parameter, so the plan always sees the prefix (a prepared statement's reused
    # plan could not use the name index for an unknown one).
    escaped = fold(query.name).replace("/", "//").replace("%", "/%").replace("_", "/_")
    pattern = bindparam("name_prefix", escaped + "%", String(), literal_execute=True)
    conditions.append(col(Child.search_name).like(pattern, escape="/"))
    # Two steps: the page's ids from the name index alone (it holds created_at and id), then
    # those children. Left to choose, PostgreSQL may walk all children newest first hoping to meet
    # matches soon, and a name rarer than its statistics suggest then reads the whole table.
    matches = (
        select(col(Child.id), col(Child.created_at))
        .where(*conditions)
        .cte("matches")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    ids = keyset(select(matches.c.id), matches.c, page).subquery("page")
    stmt = select(Child).join(ids, col(Child.id) == ids.c.id).order_by(*ordered(Child, page))
    return trim((await uow.session.exec(stmt)).all(), page)


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
