"""Everything held about one child, table by table, for a subject-access export.

Each function is one statement, whatever the size of the child's history: rows that hang off the
child's concerns, cases or plans are read with one IN over the parents' ids, never one query per
parent. Rows come oldest first, so the export reads as the history happened.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlmodel import SQLModel, col, select

from app.persistence.tables.assessments import Assessment
from app.persistence.tables.cases import Case, TeamMember
from app.persistence.tables.children import Child, ChildIdentifier, ChildInstitution, FamilyMember
from app.persistence.tables.concerns import Concern, ConcernIndicator, Observation
from app.persistence.tables.deadlines import Deadline
from app.persistence.tables.events import StoredEvent
from app.persistence.tables.plans import Plan, PlanAction, PlanObjective, Review, WellbeingRating
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork

T = TypeVar("T", bound=SQLModel)


async def _rows(uow: UnitOfWork, model: type[T], where: Any, *order: Any) -> list[T]:
    stmt = select(model).where(where).order_by(*order)
    return list((await uow.session.exec(stmt)).all())


async def child(uow: UnitOfWork, child_id: uuid.UUID) -> Child | None:
    return (await uow.session.exec(select(Child).where(Child.id == child_id))).first()


async def identifiers(uow: UnitOfWork, child_id: uuid.UUID) -> list[ChildIdentifier]:
    return await _rows(
        uow,
        ChildIdentifier,
        col(ChildIdentifier.child_id) == child_id,
        col(ChildIdentifier.created_at),
        col(ChildIdentifier.id),
    )


async def family_members(uow: UnitOfWork, child_id: uuid.UUID) -> list[FamilyMember]:
    return await _rows(
        uow,
        FamilyMember,
        col(FamilyMember.child_id) == child_id,
        col(FamilyMember.created_at),
        col(FamilyMember.id),
    )


async def institutions(uow: UnitOfWork, child_id: uuid.UUID) -> list[ChildInstitution]:
    return await _rows(
        uow,
        ChildInstitution,
        col(ChildInstitution.child_id) == child_id,
        col(ChildInstitution.created_at),
        col(ChildInstitution.id),
    )


async def observations(uow: UnitOfWork, child_id: uuid.UUID) -> list[Observation]:
    return await _rows(
        uow,
        Observation,
        col(Observation.child_id) == child_id,
        col(Observation.created_at),
        col(Observation.id),
    )


async def concerns(uow: UnitOfWork, child_id: uuid.UUID) -> list[Concern]:
    return await _rows(
        uow, Concern, col(Concern.child_id) == child_id, col(Concern.created_at), col(Concern.id)
    )


async def concern_indicators(
    uow: UnitOfWork, concern_ids: Sequence[uuid.UUID]
) -> list[ConcernIndicator]:
    if not concern_ids:
        return []
    return await _rows(
        uow,
        ConcernIndicator,
        col(ConcernIndicator.concern_id).in_(concern_ids),
        col(ConcernIndicator.concern_id),
        col(ConcernIndicator.indicator),
    )


async def referrals(uow: UnitOfWork, child_id: uuid.UUID) -> list[Referral]:
    return await _rows(
        uow,
        Referral,
        col(Referral.child_id) == child_id,
        col(Referral.created_at),
        col(Referral.id),
    )


async def cases(uow: UnitOfWork, child_id: uuid.UUID) -> list[Case]:
    return await _rows(
        uow, Case, col(Case.child_id) == child_id, col(Case.created_at), col(Case.id)
    )


async def team_members(uow: UnitOfWork, case_ids: Sequence[uuid.UUID]) -> list[TeamMember]:
    """Former members too: that they worked on the child's case is held about the child."""
    if not case_ids:
        return []
    return await _rows(
        uow,
        TeamMember,
        col(TeamMember.case_id).in_(case_ids),
        col(TeamMember.joined_at),
        col(TeamMember.id),
    )


async def assessments(uow: UnitOfWork, child_id: uuid.UUID) -> list[Assessment]:
    return await _rows(
        uow,
        Assessment,
        col(Assessment.child_id) == child_id,
        col(Assessment.created_at),
        col(Assessment.id),
    )


async def plans(uow: UnitOfWork, child_id: uuid.UUID) -> list[Plan]:
    return await _rows(
        uow, Plan, col(Plan.child_id) == child_id, col(Plan.created_at), col(Plan.id)
    )


async def plan_objectives(uow: UnitOfWork, plan_ids: Sequence[uuid.UUID]) -> list[PlanObjective]:
    if not plan_ids:
        return []
    return await _rows(
        uow,
        PlanObjective,
        col(PlanObjective.plan_id).in_(plan_ids),
        col(PlanObjective.created_at),
        col(PlanObjective.id),
    )


async def plan_actions(uow: UnitOfWork, plan_ids: Sequence[uuid.UUID]) -> list[PlanAction]:
    if not plan_ids:
        return []
    return await _rows(
        uow,
        PlanAction,
        col(PlanAction.plan_id).in_(plan_ids),
        col(PlanAction.created_at),
        col(PlanAction.id),
    )


async def reviews(uow: UnitOfWork, child_id: uuid.UUID) -> list[Review]:
    return await _rows(
        uow, Review, col(Review.child_id) == child_id, col(Review.created_at), col(Review.id)
    )


async def wellbeing_ratings(uow: UnitOfWork, child_id: uuid.UUID) -> list[WellbeingRating]:
    """Rating points have no creation time of their own; the day they were recorded stands in."""
    return await _rows(
        uow,
        WellbeingRating,
        col(WellbeingRating.child_id) == child_id,
        col(WellbeingRating.recorded_on),
        col(WellbeingRating.id),
    )


async def events(uow: UnitOfWork, child_id: uuid.UUID) -> list[StoredEvent]:
    """In the order they were written (the log's position), notes included."""
    return await _rows(
        uow, StoredEvent, col(StoredEvent.child_id) == child_id, col(StoredEvent.position)
    )


async def deadlines(uow: UnitOfWork, child_id: uuid.UUID) -> list[Deadline]:
    return await _rows(
        uow,
        Deadline,
        col(Deadline.child_id) == child_id,
        col(Deadline.started_at),
        col(Deadline.id),
    )
