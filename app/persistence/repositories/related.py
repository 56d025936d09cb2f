"""Rows related to many parents at once: one statement per relation, however many parents a page
holds (what GraphQL's DataLoaders ask for)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlmodel import SQLModel, col, select

from app.persistence.scoping import Predicate
from app.persistence.tables.plans import Plan, PlanAction
from app.persistence.uow import UnitOfWork

T = TypeVar("T", bound=SQLModel)


async def by_ids(
    uow: UnitOfWork, model: type[T], ids: Sequence[Any], scope: Predicate | None = None
) -> list[T]:
    table: Any = model
    stmt = select(model).where(col(table.id).in_(list(ids)))
    if scope is not None:
        stmt = stmt.where(scope)
    return list((await uow.session.exec(stmt)).all())


async def by_column(
    uow: UnitOfWork,
    model: type[T],
    column: str,
    keys: Sequence[Any],
    scope: Predicate | None = None,
    *,
    order: Sequence[str] = ("created_at", "id"),
) -> list[T]:
    table: Any = model
    stmt = select(model).where(col(getattr(table, column)).in_(list(keys)))
    if scope is not None:
        stmt = stmt.where(scope)
    stmt = stmt.order_by(*(col(getattr(table, c)) for c in order))
    return list((await uow.session.exec(stmt)).all())


async def actions_of_cases(
    uow: UnitOfWork, case_ids: Sequence[uuid.UUID], plans_in_scope: Any
) -> list[tuple[uuid.UUID, uuid.UUID, PlanAction]]:
    """(case id, child id, action) for the actions of the cases' plans the caller may see."""
    stmt = (
        select(col(Plan.case_id), col(Plan.child_id), PlanAction)
        .join(Plan, col(Plan.id) == col(PlanAction.plan_id))
        .where(col(Plan.case_id).in_(list(case_ids)), col(Plan.id).in_(plans_in_scope))
        .order_by(col(PlanAction.due_on), col(PlanAction.created_at), col(PlanAction.id))
    )
    return [(c, ch, a) for c, ch, a in (await uow.session.exec(stmt)).all() if c is not None]


async def of_plans(
    uow: UnitOfWork,
    model: type[T],
    plan_ids: Sequence[uuid.UUID],
    plans_in_scope: Any,
    *,
    order: Sequence[str],
) -> list[tuple[uuid.UUID, T]]:
    """(child id, row) for the rows of `model` (objectives, actions, reviews: each has `plan_id`)
    of the plans the caller may see."""
    table: Any = model
    stmt = (
        select(col(Plan.child_id), table)
        .join(Plan, col(Plan.id) == col(table.plan_id))
        .where(col(table.plan_id).in_(list(plan_ids)), col(Plan.id).in_(plans_in_scope))
        .order_by(*(col(getattr(table, c)) for c in order))
    )
    return [(child, row) for child, row in (await uow.session.exec(stmt)).all()]
