"""The subject-access export of everything held about one child."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Response
from pydantic import ConfigDict
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, Uow
from app.api.rest.responses import READ, forbidden
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.children import GRANDMOTHER, NEW_CHILD_PUPIL, SCHOOL_REGISTRY_ID
from app.services import subject_access as service

router = APIRouter(prefix="/children", tags=["children"])

FORBIDDEN = forbidden(
    "Only the data protection officer may export a child's data.",
    "Only the data protection officer may export everything held about a child.",
)

_STORED: JsonDict = {"version": 1, "created_at": ex.REGISTERED_AT, "updated_at": ex.REGISTERED_AT}
EXPORT_EXAMPLE: JsonDict = {
    "child": {
        "id": ex.ANA_RUSU_ID,
        **{k: v for k, v in NEW_CHILD_PUPIL.items() if k != "identifiers"},
        "patronymic": None,
        "search_name": "rusu ana",
        **_STORED,
    },
    "identifiers": [
        {
            "id": "a3c1d2e4-5f60-4718-9a2b-3c4d5e6f7a80",
            "child_id": ex.ANA_RUSU_ID,
            **SCHOOL_REGISTRY_ID,
            "created_at": ex.REGISTERED_AT,
        }
    ],
    "family_members": [
        {
            "id": ex.FAMILY_MEMBER_ID,
            "child_id": ex.ANA_RUSU_ID,
            **GRANDMOTHER,
            "created_at": ex.REGISTERED_AT,
        }
    ],
    "institutions": [],
    "observations": [],
    "concerns": [
        {
            "id": ex.CONCERN_ID,
            "child_id": ex.ANA_RUSU_ID,
            "raised_by_id": ex.DESIGNATED_PERSON_ID,
            "organisation_id": ex.SCHOOL_ID,
            "sector": "education",
            "description": "Vânătăi pe brațe; evită să meargă acasă după ore.",
            "observed_at": "2025-03-11T07:30:00Z",
            "child_words": "Tata se supără când bea.",
            "urgency": "child_protection",
            "risk_category": "violence",
            "five_questions": {},
            "status": "referred",
            "decision": "refer",
            "decided_at": ex.REFERRED_AT,
            "closure_reason": None,
            "due_at": None,
            "source_system": None,
            "external_id": None,
            "indicators": ["nurtured", "safe"],
            "version": 2,
            "created_at": ex.CONCERN_RECORDED_AT,
            "updated_at": ex.REFERRED_AT,
        }
    ],
    "sharing_bases": [],
    "referrals": [],
    "cases": [],
    "team_members": [],
    "assessments": [],
    "plans": [],
    "plan_objectives": [],
    "plan_actions": [],
    "reviews": [],
    "wellbeing_ratings": [],
    "events": [
        {
            "position": 1280,
            "id": ex.EVENT_ID,
            "type": "concern.recorded",
            "aggregate_type": "concern",
            "aggregate_id": ex.CONCERN_ID,
            "aggregate_version": 1,
            "child_id": ex.ANA_RUSU_ID,
            "actor_id": ex.DESIGNATED_PERSON_ID,
            "organisation_ids": [ex.SCHOOL_ID],
            "summary": "Concern recorded (child_protection)",
            "payload": {},
            "occurred_at": ex.CONCERN_RECORDED_AT,
        }
    ],
    "deadlines": [],
    "generated_at": "2025-05-02T09:00:00Z",
    "generated_by": "00000000-0000-4000-8000-000000000007",
}


class SubjectAccessExport(View):
    """Every row held about the child, each with all its columns as stored, oldest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXPORT_EXAMPLE]})

    child: dict[str, Any]
    identifiers: list[dict[str, Any]]
    family_members: list[dict[str, Any]]
    institutions: list[dict[str, Any]]
    observations: list[dict[str, Any]]
    concerns: list[dict[str, Any]]
    sharing_bases: list[dict[str, Any]]
    referrals: list[dict[str, Any]]
    cases: list[dict[str, Any]]
    team_members: list[dict[str, Any]]
    assessments: list[dict[str, Any]]
    plans: list[dict[str, Any]]
    plan_objectives: list[dict[str, Any]]
    plan_actions: list[dict[str, Any]]
    reviews: list[dict[str, Any]]
    wellbeing_ratings: list[dict[str, Any]]
    events: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]
    generated_at: datetime
    generated_by: uuid.UUID


@router.get(
    "/{child_id}/export",
    summary="Export everything held about a child (subject access)",
    description="Answers a data subject's access request (GDPR art. 15; Law 133/2011 on personal "
    "data protection, art. 13): one JSON document with every row the service holds about the "
    "child, each with all its columns as stored — the child's record, sector identifiers, family "
    "members, institutions, observations, concerns (with their indicators), the legal bases for "
    "sharing (consents, withdrawn ones too, and child-protection exemptions), referrals, cases and "
    "the team around the child (former members too), assessments, plans with their objectives "
    "and actions, reviews, well-being ratings, the chronology (every event and note) and "
    "deadlines. Sent as an attachment, `child-<id>.json`. Only the data protection officer may "
    "ask; the export is itself recorded in the access log as a disclosure.",
    responses={**READ, **FORBIDDEN},
)
async def export_child(
    uow: Uow, actor: CurrentActor, child_id: uuid.UUID, response: Response
) -> SubjectAccessExport:
    document = await service.export_child(uow, actor, child_id)
    response.headers["Content-Disposition"] = f'attachment; filename="child-{child_id}.json"'
    return SubjectAccessExport.model_validate(document)
