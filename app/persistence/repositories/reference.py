from __future__ import annotations

from sqlmodel import col, select

from app.persistence.tables.reference import Locality, Territory
from app.persistence.uow import UnitOfWork


async def territories(uow: UnitOfWork) -> list[Territory]:
    stmt = select(Territory).order_by(col(Territory.kind), col(Territory.name_ro))
    return list((await uow.session.exec(stmt)).all())


async def localities(uow: UnitOfWork, territory_code: str) -> list[Locality]:
    stmt = select(Locality).where(Locality.territory_code == territory_code)
    return list((await uow.session.exec(stmt.order_by(col(Locality.name_ro)))).all())
