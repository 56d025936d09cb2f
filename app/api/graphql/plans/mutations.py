"""Writing plans, putting them in force, their objectives, actions and reviews: the REST actions,
one mutation each."""

from __future__ import annotations

from typing import Any

import strawberry

from app.api.graphql.mutations import mutation
from app.api.graphql.plans.types import Plan, PlanAction, PlanObjective, Review
from app.domain.plans import (
    ActionNote,
    ActionStep,
    NewAction,
    NewObjective,
    NewPlan,
    NewReview,
    PlanCancellation,
    PlanChanges,
)
from app.services import plans as service
from app.services import reviews

P = "/plans/{plan_id}"


def _step(step: ActionStep, description: str) -> Any:
    """Starting, completing and cancelling an action differ only in the step, as their REST
    routes do. The version is the action's own: actions are versioned apart from their plan."""
    return mutation(
        PlanAction,
        parent="Plan",
        target="PlanAction",
        command=ActionNote,
        input_required=False,
        run=lambda uow, a, parent, ident, data, expected_version: service.move_action(
            uow, a, parent, ident, step, data.note, expected_version=expected_version
        ),
        method="POST",
        path=f"{P}/actions/{{action_id}}/{step.value}",
        description=description,
    )


@strawberry.type
class PlanMutations:
    create_plan = mutation(
        Plan,
        command=NewPlan,
        run=lambda uow, a, data: service.create_plan(uow, a, data),
        method="POST",
        path="/plans",
        description="Write a plan, as a draft: a single-agency plan for a concern, or the "
        "child's plan of a case. Give exactly one of caseId and concernId.",
    )
    update_plan = mutation(
        Plan,
        target="Plan",
        command=PlanChanges,
        run=lambda uow, a, ident, data, expected_version: service.update_plan(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="PATCH",
        path=P,
        description="Change the needs, views, review interval or lead of a draft or active plan.",
    )
    activate_plan = mutation(
        Plan,
        target="Plan",
        run=lambda uow, a, ident, expected_version: service.activate_plan(
            uow, a, ident, expected_version=expected_version
        ),
        method="POST",
        path=f"{P}/activate",
        description="Put a plan in force; the owner's plan in force until now is superseded.",
    )
    complete_plan = mutation(
        Plan,
        target="Plan",
        run=lambda uow, a, ident, expected_version: service.complete_plan(
            uow, a, ident, expected_version=expected_version
        ),
        method="POST",
        path=f"{P}/complete",
        description="Complete a plan; its open actions are cancelled.",
    )
    cancel_plan = mutation(
        Plan,
        target="Plan",
        command=PlanCancellation,
        run=lambda uow, a, ident, data, expected_version: service.cancel_plan(
            uow, a, ident, data.reason, expected_version=expected_version
        ),
        method="POST",
        path=f"{P}/cancel",
        description="Cancel a draft or active plan, with the reason.",
    )
    add_objective = mutation(
        PlanObjective,
        parent="Plan",
        command=NewObjective,
        run=lambda uow, a, parent, data: service.add_objective(uow, a, parent, data),
        method="POST",
        path=f"{P}/objectives",
        description="Add an objective to a draft or active plan.",
    )
    add_plan_action = mutation(
        PlanAction,
        parent="Plan",
        command=NewAction,
        run=lambda uow, a, parent, data: service.add_action(uow, a, parent, data),
        method="POST",
        path=f"{P}/actions",
        description="Add an action to a draft or active plan: who does what by when.",
    )
    start_plan_action = _step(ActionStep.START, "Start an action.")
    complete_plan_action = _step(ActionStep.COMPLETE, "Complete an action.")
    cancel_plan_action = _step(ActionStep.CANCEL, "Cancel an action.")
    record_review = mutation(
        Review,
        parent="Plan",
        command=NewReview,
        run=lambda uow, a, parent, data: reviews.record_review(uow, a, parent, data),
        method="POST",
        path=f"{P}/reviews",
        description="Record a review of a plan in force; the plan's review date moves on.",
    )
