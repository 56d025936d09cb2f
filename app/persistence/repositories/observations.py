from __future__ import annotations

import uuid

from sqlmodel import select

from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.scoping import Scope
from app.persistence.tables.concerns import Observation
from app.persistence.uow import UnitOfWork


async def search(
    uow: UnitOfWork, child_id: uuid.UUID | None, page: PageRequest, scope: Scope
) -> PageOf:
    stmt = select(Observation).where(scope)
    if child_id:
        stmt = stmt.where(Observation.child_id == child_id)
    return trim((await uow.session.exec(keyset(stmt, Observation, page))).all(), page)
