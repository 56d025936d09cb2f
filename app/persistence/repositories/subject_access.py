"""Everything held about one child, table by table, for a subject-access export.

Each section is one statement, whatever the size of the child's history: rows that hang off the
child's concerns, cases or plans are read with one IN over the parents' ids, never one query per
parent. Rows come oldest first, so the export reads as the history happened.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlmodel import SQLModel, col, select

from app.persistence.tables.assessments import Assessment
from app.persistence.tables.cases import Case, TeamMember
from app.persistence.tables.children import Child, ChildIdentifier, ChildInstitution, FamilyMember
from app.persistence.tables.concerns import Concern, ConcernIndicator, Observation
from app.persistence.tables.deadlines import Deadline
from app.persistence.tables.events import StoredEvent
from app.persistence.tables.plans import Plan, PlanAction, PlanObjective, Review, WellbeingRating
from app.persistence.tables.referrals import Referral
from app.persistence.tables.sharing_bases import SharingBasis
from app.persistence.uow import UnitOfWork

# Section -> table and its oldest-first order. Rating points have no creation time of their own
# (the day they were recorded stands in); events keep the log's order, notes included.
BY_CHILD: dict[str, tuple[type[SQLModel], tuple[str, ...]]] = {
    "identifiers": (ChildIdentifier, ("created_at", "id")),
    "family_members": (FamilyMember, ("created_at", "id")),
    "institutions": (ChildInstitution, ("created_at", "id")),
    "observations": (Observation, ("created_at", "id")),
    "concerns": (Concern, ("created_at", "id")),
    "sharing_bases": (SharingBasis, ("created_at", "id")),
    "referrals": (Referral, ("created_at", "id")),
    "cases": (Case, ("created_at", "id")),
    "assessments": (Assessment, ("created_at", "id")),
    "plans": (Plan, ("created_at", "id")),
    "reviews": (Review, ("created_at", "id")),
    "wellbeing_ratings": (WellbeingRating, ("recorded_on", "id")),
    "events": (StoredEvent, ("position",)),
    "deadlines": (Deadline, ("started_at", "id")),
}

# Section -> table, the column naming its parent, and its order. Team members include former
# ones: that they worked on the child's case is held about the child.
BY_PARENT: dict[str, tuple[type[SQLModel], str, tuple[str, ...]]] = {
    "concern_indicators": (ConcernIndicator, "concern_id", ("concern_id", "indicator")),
    "team_members": (TeamMember, "case_id", ("joined_at", "id")),
    "plan_objectives": (PlanObjective, "plan_id", ("created_at", "id")),
    "plan_actions": (PlanAction, "plan_id", ("created_at", "id")),
}


async def _rows(
    uow: UnitOfWork, model: type[SQLModel], where: Any, order: Sequence[str]
) -> list[Any]:
    stmt = select(model).where(where).order_by(*(col(getattr(model, c)) for c in order))
    return list((await uow.session.exec(stmt)).all())


async def child(uow: UnitOfWork, child_id: uuid.UUID) -> Child | None:
    return await uow.session.get(Child, child_id)


async def of_child(uow: UnitOfWork, section: str, child_id: uuid.UUID) -> list[Any]:
    model, order = BY_CHILD[section]
    owner = getattr(model, "child_id")  # noqa: B009  (every BY_CHILD table has it; mypy can't know)
    return await _rows(uow, model, col(owner) == child_id, order)


async def of_parents(uow: UnitOfWork, section: str, parent_ids: Sequence[uuid.UUID]) -> list[Any]:
    if not parent_ids:
        return []
    model, parent, order = BY_PARENT[section]
    return await _rows(uow, model, col(getattr(model, parent)).in_(parent_ids), order)
