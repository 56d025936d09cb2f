from __future__ import annotations

import uuid

from sqlmodel import col, select

from app.persistence.tables.events import StoredEvent
from app.persistence.uow import UnitOfWork


async def after(
    uow: UnitOfWork,
    position: int,
    limit: int,
    *,
    types: list[str] | None = None,
    child_id: uuid.UUID | None = None,
) -> list[StoredEvent]:
    stmt = select(StoredEvent).where(col(StoredEvent.position) > position)
    if types:
        stmt = stmt.where(col(StoredEvent.type).in_(types))
    if child_id:
        stmt = stmt.where(StoredEvent.child_id == child_id)
    return list(
        (await uow.session.exec(stmt.order_by(col(StoredEvent.position)).limit(limit))).all()
    )


async def of_aggregate(
    uow: UnitOfWork, aggregate_type: str, aggregate_id: uuid.UUID
) -> list[StoredEvent]:
    stmt = select(StoredEvent).where(
        StoredEvent.aggregate_type == aggregate_type, StoredEvent.aggregate_id == aggregate_id
    )
    return list((await uow.session.exec(stmt.order_by(col(StoredEvent.position)))).all())


async def of_child(
    uow: UnitOfWork, child_id: uuid.UUID, limit: int, before: int | None = None
) -> list[StoredEvent]:
    stmt = select(StoredEvent).where(StoredEvent.child_id == child_id)
    if before is not None:
        stmt = stmt.where(col(StoredEvent.position) < before)
    stmt = stmt.order_by(col(StoredEvent.occurred_at).desc(), col(StoredEvent.position).desc())
    return list((await uow.session.exec(stmt.limit(limit))).all())
