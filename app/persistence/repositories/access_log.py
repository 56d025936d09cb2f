from __future__ import annotations

import uuid

from sqlmodel import col, select

from app.persistence.tables.access_log import AccessLogEntry
from app.persistence.uow import UnitOfWork


async def disclosures_of(
    uow: UnitOfWork, child_id: uuid.UUID, limit: int, *, before: int | None = None
) -> list[AccessLogEntry]:
    """The child's sealed entries, newest (highest seq) first, keyset on seq."""
    stmt = select(AccessLogEntry).where(
        AccessLogEntry.child_id == child_id, col(AccessLogEntry.seq).is_not(None)
    )
    if before is not None:
        stmt = stmt.where(col(AccessLogEntry.seq) < before)
    stmt = stmt.order_by(col(AccessLogEntry.seq).desc()).limit(limit)
    return list((await uow.session.exec(stmt)).all())
