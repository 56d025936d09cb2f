"""The status of what followed a concern, for the institution that raised it."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from fastapi import APIRouter
from pydantic import ConfigDict
from pydantic.config import JsonDict

from app.api.rest.concerns import RECORDER_ONLY
from app.api.rest.deps import CurrentActor, Uow
from app.api.rest.responses import READ
from app.api.rest.views import View
from app.domain import examples as ex
from app.services import concern_status as service

router = APIRouter(prefix="/concerns", tags=["concerns"])

REFERRAL: JsonDict = {
    "id": ex.REFERRAL_ID,
    "status": "accepted",
    "to_organisation_id": ex.MAYORALTY_ID,
    "to_organisation_name": "Primăria orașului Călărași",
    "created_at": ex.REFERRED_AT,
    "responded_at": ex.ACCEPTED_AT,
    "response_reason": None,
    "redirected_to_id": None,
}
CASE: JsonDict = {
    "id": ex.CASE_ID,
    "stage": "implementation_monitoring",
    "opened_at": ex.ACCEPTED_AT,
    "closed_at": None,
    "closure_reason": None,
}
ACTION: JsonDict = {
    "id": ex.ACTION_ID,
    "description": "Însoțirea Anei la ore suplimentare de sprijin și informarea lunară a "
    "asistentului social",
    "status": "in_progress",
    "due_on": "2025-05-30",
}


class ReferralStatusView(View):
    """A referral made from the concern: where it went and what the authority answered. The
    authority's reason is shown only when it declined or redirected the referral."""

    model_config = ConfigDict(json_schema_extra={"examples": [REFERRAL]})

    id: uuid.UUID
    status: str
    to_organisation_id: uuid.UUID
    to_organisation_name: str
    created_at: datetime
    responded_at: datetime | None
    response_reason: str | None
    redirected_to_id: uuid.UUID | None


class CaseStatusView(View):
    """The case the concern led to: its stage, and when and why (a coded category) it closed."""

    model_config = ConfigDict(json_schema_extra={"examples": [CASE]})

    id: uuid.UUID
    stage: str
    opened_at: datetime
    closed_at: datetime | None
    closure_reason: str | None


class ActionStatusView(View):
    """A plan action the caller's institution is responsible for."""

    model_config = ConfigDict(json_schema_extra={"examples": [ACTION]})

    id: uuid.UUID
    description: str
    status: str
    due_on: date


class ConcernStatusView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": ex.CONCERN_ID,
                    "status": "referred",
                    "decision": "refer",
                    "urgency": "child_protection",
                    "updated_at": ex.REFERRED_AT,
                    "referrals": [REFERRAL],
                    "case": CASE,
                    "actions": [ACTION],
                }
            ]
        }
    )

    id: uuid.UUID
    status: str
    decision: str | None
    urgency: str
    updated_at: datetime
    referrals: list[ReferralStatusView]
    case: CaseStatusView | None
    actions: list[ActionStatusView]


@router.get(
    "/{concern_id}/status",
    summary="What followed a concern",
    description="For the institution that raised the concern (a professional or its sector "
    "system): the concern's state; each referral made from it, where it went and the "
    "authority's answer (its reason only when declined or redirected); the case it led to, "
    "with its stage and, once closed, when and the coded reason; and the plan actions the "
    "caller's institution is responsible for. Never assessments, notes, the team or other "
    "institutions' actions. The read is recorded in the access log. Not a record opening: "
    "break-the-glass does not apply.",
    responses={**READ, **RECORDER_ONLY},
)
async def concern_status(uow: Uow, actor: CurrentActor, concern_id: uuid.UUID) -> ConcernStatusView:
    found = await service.concern_status(uow, actor, concern_id)
    concern = found.concern
    return ConcernStatusView(
        id=concern.id,
        status=concern.status,
        decision=concern.decision,
        urgency=concern.urgency,
        updated_at=concern.updated_at,
        referrals=[ReferralStatusView.model_validate(r) for r in found.referrals],
        case=CaseStatusView.model_validate(found.case) if found.case else None,
        actions=[ActionStatusView.model_validate(a) for a in found.actions],
    )
