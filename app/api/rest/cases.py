"""Cases: opening on the child-protection path, reading, stage actions, the team around the
child."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response, status
from pydantic import ConfigDict, Field
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, ExpectedVersion, Uow, set_etag
from app.api.rest.pagination import Page, Paging
from app.api.rest.problems import Problem
from app.api.rest.responses import CHANGE, CONFLICT, CREATE, LIST, READ
from app.api.rest.sharing_bases import EXEMPTION_SHOWN, LegalBasisView, legal_basis_view
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.cases import (
    CLOSE_ACHIEVED,
    CLOSE_OTHER,
    NEW_CASE_FROM_CONCERN,
    NEW_CASE_FROM_POLICE,
    CaseAction,
    CaseChanges,
    CaseClosure,
    CaseReopening,
    CaseSearch,
    CaseStage,
    NewCase,
    NewTeamMember,
    NoInput,
)
from app.persistence.tables.cases import Case, TeamMember
from app.services import cases as service
from app.services import sharing_bases

router = APIRouter(prefix="/cases", tags=["cases"])

NOT_A_GUARDIANSHIP_AUTHORITY: dict[int | str, dict[str, Any]] = {
    403: {"description": "The caller is not a guardianship authority", "model": Problem}
}
SUPERVISOR_ONLY: dict[int | str, dict[str, Any]] = {
    403: {"description": "Only a supervisor may close a child-protection case", "model": Problem}
}


TEAM_MEMBER: JsonDict = {
    "id": ex.TEAM_MEMBER_ID,
    "case_id": ex.CASE_ID,
    "professional_id": ex.DESIGNATED_PERSON_ID,
    "organisation_id": ex.SCHOOL_ID,
    "role": "class teacher",
    "joined_at": "2025-03-12T09:00:00Z",
    "left_at": None,
    "legal_basis": {
        **EXEMPTION_SHOWN,
        "id": "0b8e1f5c-6a2d-4c7e-9f13-5d2a8b4e6c71",
        "grounds": "Team around the child of a child-protection case (recorded automatically).",
        "recorded_by_id": ex.SOCIAL_WORKER_ID,
        "recorded_at": "2025-03-12T09:00:00Z",
    },
}
LEAD: JsonDict = {
    "id": "f7849c1a-34e1-475e-b7cd-8e3b74d66906",
    "case_id": ex.CASE_ID,
    "professional_id": ex.SOCIAL_WORKER_ID,
    "organisation_id": ex.MAYORALTY_ID,
    "role": "lead_professional",
    "joined_at": ex.ACCEPTED_AT,
    "left_at": None,
    "legal_basis": EXEMPTION_SHOWN,
}
CASE_SUMMARY: JsonDict = {
    "id": ex.CASE_ID,
    "child_id": ex.ANA_RUSU_ID,
    "territory_code": "calarasi",
    "responsible_organisation_id": ex.MAYORALTY_ID,
    "lead_professional_id": ex.SOCIAL_WORKER_ID,
    "opened_via": "referral",
    "urgency": "child_protection",
    "level_of_need": "child_protection",
    "stage": "planning",
    "stage_entered_at": ex.PLANNING_STARTED_AT,
    "due_at": "2025-03-31T11:00:00Z",
    "closure_reason": None,
    "closure_note": None,
    "closed_at": None,
    "reopen_count": 0,
    "legal_actions": ["close", "start-implementation"],
    "version": 4,
    "created_at": ex.ACCEPTED_AT,
    "updated_at": ex.PLANNING_STARTED_AT,
}


class TeamMemberView(View):
    model_config = ConfigDict(json_schema_extra={"examples": [TEAM_MEMBER]})

    id: uuid.UUID
    case_id: uuid.UUID
    professional_id: uuid.UUID
    organisation_id: uuid.UUID
    role: str
    joined_at: datetime
    left_at: datetime | None
    legal_basis: LegalBasisView | None = Field(
        default=None,
        description="Consent or child-protection exemption; null on memberships that began "
        "before bases were recorded.",
    )


class CaseSummaryView(View):
    model_config = ConfigDict(json_schema_extra={"examples": [CASE_SUMMARY]})

    id: uuid.UUID
    child_id: uuid.UUID
    territory_code: str
    responsible_organisation_id: uuid.UUID
    lead_professional_id: uuid.UUID | None
    opened_via: str
    urgency: str
    level_of_need: str
    stage: str
    stage_entered_at: datetime
    due_at: datetime | None
    closure_reason: str | None
    closure_note: str | None
    closed_at: datetime | None
    reopen_count: int
    legal_actions: list[str] = Field(default_factory=list)
    version: int
    created_at: datetime
    updated_at: datetime


class CaseView(CaseSummaryView):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {**CASE_SUMMARY, "team": [LEAD, TEAM_MEMBER], "referral_ids": [ex.REFERRAL_ID]}
            ]
        }
    )

    team: list[TeamMemberView] = Field(default_factory=list)
    referral_ids: list[uuid.UUID] = Field(default_factory=list)


def _summary(case: Case) -> CaseSummaryView:
    view = CaseSummaryView.model_validate(case)
    view.legal_actions = service.legal_actions(case)
    return view


async def _members(uow: Uow, members: Sequence[TeamMember]) -> list[TeamMemberView]:
    bases = await sharing_bases.shown_with(uow, (m.sharing_basis_id for m in members))
    views = []
    for member in members:
        view = TeamMemberView.model_validate(member)
        view.legal_basis = legal_basis_view(member.sharing_basis_id, bases)
        views.append(view)
    return views


async def _view(uow: Uow, actor: CurrentActor, case: Case, response: Response) -> CaseView:
    set_etag(response, case.version)
    view = CaseView.model_validate(case)
    view.legal_actions = service.legal_actions(case)
    members, view.referral_ids = await service.parts_of(uow, case)
    view.team = await _members(uow, members)
    return view


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Open a case on the child-protection path",
    description="GD 270/2014: a guardianship authority (mayoralty or territorial directorate) "
    "opens a case at once, without a referral, when violence, neglect, exploitation or "
    "trafficking is suspected. The case starts at initial assessment with a child-protection "
    "deadline; the caller's organisation is responsible. Send `Idempotency-Key` to make retries "
    "safe.",
    responses={**CREATE, **NOT_A_GUARDIANSHIP_AUTHORITY},
)
async def open_case(
    uow: Uow,
    actor: CurrentActor,
    response: Response,
    data: Annotated[
        NewCase,
        Body(
            openapi_examples={
                "police_report": {
                    "summary": "On a police report, with a lead professional",
                    "value": NEW_CASE_FROM_POLICE,
                },
                "from_concern": {
                    "summary": "From a concern already recorded",
                    "description": "The concern must be about the same child. Without "
                    "`lead_professional_id` the case has no lead until one is named (PATCH).",
                    "value": NEW_CASE_FROM_CONCERN,
                },
            }
        ),
    ],
) -> CaseView:
    case = await service.open_child_protection_case(uow, actor, data)
    response.headers["Location"] = f"/api/v1/cases/{case.id}"
    return await _view(uow, actor, case, response)


@router.get(
    "",
    summary="List cases",
    description="Filter by stage, lead professional, child, territory, responsible organisation, "
    "or `overdue=true` for cases past the deadline of their current stage. Newest first, paged.",
    responses=LIST,
)
async def search_cases(
    uow: Uow,
    actor: CurrentActor,
    page: Paging,
    stage: CaseStage | None = None,
    lead_professional_id: uuid.UUID | None = None,
    child_id: uuid.UUID | None = None,
    territory_code: Annotated[str | None, Query(max_length=32)] = None,
    responsible_organisation_id: uuid.UUID | None = None,
    overdue: bool = False,
) -> Page[CaseSummaryView]:
    query = CaseSearch(
        stage=stage,
        lead_professional_id=lead_professional_id,
        child_id=child_id,
        territory_code=territory_code,
        responsible_organisation_id=responsible_organisation_id,
        overdue=overdue,
    )
    found = await service.search_cases(uow, actor, query, page)
    return Page(items=[_summary(c) for c in found.rows], next_cursor=found.next_cursor)


@router.get(
    "/{case_id}",
    summary="Read a case",
    description="The case with its active team around the child, the referrals that led to it, "
    "the actions allowed in its stage and the deadline of that stage. The ETag is its version.",
    responses=READ,
)
async def get_case(
    uow: Uow, actor: CurrentActor, case_id: uuid.UUID, response: Response
) -> CaseView:
    case = await service.get_case(uow, actor, case_id)
    return await _view(uow, actor, case, response)


@router.patch(
    "/{case_id}",
    summary="Change a case's level of need or lead professional",
    description="Partial update; requires `If-Match`. A new lead joins the team around the child "
    "as `lead_professional` (the former lead stays on the team to hand over) and takes over the "
    "open deadline.",
    responses=CHANGE,
)
async def update_case(
    uow: Uow,
    actor: CurrentActor,
    case_id: uuid.UUID,
    changes: CaseChanges,
    expected_version: ExpectedVersion,
    response: Response,
) -> CaseView:
    case = await service.update_case(
        uow, actor, case_id, changes, expected_version=expected_version
    )
    return await _view(uow, actor, case, response)


def _stage_route(action: CaseAction, summary: str, description: str) -> None:
    """The four stage actions differ only in name, so one handler serves each route."""

    async def handler(
        uow: Uow,
        actor: CurrentActor,
        case_id: uuid.UUID,
        expected_version: ExpectedVersion,
        response: Response,
        body: NoInput | None = None,
    ) -> CaseView:
        case = await service.advance_case(
            uow, actor, case_id, action, expected_version=expected_version
        )
        return await _view(uow, actor, case, response)

    router.add_api_route(
        f"/{{case_id}}/{action.value.replace('_', '-')}",
        handler,
        methods=["POST"],
        name=action.value,
        summary=summary,
        description=f"{description} Requires `If-Match`.",
        responses=CHANGE,
    )


_stage_route(
    CaseAction.START_COMPLEX_ASSESSMENT,
    "Start the complex assessment",
    "From initial assessment. Due per the policy (Law 123/2010: 10 days).",
)
_stage_route(
    CaseAction.START_PLANNING,
    "Start planning the individual assistance plan",
    "From initial or complex assessment, or back from a review.",
)
_stage_route(
    CaseAction.START_IMPLEMENTATION,
    "Start implementing and monitoring the plan",
    "From planning, or back from a review. This stage has no deadline of its own: the plan's "
    "review dates belong to the plan.",
)
_stage_route(
    CaseAction.START_REVIEW,
    "Start a review",
    "From implementation and monitoring.",
)


@router.post(
    "/{case_id}/close",
    summary="Close a case",
    description="Requires a reason (and a note when the reason is `other`) and `If-Match`. "
    "A child-protection case is closed only by a supervisor.",
    responses={**CHANGE, **SUPERVISOR_ONLY},
)
async def close_case(
    uow: Uow,
    actor: CurrentActor,
    case_id: uuid.UUID,
    data: Annotated[
        CaseClosure,
        Body(
            openapi_examples={
                "objectives_achieved": {
                    "summary": "The plan's objectives were achieved",
                    "value": CLOSE_ACHIEVED,
                },
                "other": {
                    "summary": "Another reason, said in the note",
                    "description": "`note` is required when the reason is `other`.",
                    "value": CLOSE_OTHER,
                },
            }
        ),
    ],
    expected_version: ExpectedVersion,
    response: Response,
) -> CaseView:
    case = await service.close_case(uow, actor, case_id, data, expected_version=expected_version)
    return await _view(uow, actor, case, response)


@router.post(
    "/{case_id}/reopen",
    summary="Reopen a closed case",
    description="Starts again at initial assessment; requires a reason and `If-Match`.",
    responses=CHANGE,
)
async def reopen_case(
    uow: Uow,
    actor: CurrentActor,
    case_id: uuid.UUID,
    data: CaseReopening,
    expected_version: ExpectedVersion,
    response: Response,
) -> CaseView:
    case = await service.reopen_case(uow, actor, case_id, data, expected_version=expected_version)
    return await _view(uow, actor, case, response)


@router.get(
    "/{case_id}/team",
    summary="The team around the child",
    description="Active members; `include_former=true` adds those who have left.",
    responses=READ,
)
async def list_team(
    uow: Uow, actor: CurrentActor, case_id: uuid.UUID, include_former: bool = False
) -> list[TeamMemberView]:
    members = await service.team(uow, actor, case_id, include_former=include_former)
    return await _members(uow, members)


@router.post(
    "/{case_id}/team",
    status_code=status.HTTP_201_CREATED,
    summary="Add a professional to the team around the child",
    description="The member's organisation is the professional's. A professional already on the "
    "team is a conflict.",
    responses={**READ, **CREATE},
)
async def add_team_member(
    uow: Uow, actor: CurrentActor, case_id: uuid.UUID, data: NewTeamMember
) -> TeamMemberView:
    member = await service.add_team_member(uow, actor, case_id, data)
    [view] = await _members(uow, [member])
    return view


@router.delete(
    "/{case_id}/team/{member_id}",
    summary="Remove a professional from the team around the child",
    description="Records when they left; the lead professional cannot leave while lead.",
    responses={**READ, **CONFLICT},
)
async def remove_team_member(
    uow: Uow, actor: CurrentActor, case_id: uuid.UUID, member_id: uuid.UUID
) -> TeamMemberView:
    member = await service.remove_team_member(uow, actor, case_id, member_id)
    [view] = await _members(uow, [member])
    return view
