"""Concerns: recording one, correcting it while undecided, and the institution's decision."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response, status
from pydantic import ConfigDict, Field

from app.api.rest.deps import CurrentActor, ExpectedVersion, Uow, set_etag
from app.api.rest.pagination import Page, Paging
from app.api.rest.problems import Problem
from app.api.rest.responses import CHANGE, CREATE, LIST, READ, Responses
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.concerns import (
    CONCERN_CORRECTED,
    CONCERN_ESCALATED,
    NEW_CONCERN_CHILD_PROTECTION,
    NEW_CONCERN_PRIORITY,
    ActInInstitution,
    CloseConcern,
    ConcernChanges,
    ConcernSearch,
    ConcernStatus,
    NewConcern,
)
from app.domain.vocabulary import Indicator, Urgency
from app.persistence.tables.concerns import Concern
from app.services import concerns as service

router = APIRouter(prefix="/concerns", tags=["concerns"])

RECORDER_ONLY: Responses = {
    403: {
        "description": "Only the institution that recorded the concern may do this",
        "model": Problem,
    }
}
RECORDER_CHANGE: Responses = {**CHANGE, **RECORDER_ONLY}


class ConcernView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": ex.CONCERN_ID,
                    "child_id": ex.ANA_RUSU_ID,
                    "raised_by_id": ex.DESIGNATED_PERSON_ID,
                    "organisation_id": ex.SCHOOL_ID,
                    "sector": "education",
                    "indicators": ["nurtured", "safe"],
                    "description": "Vine la școală cu vânătăi pe brațe; evită să meargă acasă "
                    "după ore.",
                    "observed_at": "2025-03-11T07:30:00Z",
                    "child_words": "Tata se supără când bea.",
                    "urgency": "child_protection",
                    "risk_category": "violence",
                    "five_questions": {"what_is_in_the_way": "Violență în familie (suspectată)."},
                    "status": "recorded",
                    "decision": None,
                    "decided_at": None,
                    "closure_reason": None,
                    "due_at": "2025-03-12T08:05:00Z",
                    "source_system": None,
                    "external_id": None,
                    "legal_actions": ["act-in-institution", "close", "refer", "update"],
                    "version": 1,
                    "created_at": ex.CONCERN_RECORDED_AT,
                    "updated_at": ex.CONCERN_RECORDED_AT,
                }
            ]
        }
    )

    id: uuid.UUID
    child_id: uuid.UUID
    raised_by_id: uuid.UUID | None
    organisation_id: uuid.UUID
    sector: str
    indicators: list[str] = Field(default_factory=list)
    description: str
    observed_at: datetime
    child_words: str | None
    urgency: str
    risk_category: str | None
    five_questions: dict[str, str]
    status: str
    decision: str | None
    decided_at: datetime | None
    closure_reason: str | None
    due_at: datetime | None
    source_system: str | None
    external_id: str | None
    legal_actions: list[str] = Field(default_factory=list)
    version: int
    created_at: datetime
    updated_at: datetime


def _views(concerns: list[Concern], tags: dict[uuid.UUID, list[str]]) -> list[ConcernView]:
    views = []
    for concern in concerns:
        view = ConcernView.model_validate(concern)
        view.indicators = tags[concern.id]
        view.legal_actions = service.legal_actions(concern)
        views.append(view)
    return views


async def _view(uow: Uow, concern: Concern, response: Response) -> ConcernView:
    set_etag(response, concern.version)
    return _views([concern], await service.indicators(uow, [concern.id]))[0]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Record a concern",
    description="Which indicators, what was seen and when, the child's own words, the urgency "
    "(a child-protection concern names its risk category). The decision is due by `due_at`, "
    "set from the deadline policy for the urgency. Send `Idempotency-Key` to make retries safe.",
    responses=CREATE,
)
async def record_concern(
    uow: Uow,
    actor: CurrentActor,
    response: Response,
    data: Annotated[
        NewConcern,
        Body(
            openapi_examples={
                "child_protection": {
                    "summary": "Suspected violence: child protection, with its risk category",
                    "description": "The decision is due within 24 hours (GD 270/2014).",
                    "value": NEW_CONCERN_CHILD_PROTECTION,
                },
                "priority": {
                    "summary": "Repeated absences: a priority concern",
                    "description": "No risk category outside the child-protection path.",
                    "value": NEW_CONCERN_PRIORITY,
                },
            }
        ),
    ],
) -> ConcernView:
    concern = await service.record_concern(uow, actor, data)
    response.headers["Location"] = f"/api/v1/concerns/{concern.id}"
    return await _view(uow, concern, response)


@router.get(
    "",
    summary="List concerns",
    description="Filter by child, status, urgency, raising organisation or indicator; "
    "`overdue=true` lists undecided concerns past their decision deadline. Newest first, paged.",
    responses=LIST,
)
async def search_concerns(
    uow: Uow,
    actor: CurrentActor,
    page: Paging,
    child_id: uuid.UUID | None = None,
    status: ConcernStatus | None = None,
    urgency: Urgency | None = None,
    organisation_id: Annotated[
        uuid.UUID | None, Query(description="The institution that raised it")
    ] = None,
    indicator: Indicator | None = None,
    overdue: Annotated[bool, Query(description="Only undecided and past `due_at`")] = False,
) -> Page[ConcernView]:
    query = ConcernSearch(
        child_id=child_id,
        status=status,
        urgency=urgency,
        organisation_id=organisation_id,
        indicator=indicator,
        overdue=overdue,
    )
    found = await service.search_concerns(uow, actor, query, page)
    tags = await service.indicators(uow, [c.id for c in found.rows])
    return Page(items=_views(found.rows, tags), next_cursor=found.next_cursor)


@router.get(
    "/{concern_id}",
    summary="Read a concern",
    description="The concern, its decision deadline (`due_at`, null once decided) and "
    "`legal_actions`: what may be done with it now. The ETag is its version, for `If-Match` on "
    "a change.",
    responses=READ,
)
async def get_concern(
    uow: Uow, actor: CurrentActor, concern_id: uuid.UUID, response: Response
) -> ConcernView:
    return await _view(uow, await service.get_concern(uow, actor, concern_id), response)


@router.patch(
    "/{concern_id}",
    summary="Correct an undecided concern",
    description="Only while `recorded`, and only by the institution that recorded it; only the "
    "fields sent change. A new urgency moves `due_at`, still counted from when the concern was "
    "recorded. Requires `If-Match`.",
    responses=RECORDER_CHANGE,
)
async def update_concern(
    uow: Uow,
    actor: CurrentActor,
    concern_id: uuid.UUID,
    changes: Annotated[
        ConcernChanges,
        Body(
            openapi_examples={
                "corrected": {"summary": "Correct the description", "value": CONCERN_CORRECTED},
                "escalated": {
                    "summary": "Raise the urgency to child protection",
                    "description": "A child-protection concern names its risk category.",
                    "value": CONCERN_ESCALATED,
                },
            }
        ),
    ],
    expected_version: ExpectedVersion,
    response: Response,
) -> ConcernView:
    concern = await service.update_concern(
        uow, actor, concern_id, changes, expected_version=expected_version
    )
    return await _view(uow, concern, response)


@router.post(
    "/{concern_id}/act-in-institution",
    summary="Decide to act inside the institution",
    description="The institution that recorded the concern can meet the need itself: a "
    "single-agency plan. Meets the decision deadline (`due_at` becomes null). It can still be "
    "referred later if the plan is not enough. Requires `If-Match`.",
    responses=RECORDER_CHANGE,
)
async def act_in_institution(
    uow: Uow,
    actor: CurrentActor,
    concern_id: uuid.UUID,
    expected_version: ExpectedVersion,
    response: Response,
    data: ActInInstitution | None = None,
) -> ConcernView:
    concern = await service.act_in_institution(
        uow, actor, concern_id, data or ActInInstitution(), expected_version=expected_version
    )
    return await _view(uow, concern, response)


@router.post(
    "/{concern_id}/close",
    summary="Close a concern",
    description="By the institution that recorded it. From `recorded`: no further action is "
    "needed. From `single_agency_plan`: resolved inside the institution; its single-agency plans "
    "are cancelled. A reason is required. `due_at` becomes null. Requires `If-Match`. "
    "(A concern is referred by creating a referral from it: POST /api/v1/referrals.)",
    responses=RECORDER_CHANGE,
)
async def close_concern(
    uow: Uow,
    actor: CurrentActor,
    concern_id: uuid.UUID,
    data: CloseConcern,
    expected_version: ExpectedVersion,
    response: Response,
) -> ConcernView:
    concern = await service.close_concern(
        uow, actor, concern_id, data, expected_version=expected_version
    )
    return await _view(uow, concern, response)
