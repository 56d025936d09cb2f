from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import col, select

from app.persistence.scoping import Scope
from app.persistence.tables.deadlines import Deadline, DeadlinePolicyRow
from app.persistence.uow import UnitOfWork


async def overdue(
    uow: UnitOfWork,
    now: datetime,
    limit: int,
    *,
    organisation_id: uuid.UUID | None,
    assignee_id: uuid.UUID | None,
    kind: str | None,
    scope: Scope,
) -> list[Deadline]:
    stmt = select(Deadline).where(col(Deadline.met_at).is_(None), col(Deadline.due_at) < now, scope)
    if organisation_id:
        stmt = stmt.where(Deadline.organisation_id == organisation_id)
    if assignee_id:
        stmt = stmt.where(Deadline.assignee_id == assignee_id)
    if kind:
        stmt = stmt.where(Deadline.kind == kind)
    stmt = stmt.order_by(col(Deadline.due_at), col(Deadline.id)).limit(limit)
    return list((await uow.session.exec(stmt)).all())


async def open_for(uow: UnitOfWork, subject_type: str, subject_id: uuid.UUID) -> Deadline | None:
    stmt = select(Deadline).where(
        Deadline.subject_type == subject_type,
        Deadline.subject_id == subject_id,
        col(Deadline.met_at).is_(None),
    )
    return (await uow.session.exec(stmt)).first()


async def policy_rows(uow: UnitOfWork) -> list[DeadlinePolicyRow]:
    stmt = select(DeadlinePolicyRow).order_by(
        col(DeadlinePolicyRow.kind), col(DeadlinePolicyRow.urgency)
    )
    return list((await uow.session.exec(stmt)).all())


async def policy_row(uow: UnitOfWork, kind: str, urgency: str) -> DeadlinePolicyRow | None:
    stmt = select(DeadlinePolicyRow).where(
        DeadlinePolicyRow.kind == kind, DeadlinePolicyRow.urgency == urgency
    )
    return (await uow.session.exec(stmt)).first()
