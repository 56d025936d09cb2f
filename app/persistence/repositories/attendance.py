"""Queries of attendance: bulk upserts of a batch's records, and, for the pupils a batch
changed, their recent days and remembered episodes, each in one statement (never per pupil)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.selectable import Subquery
from sqlmodel import col, select

from app.domain.attendance import AttendanceCategory
from app.persistence.tables.attendance import AttendanceAlert, AttendanceEvent
from app.persistence.tables.children import ChildIdentifier
from app.persistence.uow import UnitOfWork

EVENTS = AttendanceEvent.__table__  # type: ignore[attr-defined]
ALERTS = AttendanceAlert.__table__  # type: ignore[attr-defined]
KEY = ("client_id", "school_id", "student_unique_id", "event_date", "session")


async def upsert_events(uow: UnitOfWork, rows: Sequence[dict[str, Any]]) -> int:
    """Insert the records, replace the category (and duration) of those already stored with
    another, leave identical ones alone: one executemany statement, on either database. Returns
    how many were inserted or changed. `rows` must hold each key once."""
    if not rows:
        return 0
    conn = await uow.session.connection()
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(EVENTS)
    excluded = stmt.excluded
    upsert = stmt.on_conflict_do_update(
        index_elements=list(KEY),
        set_={
            "category": excluded.category,
            "duration": excluded.duration,
            "organisation_id": excluded.organisation_id,
            "message_id": excluded.message_id,
            "recorded_at": excluded.recorded_at,
        },
        where=or_(
            EVENTS.c.category != excluded.category,
            EVENTS.c.duration.is_distinct_from(excluded.duration),
        ),
    ).returning(EVENTS.c.student_unique_id)
    result = await conn.execute(upsert, list(rows))
    return len(result.all())


def _touched(client_id: str, message_id: uuid.UUID) -> Subquery:
    """The pupils (school, pupil) whose records the batch inserted or changed."""
    return (
        sa_select(EVENTS.c.school_id, EVENTS.c.student_unique_id)
        .where(EVENTS.c.client_id == client_id, EVENTS.c.message_id == message_id)
        .distinct()
        .subquery()
    )


async def days_of_touched(
    uow: UnitOfWork, client_id: str, message_id: uuid.UUID, since: date
) -> list[tuple[str, str, date, int, int]]:
    """(school, pupil, day, sessions, unexcused sessions) for every day since
    `since` of every pupil the batch touched, in order."""
    touched = _touched(client_id, message_id)
    unexcused = func.sum(
        case((EVENTS.c.category == AttendanceCategory.UNEXCUSED_ABSENCE.value, 1), else_=0)
    )
    stmt = (
        sa_select(
            EVENTS.c.school_id,
            EVENTS.c.student_unique_id,
            EVENTS.c.event_date,
            func.count(),
            unexcused,
        )
        .join(
            touched,
            and_(
                touched.c.school_id == EVENTS.c.school_id,
                touched.c.student_unique_id == EVENTS.c.student_unique_id,
            ),
        )
        .where(EVENTS.c.client_id == client_id, EVENTS.c.event_date >= since)
        .group_by(EVENTS.c.school_id, EVENTS.c.student_unique_id, EVENTS.c.event_date)
        .order_by(EVENTS.c.school_id, EVENTS.c.student_unique_id, EVENTS.c.event_date)
    )
    conn = await uow.session.connection()
    rows = (await conn.execute(stmt)).all()
    return [(s, p, d, int(n), int(u)) for s, p, d, n, u in rows]


async def alerts_of_touched(
    uow: UnitOfWork, client_id: str, message_id: uuid.UUID
) -> list[AttendanceAlert]:
    touched = _touched(client_id, message_id)
    stmt = (
        select(AttendanceAlert)
        .join(
            touched,
            and_(
                touched.c.school_id == col(AttendanceAlert.school_id),
                touched.c.student_unique_id == col(AttendanceAlert.student_unique_id),
            ),
        )
        .where(col(AttendanceAlert.client_id) == client_id)
        .order_by(col(AttendanceAlert.episode_start))
    )
    return list((await uow.session.exec(stmt)).all())


async def raisable_alerts(uow: UnitOfWork, client_id: str) -> list[AttendanceAlert]:
    """Pending alerts of the client whose pupil is now linked to a child (by the registry's id
    for them): they are raised now."""
    stmt = (
        select(AttendanceAlert)
        .join(
            ChildIdentifier,
            and_(
                col(ChildIdentifier.system) == col(AttendanceAlert.client_id),
                col(ChildIdentifier.value) == col(AttendanceAlert.student_unique_id),
            ),
        )
        .where(
            col(AttendanceAlert.client_id) == client_id, col(AttendanceAlert.status) == "pending"
        )
        .order_by(col(AttendanceAlert.created_at))
    )
    return list((await uow.session.exec(stmt)).all())
