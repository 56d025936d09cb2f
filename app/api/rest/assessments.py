"""Assessments: drafting, submitting, a supervisor's approval or return, revisions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Response, status
from pydantic import ConfigDict, Field

from app.api.rest.deps import CurrentActor, ExpectedVersion, Uow, set_etag
from app.api.rest.pagination import Page, Paging
from app.api.rest.problems import Problem
from app.api.rest.responses import CHANGE, CREATE, LIST, READ
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.assessments import (
    ASSESSMENT_FIELD_EMPTIED,
    ASSESSMENT_RATED,
    COMPLEX_ASSESSMENT,
    INITIAL_ASSESSMENT,
    AssessmentChanges,
    AssessmentSearch,
    AssessmentStatus,
    NewAssessment,
    ResilienceQuadrant,
    ReturnDecision,
    stored_quadrant,
)
from app.domain.cases import NoInput
from app.persistence.tables.assessments import Assessment
from app.services import assessments as service

router = APIRouter(prefix="/assessments", tags=["assessments"])

SUPERVISOR_ONLY: dict[int | str, dict[str, Any]] = {
    403: {"description": "Only a supervisor may decide on an assessment", "model": Problem}
}


class AssessmentView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": ex.ASSESSMENT_ID,
                    "case_id": ex.CASE_ID,
                    "child_id": ex.ANA_RUSU_ID,
                    "kind": "initial",
                    "revision": 1,
                    "supersedes_id": None,
                    "status": "submitted",
                    "author_id": ex.SOCIAL_WORKER_ID,
                    "indicator_ratings": ASSESSMENT_RATED["indicator_ratings"],
                    "my_world_triangle": INITIAL_ASSESSMENT["my_world_triangle"],
                    "protective_factors": INITIAL_ASSESSMENT["protective_factors"],
                    "resilience": INITIAL_ASSESSMENT["resilience"],
                    "resilience_quadrant": "resilient_adverse",
                    "child_views": "Vreau să stau la bunica.",
                    "parents_views": None,
                    "summary": "Risc imediat: violența tatălui. Ana a fost plasată temporar la "
                    "bunica paternă.",
                    "submitted_at": "2025-03-12T12:00:00Z",
                    "decided_by_id": None,
                    "decided_at": None,
                    "return_reason": None,
                    "due_at": "2025-03-17T12:00:00Z",
                    "legal_actions": ["approve", "return"],
                    "version": 3,
                    "created_at": "2025-03-11T15:30:00Z",
                    "updated_at": "2025-03-12T12:00:00Z",
                }
            ]
        }
    )

    id: uuid.UUID
    case_id: uuid.UUID
    child_id: uuid.UUID
    kind: str
    revision: int
    supersedes_id: uuid.UUID | None
    status: str
    author_id: uuid.UUID
    indicator_ratings: dict[str, Any]
    my_world_triangle: dict[str, Any]
    protective_factors: dict[str, Any]
    resilience: dict[str, Any]
    resilience_quadrant: ResilienceQuadrant | None = None
    child_views: str | None
    parents_views: str | None
    summary: str | None
    submitted_at: datetime | None
    decided_by_id: uuid.UUID | None
    decided_at: datetime | None
    return_reason: str | None
    due_at: datetime | None
    legal_actions: list[str] = Field(default_factory=list)
    version: int
    created_at: datetime
    updated_at: datetime


def _view(assessment: Assessment) -> AssessmentView:
    view = AssessmentView.model_validate(assessment)
    view.resilience_quadrant = stored_quadrant(assessment.resilience)
    view.legal_actions = service.legal_actions(assessment)
    return view


def _single(assessment: Assessment, response: Response) -> AssessmentView:
    set_etag(response, assessment.version)
    return _view(assessment)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Start an assessment",
    description="An initial or complex assessment of a case, as a draft. Every part may be "
    "filled in later; submitting needs all eight indicators rated. Ratings are 1 (serious "
    "concern) to 5 (thriving); the resilience matrix takes -2..2 on each axis.",
    responses=CREATE,
)
async def create_assessment(
    uow: Uow,
    actor: CurrentActor,
    response: Response,
    data: Annotated[
        NewAssessment,
        Body(
            openapi_examples={
                "initial": {
                    "summary": "A first draft of the initial assessment",
                    "description": "What is known so far; the rest can be added before submitting.",
                    "value": INITIAL_ASSESSMENT,
                },
                "complex": {
                    "summary": "A complex assessment with all eight indicators rated",
                    "value": COMPLEX_ASSESSMENT,
                },
            }
        ),
    ],
) -> AssessmentView:
    assessment = await service.create_assessment(uow, actor, data)
    response.headers["Location"] = f"/api/v1/assessments/{assessment.id}"
    return _single(assessment, response)


@router.get(
    "",
    summary="List assessments",
    description="Filter by case, child or status. Newest first, paged.",
    responses=LIST,
)
async def search_assessments(
    uow: Uow,
    actor: CurrentActor,
    page: Paging,
    case_id: uuid.UUID | None = None,
    child_id: uuid.UUID | None = None,
    status: AssessmentStatus | None = None,
) -> Page[AssessmentView]:
    query = AssessmentSearch(case_id=case_id, child_id=child_id, status=status)
    found = await service.search_assessments(uow, actor, query, page)
    return Page(items=[_view(a) for a in found.rows], next_cursor=found.next_cursor)


@router.get(
    "/{assessment_id}",
    summary="Read an assessment",
    description="With the derived resilience quadrant, the actions allowed in its status and, "
    "while submitted, when the supervisor's decision is due. The ETag is its version.",
    responses=READ,
)
async def get_assessment(
    uow: Uow, actor: CurrentActor, assessment_id: uuid.UUID, response: Response
) -> AssessmentView:
    return _single(await service.get_assessment(uow, actor, assessment_id), response)


@router.patch(
    "/{assessment_id}",
    summary="Change a draft or returned assessment",
    description="Partial update; `null` empties a field. Requires `If-Match`. A submitted "
    "assessment waits for its decision and an approved one never changes (409): revise it.",
    responses=CHANGE,
)
async def update_assessment(
    uow: Uow,
    actor: CurrentActor,
    assessment_id: uuid.UUID,
    changes: Annotated[
        AssessmentChanges,
        Body(
            openapi_examples={
                "rated": {
                    "summary": "Rate all eight indicators, ready to submit",
                    "value": ASSESSMENT_RATED,
                },
                "emptied": {
                    "summary": "Fill in one field and empty another with null",
                    "value": ASSESSMENT_FIELD_EMPTIED,
                },
            }
        ),
    ],
    expected_version: ExpectedVersion,
    response: Response,
) -> AssessmentView:
    assessment = await service.update_assessment(
        uow, actor, assessment_id, changes, expected_version=expected_version
    )
    return _single(assessment, response)


@router.post(
    "/{assessment_id}/submit",
    summary="Submit for a supervisor's approval",
    description="From draft or returned; all eight indicators must be rated. The supervisor's "
    "decision is due per the deadline policy. Requires `If-Match`.",
    responses=CHANGE,
)
async def submit_assessment(
    uow: Uow,
    actor: CurrentActor,
    assessment_id: uuid.UUID,
    expected_version: ExpectedVersion,
    response: Response,
    body: NoInput | None = None,
) -> AssessmentView:
    assessment = await service.submit_assessment(
        uow, actor, assessment_id, expected_version=expected_version
    )
    return _single(assessment, response)


@router.post(
    "/{assessment_id}/approve",
    summary="Approve a submitted assessment",
    description="Supervisors only. The ratings join the child's well-being trajectory and the "
    "assessment becomes immutable. Requires `If-Match`.",
    responses={**CHANGE, **SUPERVISOR_ONLY},
)
async def approve_assessment(
    uow: Uow,
    actor: CurrentActor,
    assessment_id: uuid.UUID,
    expected_version: ExpectedVersion,
    response: Response,
    body: NoInput | None = None,
) -> AssessmentView:
    assessment = await service.approve_assessment(
        uow, actor, assessment_id, expected_version=expected_version
    )
    return _single(assessment, response)


@router.post(
    "/{assessment_id}/return",
    summary="Return a submitted assessment for changes",
    description="Supervisors only; say what must change. Requires `If-Match`.",
    responses={**CHANGE, **SUPERVISOR_ONLY},
)
async def return_assessment(
    uow: Uow,
    actor: CurrentActor,
    assessment_id: uuid.UUID,
    data: ReturnDecision,
    expected_version: ExpectedVersion,
    response: Response,
) -> AssessmentView:
    assessment = await service.return_assessment(
        uow, actor, assessment_id, data, expected_version=expected_version
    )
    return _single(assessment, response)


@router.post(
    "/{assessment_id}/revise",
    status_code=status.HTTP_201_CREATED,
    summary="Start a revision of an approved assessment",
    description="Creates a new draft, a copy with `revision` + 1 and `supersedes_id` set; the "
    "approved assessment stays as it was. Only one revision of an assessment may exist.",
    responses={**READ, **CREATE},
)
async def revise_assessment(
    uow: Uow,
    actor: CurrentActor,
    assessment_id: uuid.UUID,
    response: Response,
    body: NoInput | None = None,
) -> AssessmentView:
    revision = await service.revise_assessment(uow, actor, assessment_id)
    response.headers["Location"] = f"/api/v1/assessments/{revision.id}"
    return _single(revision, response)
