from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select

from app.domain.concerns import ConcernSearch, ConcernStatus
from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.scoping import Scope
from app.persistence.tables.concerns import Concern, ConcernIndicator
from app.persistence.uow import UnitOfWork


async def search(
    uow: UnitOfWork, query: ConcernSearch, page: PageRequest, now: datetime, scope: Scope
) -> PageOf:
    stmt = select(Concern).where(scope)
    if query.child_id:
        stmt = stmt.where(Concern.child_id == query.child_id)
    if query.status:
        stmt = stmt.where(Concern.status == query.status.value)
    if query.urgency:
        stmt = stmt.where(Concern.urgency == query.urgency.value)
    if query.organisation_id:
        stmt = stmt.where(Concern.organisation_id == query.organisation_id)
    if query.indicator:
        tagged = select(ConcernIndicator.concern_id).where(
            ConcernIndicator.indicator == query.indicator.value
        )
        stmt = stmt.where(col(Concern.id).in_(tagged))
    if query.overdue:
        # Only an undecided concern can be late: a decision meets its deadline.
        stmt = stmt.where(Concern.status == ConcernStatus.RECORDED.value, col(Concern.due_at) < now)
    return trim((await uow.session.exec(keyset(stmt, Concern, page))).all(), page)


async def indicators_of(
    uow: UnitOfWork, concern_ids: Sequence[uuid.UUID]
) -> list[ConcernIndicator]:
    if not concern_ids:
        return []
    stmt = select(ConcernIndicator).where(col(ConcernIndicator.concern_id).in_(concern_ids))
    return list((await uow.session.exec(stmt)).all())


async def clear_indicators(uow: UnitOfWork, concern_id: uuid.UUID) -> None:
    await uow.session.exec(
        delete(ConcernIndicator).where(col(ConcernIndicator.concern_id) == concern_id)
    )
