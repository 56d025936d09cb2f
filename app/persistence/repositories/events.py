from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, String, cast, func
from sqlmodel import col, select

from app.persistence.tables.events import StoredEvent
from app.persistence.uow import UnitOfWork


def involves(organisation_id: uuid.UUID) -> ColumnElement[bool]:
    """Events that name the organisation among those involved. The ids are stored as JSON text,
    and a UUID in quotes cannot match anything but itself, so a text match is exact."""
    return cast(col(StoredEvent.organisation_ids), String).contains(f'"{organisation_id}"')


async def after(
    uow: UnitOfWork,
    position: int,
    limit: int,
    *,
    types: list[str] | None = None,
    child_id: uuid.UUID | None = None,
    organisation_id: uuid.UUID | None = None,
) -> list[StoredEvent]:
    stmt = select(StoredEvent).where(col(StoredEvent.position) > position)
    if organisation_id is not None:
        stmt = stmt.where(involves(organisation_id))
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


async def at(uow: UnitOfWork, position: int) -> StoredEvent | None:
    return await uow.session.get(StoredEvent, position)


async def last_position(uow: UnitOfWork) -> int:
    found = (await uow.session.exec(select(func.max(col(StoredEvent.position))))).first()
    return int(found or 0)


async def about_visible(
    uow: UnitOfWork,
    model: Any,
    aggregate_type: str,
    position: int,
    limit: int,
    visible: ColumnElement[bool],
    *,
    aggregate_id: uuid.UUID | None = None,
) -> list[StoredEvent]:
    """Events after `position` about records of `model` that satisfy `visible`, in log order."""
    stmt = (
        select(StoredEvent)
        .join(model, col(model.id) == col(StoredEvent.aggregate_id))
        .where(
            StoredEvent.aggregate_type == aggregate_type,
            col(StoredEvent.position) > position,
            visible,
        )
    )
    if aggregate_id is not None:
        stmt = stmt.where(StoredEvent.aggregate_id == aggregate_id)
    return list(
        (await uow.session.exec(stmt.order_by(col(StoredEvent.position)).limit(limit))).all()
    )
