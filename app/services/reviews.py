"""Reviews of a plan in force: progress, the indicators and protective factors re-rated, and the
next review date."""

from __future__ import annotations

import uuid

from app.domain.actor import Actor
from app.domain.errors import IllegalTransition
from app.domain.plans import (
    PLAN_MACHINE,
    NewReview,
    PlanStatus,
    check_owner_not_closed,
    next_review_on,
)
from app.persistence.repositories import plans as repo
from app.persistence.tables.plans import Plan, Review
from app.persistence.uow import UnitOfWork
from app.services.common import disclose_listed, open_record
from app.services.plans import (
    check_plan_owner,
    open_review_deadline,
    owner_of,
    plan_event,
    review_interval,
)
from app.services.wellbeing import record_ratings


async def record_review(
    uow: UnitOfWork, actor: Actor, plan_id: uuid.UUID, data: NewReview
) -> Review:
    """Record a review and move the plan's review date on.

    The ratings become points of the child's well-being trajectory. The next review is the date the
    team set, or else `held_on` plus the plan's interval; its deadline replaces the one just met.
    """
    plan, _ = await open_record(uow, actor, Plan, plan_id, "plan")
    await check_plan_owner(uow, actor, plan)
    owner = await owner_of(uow, case_id=plan.case_id, concern_id=plan.concern_id)
    check_owner_not_closed(owner.scope, owner.state)
    status = PlanStatus(plan.status)
    if status is not PlanStatus.ACTIVE:
        raise IllegalTransition.build("plan", status, "review", PLAN_MACHINE.legal_actions(status))
    interval, urgency = await review_interval(uow, plan)
    due = next_review_on(data.held_on, interval, data.next_review_on)
    ratings = data.model_dump(mode="json", include={"indicator_ratings", "protective_factors"})
    review = Review(
        plan_id=plan.id,
        child_id=plan.child_id,
        author_id=actor.person(),
        held_on=data.held_on,
        progress=data.progress,
        child_views=data.child_views,
        decision=data.decision.value,
        next_review_on=due,
        **ratings,
    )
    uow.session.add(review)
    record_ratings(
        uow,
        child_id=plan.child_id,
        source_type="review",
        source_id=review.id,
        recorded_on=data.held_on,
        indicators=ratings["indicator_ratings"],
        protective_factors=ratings["protective_factors"],
    )
    plan.review_due_on = due
    uow.session.add(plan)
    await uow.flush()
    await open_review_deadline(uow, plan, urgency)
    uow.record(
        plan_event(
            "reviewed",
            plan,
            actor,
            f"Plan reviewed ({data.decision.value.replace('_', ' ')}); "
            f"next review by {due.isoformat()}",
            decision=data.decision.value,
            review_id=str(review.id),
            next_review_on=due.isoformat(),
        )
    )
    return review


async def list_reviews(uow: UnitOfWork, actor: Actor, plan_id: uuid.UUID) -> list[Review]:
    await open_record(uow, actor, Plan, plan_id, "plan")
    found = await repo.reviews_of(uow, plan_id)
    disclose_listed(uow, actor, "review", found)
    return found
