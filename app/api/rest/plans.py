"""Plans: single-agency plans and children's plans, their objectives, actions and reviews."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response, status
from pydantic import ConfigDict, Field
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, ExpectedVersion, Uow, set_etag
from app.api.rest.pagination import Page, Paging
from app.api.rest.responses import CHANGE, CREATE, LIST, READ
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.plans import (
    ACTION_MACHINE,
    CHILDS_PLAN,
    PLAN_MACHINE,
    REVIEW_CONTINUE,
    REVIEW_REVISE,
    SAFE_OBJECTIVE,
    SINGLE_AGENCY_PLAN,
    ActionNote,
    ActionStatus,
    ActionStep,
    NewAction,
    NewObjective,
    NewPlan,
    NewReview,
    PlanCancellation,
    PlanChanges,
    PlanStatus,
    is_overdue,
    today,
)
from app.persistence.tables.plans import Plan, PlanAction
from app.services import plans as service
from app.services import reviews

router = APIRouter(tags=["plans"])


OBJECTIVE: JsonDict = {
    **SAFE_OBJECTIVE,
    "id": ex.OBJECTIVE_ID,
    "plan_id": ex.PLAN_ID,
    "created_at": "2025-03-24T09:00:00Z",
}
ACTION: JsonDict = {
    "id": ex.ACTION_ID,
    "plan_id": ex.PLAN_ID,
    "objective_id": ex.OBJECTIVE_ID,
    "description": "Consiliere pentru tată și sprijin pentru bunică",
    "service": "Family Support Service (primary support)",
    "responsible_organisation_id": ex.FAMILY_SUPPORT_ID,
    "responsible_professional_id": None,
    "due_on": "2025-05-30",
    "status": "in_progress",
    "overdue": False,
    "completed_at": None,
    "note": "Prima ședință a avut loc pe 2 aprilie; tatăl a venit.",
    "legal_actions": ["cancel", "complete"],
    "version": 2,
    "created_at": "2025-03-24T09:00:00Z",
    "updated_at": "2025-04-02T15:10:00Z",
}


class ObjectiveView(View):
    model_config = ConfigDict(json_schema_extra={"examples": [OBJECTIVE]})

    id: uuid.UUID
    plan_id: uuid.UUID
    indicator: str
    description: str
    expected_outcome: str | None
    created_at: datetime


class ActionView(View):
    model_config = ConfigDict(json_schema_extra={"examples": [ACTION]})

    id: uuid.UUID
    plan_id: uuid.UUID
    objective_id: uuid.UUID | None
    description: str
    service: str | None
    responsible_organisation_id: uuid.UUID
    responsible_professional_id: uuid.UUID | None
    due_on: date
    status: str
    overdue: bool = False
    completed_at: datetime | None
    note: str | None
    legal_actions: list[str] = Field(default_factory=list)
    version: int
    created_at: datetime
    updated_at: datetime


class PlanView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": ex.PLAN_ID,
                    "scope": "multi_agency",
                    "case_id": ex.CASE_ID,
                    "concern_id": None,
                    "child_id": ex.ANA_RUSU_ID,
                    "organisation_id": ex.MAYORALTY_ID,
                    "lead_professional_id": ex.SOCIAL_WORKER_ID,
                    "status": "active",
                    "needs": CHILDS_PLAN["needs"],
                    "child_views": CHILDS_PLAN["child_views"],
                    "parents_views": CHILDS_PLAN["parents_views"],
                    "review_interval_days": 30,
                    "review_due_on": "2025-04-24",
                    "activated_at": ex.PLAN_ACTIVATED_AT,
                    "completed_at": None,
                    "objectives": [OBJECTIVE],
                    "actions": [ACTION],
                    "legal_actions": ["cancel", "complete"],
                    "version": 2,
                    "created_at": "2025-03-24T09:00:00Z",
                    "updated_at": ex.PLAN_ACTIVATED_AT,
                }
            ]
        }
    )

    id: uuid.UUID
    scope: str
    case_id: uuid.UUID | None
    concern_id: uuid.UUID | None
    child_id: uuid.UUID
    organisation_id: uuid.UUID
    lead_professional_id: uuid.UUID
    status: str
    needs: str | None
    child_views: str | None
    parents_views: str | None
    review_interval_days: int | None
    review_due_on: date | None
    activated_at: datetime | None
    completed_at: datetime | None
    objectives: list[ObjectiveView] = Field(default_factory=list)
    actions: list[ActionView] = Field(default_factory=list)
    legal_actions: list[str] = Field(default_factory=list)
    version: int
    created_at: datetime
    updated_at: datetime


class ReviewView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **REVIEW_CONTINUE,
                    "id": ex.REVIEW_ID,
                    "plan_id": ex.PLAN_ID,
                    "child_id": ex.ANA_RUSU_ID,
                    "author_id": ex.SOCIAL_WORKER_ID,
                    "next_review_on": "2025-05-24",
                    "created_at": "2025-04-24T13:30:00Z",
                }
            ]
        }
    )

    id: uuid.UUID
    plan_id: uuid.UUID
    child_id: uuid.UUID
    author_id: uuid.UUID
    held_on: date
    progress: str
    indicator_ratings: dict[str, Any]
    protective_factors: dict[str, Any]
    child_views: str | None
    decision: str
    next_review_on: date | None
    created_at: datetime


def _action_view(action: PlanAction) -> ActionView:
    view = ActionView.model_validate(action)
    state = ActionStatus(action.status)
    view.legal_actions = ACTION_MACHINE.legal_actions(state)
    view.overdue = is_overdue(state, action.due_on, today())
    return view


def _plan_view(plan: Plan, parts: service.PlanParts) -> PlanView:
    view = PlanView.model_validate(plan)
    view.legal_actions = PLAN_MACHINE.legal_actions(PlanStatus(plan.status))
    view.objectives = [ObjectiveView.model_validate(o) for o in parts.objectives[plan.id]]
    view.actions = [_action_view(a) for a in parts.actions[plan.id]]
    return view


async def _answer(uow: Uow, plan: Plan, response: Response) -> PlanView:
    set_etag(response, plan.version)
    return _plan_view(plan, await service.parts(uow, [plan.id]))


def _answer_action(action: PlanAction, response: Response) -> ActionView:
    set_etag(response, action.version)
    return _action_view(action)


@router.post(
    "/plans",
    status_code=status.HTTP_201_CREATED,
    summary="Write a plan",
    description="A single-agency plan for a concern the institution meets itself (status "
    "`single_agency_plan`), or the child's plan of a case at planning, implementation and "
    "monitoring or review. Give exactly one of `case_id` and `concern_id`. The plan starts as "
    "a draft; `review_interval_days` defaults to the `plan.review` rule for the owner's "
    "urgency. Actions written with the plan name their objective by `objective_index`. Send "
    "`Idempotency-Key` to make retries safe.",
    responses=CREATE,
)
async def create_plan(
    uow: Uow,
    actor: CurrentActor,
    response: Response,
    data: Annotated[
        NewPlan,
        Body(
            openapi_examples={
                "childs_plan": {
                    "summary": "The child's plan of a case",
                    "description": "Multi-agency: actions for the service provider and school.",
                    "value": CHILDS_PLAN,
                },
                "single_agency": {
                    "summary": "A school's single-agency plan for a concern",
                    "description": "The concern's status is `single_agency_plan`.",
                    "value": SINGLE_AGENCY_PLAN,
                },
            }
        ),
    ],
) -> PlanView:
    plan = await service.create_plan(uow, actor, data)
    response.headers["Location"] = f"/api/v1/plans/{plan.id}"
    return await _answer(uow, plan, response)


@router.get(
    "/plans",
    summary="List plans",
    description="Filter by case, concern, child or status. Newest first, paged.",
    responses=LIST,
)
async def list_plans(
    uow: Uow,
    actor: CurrentActor,
    page: Paging,
    case_id: uuid.UUID | None = None,
    concern_id: uuid.UUID | None = None,
    child_id: uuid.UUID | None = None,
    status: PlanStatus | None = None,
) -> Page[PlanView]:
    found = await service.list_plans(
        uow, actor, page, case_id=case_id, concern_id=concern_id, child_id=child_id, status=status
    )
    parts = await service.parts(uow, [p.id for p in found.rows])
    return Page(items=[_plan_view(p, parts) for p in found.rows], next_cursor=found.next_cursor)


@router.get(
    "/plans/{plan_id}",
    summary="Read a plan",
    description="With its objectives, actions, next review date and `legal_actions`.",
    responses=READ,
)
async def get_plan(
    uow: Uow, actor: CurrentActor, plan_id: uuid.UUID, response: Response
) -> PlanView:
    return await _answer(uow, await service.get_plan(uow, actor, plan_id), response)


@router.patch(
    "/plans/{plan_id}",
    summary="Change a plan",
    description="Needs, views, review interval or lead professional of a draft or active plan. "
    "A new interval applies from the next review. Requires `If-Match`.",
    responses=CHANGE,
)
async def update_plan(
    uow: Uow,
    actor: CurrentActor,
    plan_id: uuid.UUID,
    changes: PlanChanges,
    expected_version: ExpectedVersion,
    response: Response,
) -> PlanView:
    plan = await service.update_plan(
        uow, actor, plan_id, changes, expected_version=expected_version
    )
    return await _answer(uow, plan, response)


@router.post(
    "/plans/{plan_id}/activate",
    summary="Put a plan in force",
    description="Sets the review date (today plus the interval) and opens its deadline. The "
    "owner's plan in force until now is superseded and its open actions cancelled. Requires "
    "`If-Match`.",
    responses=CHANGE,
)
async def activate_plan(
    uow: Uow,
    actor: CurrentActor,
    plan_id: uuid.UUID,
    expected_version: ExpectedVersion,
    response: Response,
) -> PlanView:
    plan = await service.activate_plan(uow, actor, plan_id, expected_version=expected_version)
    return await _answer(uow, plan, response)


@router.post(
    "/plans/{plan_id}/complete",
    summary="Complete a plan",
    description="The plan's open actions are cancelled and its review deadline met. Requires "
    "`If-Match`.",
    responses=CHANGE,
)
async def complete_plan(
    uow: Uow,
    actor: CurrentActor,
    plan_id: uuid.UUID,
    expected_version: ExpectedVersion,
    response: Response,
) -> PlanView:
    plan = await service.complete_plan(uow, actor, plan_id, expected_version=expected_version)
    return await _answer(uow, plan, response)


@router.post(
    "/plans/{plan_id}/cancel",
    summary="Cancel a plan",
    description="A draft or active plan, with the reason. Requires `If-Match`.",
    responses=CHANGE,
)
async def cancel_plan(
    uow: Uow,
    actor: CurrentActor,
    plan_id: uuid.UUID,
    data: PlanCancellation,
    expected_version: ExpectedVersion,
    response: Response,
) -> PlanView:
    plan = await service.cancel_plan(
        uow, actor, plan_id, data.reason, expected_version=expected_version
    )
    return await _answer(uow, plan, response)


@router.post(
    "/plans/{plan_id}/objectives",
    status_code=status.HTTP_201_CREATED,
    summary="Add an objective",
    description="Tied to one well-being indicator; only while the plan is draft or active.",
    responses={**READ, **CREATE},
)
async def add_objective(
    uow: Uow, actor: CurrentActor, plan_id: uuid.UUID, data: NewObjective
) -> ObjectiveView:
    return ObjectiveView.model_validate(await service.add_objective(uow, actor, plan_id, data))


@router.post(
    "/plans/{plan_id}/actions",
    status_code=status.HTTP_201_CREATED,
    summary="Add an action",
    description="Who does what by when: the responsible organisation (and professional, who "
    "must work there) is told through an `action.assigned` event. Only while the plan is draft "
    "or active.",
    responses={**READ, **CREATE},
)
async def add_action(
    uow: Uow, actor: CurrentActor, plan_id: uuid.UUID, data: NewAction, response: Response
) -> ActionView:
    action = await service.add_action(uow, actor, plan_id, data)
    response.headers["Location"] = f"/api/v1/plans/{plan_id}/actions/{action.id}"
    return _answer_action(action, response)


@router.get(
    "/plans/{plan_id}/actions/{action_id}",
    summary="Read an action",
    description="With its own ETag, which the action's steps need in `If-Match`.",
    responses=READ,
)
async def get_action(
    uow: Uow, actor: CurrentActor, plan_id: uuid.UUID, action_id: uuid.UUID, response: Response
) -> ActionView:
    return _answer_action(await service.get_action(uow, actor, plan_id, action_id), response)


async def _step(
    uow: Uow,
    actor: CurrentActor,
    plan_id: uuid.UUID,
    action_id: uuid.UUID,
    step: ActionStep,
    data: ActionNote | None,
    expected_version: int,
    response: Response,
) -> ActionView:
    action = await service.move_action(
        uow,
        actor,
        plan_id,
        action_id,
        step,
        data.note if data else None,
        expected_version=expected_version,
    )
    return _answer_action(action, response)


_STEP_DESCRIPTION = (
    "Requires `If-Match` with the action's own ETag (actions are versioned apart from their "
    "plan). An optional `note` says what was done or why."
)


@router.post(
    "/plans/{plan_id}/actions/{action_id}/start",
    summary="Start an action",
    description=_STEP_DESCRIPTION,
    responses=CHANGE,
)
async def start_action(
    uow: Uow,
    actor: CurrentActor,
    plan_id: uuid.UUID,
    action_id: uuid.UUID,
    expected_version: ExpectedVersion,
    response: Response,
    data: ActionNote | None = None,
) -> ActionView:
    return await _step(
        uow, actor, plan_id, action_id, ActionStep.START, data, expected_version, response
    )


@router.post(
    "/plans/{plan_id}/actions/{action_id}/complete",
    summary="Complete an action",
    description=_STEP_DESCRIPTION,
    responses=CHANGE,
)
async def complete_action(
    uow: Uow,
    actor: CurrentActor,
    plan_id: uuid.UUID,
    action_id: uuid.UUID,
    expected_version: ExpectedVersion,
    response: Response,
    data: ActionNote | None = None,
) -> ActionView:
    return await _step(
        uow, actor, plan_id, action_id, ActionStep.COMPLETE, data, expected_version, response
    )


@router.post(
    "/plans/{plan_id}/actions/{action_id}/cancel",
    summary="Cancel an action",
    description=_STEP_DESCRIPTION,
    responses=CHANGE,
)
async def cancel_action(
    uow: Uow,
    actor: CurrentActor,
    plan_id: uuid.UUID,
    action_id: uuid.UUID,
    expected_version: ExpectedVersion,
    response: Response,
    data: ActionNote | None = None,
) -> ActionView:
    return await _step(
        uow, actor, plan_id, action_id, ActionStep.CANCEL, data, expected_version, response
    )


@router.get(
    "/plan-actions",
    summary="What is expected of an institution",
    description="Actions across all plans by responsible organisation or professional and "
    "status; `overdue=true` keeps the planned or started ones past their due date. Newest "
    "first, paged.",
    responses=LIST,
)
async def list_actions(
    uow: Uow,
    actor: CurrentActor,
    page: Paging,
    responsible_organisation_id: uuid.UUID | None = None,
    responsible_professional_id: uuid.UUID | None = None,
    status: ActionStatus | None = None,
    overdue: Annotated[bool, Query(description="Only open actions past due")] = False,
) -> Page[ActionView]:
    found = await service.list_actions(
        uow,
        actor,
        page,
        responsible_organisation_id=responsible_organisation_id,
        responsible_professional_id=responsible_professional_id,
        status=status,
        overdue=overdue,
    )
    return Page(items=[_action_view(a) for a in found.rows], next_cursor=found.next_cursor)


@router.post(
    "/plans/{plan_id}/reviews",
    status_code=status.HTTP_201_CREATED,
    summary="Record a review",
    description="Only for a plan in force. Indicator and protective-factor ratings (1 to 5) "
    "join the child's well-being trajectory; the plan's review date moves to `next_review_on`, "
    "or else `held_on` plus the plan's interval, and its deadline is opened again.",
    responses={**READ, **CREATE},
)
async def record_review(
    uow: Uow,
    actor: CurrentActor,
    plan_id: uuid.UUID,
    data: Annotated[
        NewReview,
        Body(
            openapi_examples={
                "continue": {
                    "summary": "Progress: the plan continues",
                    "description": "The next review is `held_on` plus the plan's interval.",
                    "value": REVIEW_CONTINUE,
                },
                "revise_plan": {
                    "summary": "Setback: the plan is to be revised, reviewed again sooner",
                    "value": REVIEW_REVISE,
                },
            }
        ),
    ],
) -> ReviewView:
    return ReviewView.model_validate(await reviews.record_review(uow, actor, plan_id, data))


@router.get(
    "/plans/{plan_id}/reviews",
    summary="List a plan's reviews",
    description="Oldest first, each with its ratings, decision and the next review date it set.",
    responses=READ,
)
async def list_reviews(uow: Uow, actor: CurrentActor, plan_id: uuid.UUID) -> list[ReviewView]:
    return [ReviewView.model_validate(r) for r in await reviews.list_reviews(uow, actor, plan_id)]
