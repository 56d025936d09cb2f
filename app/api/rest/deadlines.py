"""The deadline policy and what is overdue."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import ConfigDict

from app.api.rest.deps import CurrentActor, Uow
from app.api.rest.responses import CHANGE, LIST, READ
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.deadlines import DeadlineKind
from app.domain.vocabulary import Urgency
from app.services import deadlines as service

router = APIRouter(tags=["deadlines"])


class DeadlineRuleView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "concern.decision",
                    "urgency": "child_protection",
                    "amount": 24,
                    "unit": "hours",
                    "legal_basis": "GD 270/2014: written notification within 24 h",
                    "updated_at": "2025-01-01T00:00:00Z",
                }
            ]
        }
    )

    kind: str
    urgency: str
    amount: int
    unit: str
    legal_basis: str
    updated_at: datetime


class DeadlineView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": ex.DEADLINE_ID,
                    "kind": "case.complex_assessment",
                    "subject_type": "case",
                    "subject_id": ex.CASE_ID,
                    "child_id": ex.ANA_RUSU_ID,
                    "organisation_id": ex.MAYORALTY_ID,
                    "assignee_id": ex.SOCIAL_WORKER_ID,
                    "urgency": "child_protection",
                    "started_at": "2025-03-13T10:00:00Z",
                    "due_at": "2025-03-23T10:00:00Z",
                    "met_at": None,
                }
            ]
        }
    )

    id: uuid.UUID
    kind: str
    subject_type: str
    subject_id: uuid.UUID
    child_id: uuid.UUID
    organisation_id: uuid.UUID | None
    assignee_id: uuid.UUID | None
    urgency: str
    started_at: datetime
    due_at: datetime
    met_at: datetime | None


@router.get(
    "/deadline-policy",
    summary="The deadline rules in force",
    description="Durations per kind of item and urgency, with their legal basis.",
    responses=READ,
)
async def policy(uow: Uow, actor: CurrentActor) -> list[DeadlineRuleView]:
    return [DeadlineRuleView.model_validate(r) for r in await service.policy(uow, actor)]


@router.put(
    "/deadline-policy/{kind}/{urgency}",
    summary="Change a deadline rule",
    description="Administrators only, when the law changes. Items opened later use the "
    "new duration; open items keep the due time they were given.",
    responses=CHANGE,
)
async def change_rule(
    uow: Uow,
    actor: CurrentActor,
    kind: DeadlineKind,
    urgency: Urgency,
    change: service.RuleChange,
) -> DeadlineRuleView:
    return DeadlineRuleView.model_validate(
        await service.change_rule(uow, actor, kind, urgency, change)
    )


@router.get(
    "/deadlines/overdue",
    summary="Overdue items",
    description="Open items past their due time, most overdue first. Filter by the "
    "organisation that must act, the assigned professional or the kind of item.",
    responses=LIST,
)
async def overdue(
    uow: Uow,
    actor: CurrentActor,
    organisation_id: uuid.UUID | None = None,
    assignee_id: uuid.UUID | None = None,
    kind: DeadlineKind | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DeadlineView]:
    rows = await service.overdue(
        uow, actor, limit=limit, organisation_id=organisation_id, assignee_id=assignee_id, kind=kind
    )
    return [DeadlineView.model_validate(r) for r in rows]
