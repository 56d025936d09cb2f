from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import col, select

from app.domain.plans import OPEN_ACTION_STATUSES, OPEN_PLAN_STATUSES, PlanStatus
from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.scoping import Scope
from app.persistence.tables.plans import Plan, PlanAction, PlanObjective, Review
from app.persistence.uow import UnitOfWork


@dataclass(frozen=True)
class PlanFilter:
    case_id: uuid.UUID | None = None
    concern_id: uuid.UUID | None = None
    child_id: uuid.UUID | None = None
    status: str | None = None


@dataclass(frozen=True)
class ActionFilter:
    responsible_organisation_id: uuid.UUID | None = None
    responsible_professional_id: uuid.UUID | None = None
    status: str | None = None
    overdue_on: date | None = None  # open actions due before this day


async def search(uow: UnitOfWork, query: PlanFilter, page: PageRequest, scope: Scope) -> PageOf:
    stmt = select(Plan).where(scope)
    if query.case_id:
        stmt = stmt.where(Plan.case_id == query.case_id)
    if query.concern_id:
        stmt = stmt.where(Plan.concern_id == query.concern_id)
    if query.child_id:
        stmt = stmt.where(Plan.child_id == query.child_id)
    if query.status:
        stmt = stmt.where(Plan.status == query.status)
    return trim((await uow.session.exec(keyset(stmt, Plan, page))).all(), page)


async def active_of_owner(
    uow: UnitOfWork, *, case_id: uuid.UUID | None, concern_id: uuid.UUID | None
) -> list[Plan]:
    stmt = select(Plan).where(Plan.status == PlanStatus.ACTIVE.value)
    if case_id is not None:
        stmt = stmt.where(Plan.case_id == case_id)
    else:
        stmt = stmt.where(Plan.concern_id == concern_id)
    return list((await uow.session.exec(stmt)).all())


async def open_of_owner(
    uow: UnitOfWork, *, case_id: uuid.UUID | None, concern_id: uuid.UUID | None
) -> list[Plan]:
    """The owner's drafts and its plan in force."""
    stmt = select(Plan).where(col(Plan.status).in_([s.value for s in OPEN_PLAN_STATUSES]))
    if case_id is not None:
        stmt = stmt.where(Plan.case_id == case_id)
    else:
        stmt = stmt.where(Plan.concern_id == concern_id)
    return list((await uow.session.exec(stmt.order_by(col(Plan.created_at)))).all())


async def objectives_of(uow: UnitOfWork, plan_ids: Sequence[uuid.UUID]) -> list[PlanObjective]:
    if not plan_ids:
        return []
    stmt = select(PlanObjective).where(col(PlanObjective.plan_id).in_(plan_ids))
    return list((await uow.session.exec(stmt.order_by(col(PlanObjective.created_at)))).all())


async def actions_of(uow: UnitOfWork, plan_ids: Sequence[uuid.UUID]) -> list[PlanAction]:
    if not plan_ids:
        return []
    stmt = select(PlanAction).where(col(PlanAction.plan_id).in_(plan_ids))
    return list((await uow.session.exec(stmt.order_by(col(PlanAction.created_at)))).all())


async def search_actions(
    uow: UnitOfWork, query: ActionFilter, page: PageRequest, plans_in_scope: Any
) -> PageOf:
    stmt = select(PlanAction).where(col(PlanAction.plan_id).in_(plans_in_scope))
    if query.responsible_organisation_id:
        stmt = stmt.where(
            PlanAction.responsible_organisation_id == query.responsible_organisation_id
        )
    if query.responsible_professional_id:
        stmt = stmt.where(
            PlanAction.responsible_professional_id == query.responsible_professional_id
        )
    if query.status:
        stmt = stmt.where(PlanAction.status == query.status)
    if query.overdue_on:
        stmt = stmt.where(
            col(PlanAction.status).in_([s.value for s in OPEN_ACTION_STATUSES]),
            col(PlanAction.due_on) < query.overdue_on,
        )
    return trim((await uow.session.exec(keyset(stmt, PlanAction, page))).all(), page)


async def reviews_of(uow: UnitOfWork, plan_id: uuid.UUID) -> list[Review]:
    stmt = select(Review).where(Review.plan_id == plan_id)
    return list(
        (await uow.session.exec(stmt.order_by(col(Review.held_on), col(Review.created_at)))).all()
    )


async def children_of_plans(
    uow: UnitOfWork, plan_ids: set[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    """Whose each plan is, in one query (an action's child is its plan's)."""
    if not plan_ids:
        return {}
    stmt = select(Plan.id, Plan.child_id).where(col(Plan.id).in_(plan_ids))
    return {row[0]: row[1] for row in (await uow.session.exec(stmt)).all()}
