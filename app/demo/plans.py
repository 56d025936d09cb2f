"""Writing the story's plans (an institution's own plan or a case's child's plan) and reviewing
them."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta

from app.demo.casefiles import GOALS
from app.demo.directory import Cast
from app.domain.actor import Actor
from app.domain.plans import (
    ActionStep,
    InitialAction,
    NewObjective,
    NewPlan,
    NewReview,
    Rating,
    ReviewDecision,
    today,
)
from app.domain.vocabulary import Indicator, ProtectiveFactor
from app.persistence.repositories import plans as plan_repo
from app.persistence.tables.plans import Plan, PlanAction
from app.persistence.uow import UnitOfWork
from app.services import plans, reviews

ACTION_SPACING_DAYS = 14


async def write_plan(
    uow: UnitOfWork,
    actor: Actor,
    cast: Cast,
    *,
    indicators: Sequence[Indicator],
    institutions: Collection[str],
    case_id: uuid.UUID | None = None,
    concern_id: uuid.UUID | None = None,
    needs: str | None = None,
    child_views: str | None = None,
    parents_views: str | None = None,
    first_due: date | None = None,
) -> Plan:
    """One objective per indicator of concern, and the steps of its goal that fall to the given
    institutions, due two weeks apart from `first_due` (two weeks from today by default)."""
    start = first_due or today() + timedelta(days=ACTION_SPACING_DAYS)
    actions: list[InitialAction] = []
    for index, indicator in enumerate(indicators):
        for step in GOALS[indicator].steps:
            if step.organisation not in institutions:
                continue
            actions.append(
                InitialAction(
                    description=step.description,
                    service=step.service,
                    responsible_organisation_id=cast.org(step.organisation),
                    responsible_professional_id=cast.id(step.professional),
                    due_on=start + timedelta(days=ACTION_SPACING_DAYS * len(actions)),
                    objective_index=index,
                )
            )
    return await plans.create_plan(
        uow,
        actor,
        NewPlan(
            case_id=case_id,
            concern_id=concern_id,
            needs=needs,
            child_views=child_views,
            parents_views=parents_views,
            objectives=[
                NewObjective(
                    indicator=i,
                    description=GOALS[i].objective,
                    expected_outcome=GOALS[i].outcome,
                )
                for i in indicators
            ],
            actions=actions,
        ),
    )


async def actions_of(uow: UnitOfWork, plan: Plan) -> list[PlanAction]:
    return sorted(await plan_repo.actions_of(uow, [plan.id]), key=lambda a: a.due_on)


async def carry_out(
    uow: UnitOfWork, cast: Cast, lead: Actor, plan: Plan, *, started: int, done: int = 0
) -> None:
    """Start the first `started` actions (by due date) and complete the first `done` of them,
    each as the professional responsible for it (the lead when there is none)."""
    for n, action in enumerate((await actions_of(uow, plan))[:started]):
        actor = cast.actor_of(action.responsible_professional_id, lead)
        await plans.move_action(
            uow, actor, plan.id, action.id, ActionStep.START, None, expected_version=None
        )
        if n < done:
            await plans.move_action(
                uow,
                actor,
                plan.id,
                action.id,
                ActionStep.COMPLETE,
                "Realizat conform planului.",
                expected_version=None,
            )


async def review(
    uow: UnitOfWork,
    actor: Actor,
    plan: Plan,
    *,
    progress: str,
    indicators: Mapping[Indicator, int],
    factors: Mapping[ProtectiveFactor, int] | None = None,
    child_views: str | None = None,
    decision: ReviewDecision = ReviewDecision.CONTINUE,
    held_on: date | None = None,
    next_review_on: date | None = None,
) -> None:
    await reviews.record_review(
        uow,
        actor,
        plan.id,
        NewReview(
            held_on=held_on or today(),
            progress=progress,
            indicator_ratings={i: Rating(rating=r) for i, r in indicators.items()},
            protective_factors={f: Rating(rating=r) for f, r in (factors or {}).items()},
            child_views=child_views,
            decision=decision,
            next_review_on=next_review_on,
        ),
    )
