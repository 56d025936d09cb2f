"""Referrals: handing a concern to the guardianship authority, and the authority's answer."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response, status
from pydantic import ConfigDict, Field

from app.api.rest.concerns import RECORDER_ONLY
from app.api.rest.deps import CurrentActor, ExpectedVersion, Uow, set_etag
from app.api.rest.events import EventView
from app.api.rest.pagination import Page, Paging
from app.api.rest.responses import CHANGE, CREATE, LIST, READ, forbidden
from app.api.rest.sharing_bases import EXEMPTION_SHOWN, LegalBasisView, legal_basis_view
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.referrals import (
    ACCEPT_AS_MULTI_AGENCY,
    ACCEPT_JOIN_CASE,
    ACCEPT_NEW_CASE,
    AcceptReferral,
    AssignReferral,
    DeclineReferral,
    NewReferral,
    RedirectReferral,
    ReferralSearch,
    ReferralStatus,
    WithdrawReferral,
)
from app.persistence.tables.referrals import Referral
from app.services import referrals as service
from app.services import sharing_bases
from app.services.sharing_bases import Bases

router = APIRouter(prefix="/referrals", tags=["referrals"])

FORBIDDEN_TOO = forbidden(
    "Only the receiving authority answers; only the referrer withdraws.",
    "Only the receiving guardianship authority may do this.",
)


class ReferralView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": ex.REFERRAL_ID,
                    "concern_id": ex.CONCERN_ID,
                    "child_id": ex.ANA_RUSU_ID,
                    "referred_by_id": ex.DESIGNATED_PERSON_ID,
                    "from_organisation_id": ex.SCHOOL_ID,
                    "to_organisation_id": ex.MAYORALTY_ID,
                    "assignee_id": ex.SOCIAL_WORKER_ID,
                    "urgency": "child_protection",
                    "status": "accepted",
                    "reason": "Școala nu poate asigura singură siguranța copilului acasă.",
                    "response_reason": None,
                    "responded_by_id": ex.SOCIAL_WORKER_ID,
                    "responded_at": ex.ACCEPTED_AT,
                    "redirected_from_id": None,
                    "redirected_to_id": None,
                    "case_id": ex.CASE_ID,
                    "due_at": None,
                    "legal_basis": EXEMPTION_SHOWN,
                    "legal_actions": ["assign"],
                    "version": 3,
                    "created_at": ex.REFERRED_AT,
                    "updated_at": ex.ACCEPTED_AT,
                }
            ]
        }
    )

    id: uuid.UUID
    concern_id: uuid.UUID
    child_id: uuid.UUID
    referred_by_id: uuid.UUID | None
    from_organisation_id: uuid.UUID
    to_organisation_id: uuid.UUID
    assignee_id: uuid.UUID | None
    urgency: str
    status: str
    reason: str
    response_reason: str | None
    responded_by_id: uuid.UUID | None
    responded_at: datetime | None
    redirected_from_id: uuid.UUID | None
    redirected_to_id: uuid.UUID | None
    case_id: uuid.UUID | None
    due_at: datetime | None
    legal_basis: LegalBasisView | None = Field(
        default=None,
        description="Consent or child-protection exemption; null on referrals made before "
        "bases were recorded.",
    )
    legal_actions: list[str] = Field(default_factory=list)
    version: int
    created_at: datetime
    updated_at: datetime


def _view(referral: Referral, bases: Bases) -> ReferralView:
    view = ReferralView.model_validate(referral)
    view.legal_basis = legal_basis_view(referral.sharing_basis_id, bases)
    view.legal_actions = service.legal_actions(referral)
    return view


async def _views(uow: Uow, referrals: Sequence[Referral]) -> list[ReferralView]:
    bases = await sharing_bases.shown_with(uow, (r.sharing_basis_id for r in referrals))
    return [_view(r, bases) for r in referrals]


async def _answer(uow: Uow, referral: Referral, response: Response) -> ReferralView:
    set_etag(response, referral.version)
    [view] = await _views(uow, [referral])
    return view


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Refer a concern",
    description="To a guardianship authority (a mayoralty or a social-assistance directorate), "
    "by the institution that recorded the concern. The concern must be `recorded` or "
    "`single_agency_plan`; it becomes `referred`, and its single-agency plan goes on while the "
    "authority decides. The answer is due by `due_at`, from the deadline policy for the "
    "concern's urgency; an answer or a withdrawal clears it. Send `Idempotency-Key` to make "
    "retries safe.",
    responses={**CREATE, **RECORDER_ONLY},
)
async def create_referral(
    uow: Uow,
    actor: CurrentActor,
    response: Response,
    data: NewReferral,
) -> ReferralView:
    referral = await service.create_referral(uow, actor, data)
    response.headers["Location"] = f"/api/v1/referrals/{referral.id}"
    return await _answer(uow, referral, response)


@router.get(
    "",
    summary="List referrals",
    description="Filter by status, assignee, receiving or referring organisation, child or "
    "concern; `overdue=true` lists referrals still waiting past their response deadline. "
    "Newest first, paged.",
    responses=LIST,
)
async def search_referrals(
    uow: Uow,
    actor: CurrentActor,
    page: Paging,
    status: ReferralStatus | None = None,
    overdue: Annotated[bool, Query(description="Only `received` and past `due_at`")] = False,
    assignee_id: uuid.UUID | None = None,
    to_organisation_id: uuid.UUID | None = None,
    from_organisation_id: uuid.UUID | None = None,
    child_id: uuid.UUID | None = None,
    concern_id: uuid.UUID | None = None,
) -> Page[ReferralView]:
    query = ReferralSearch(
        status=status,
        overdue=overdue,
        assignee_id=assignee_id,
        to_organisation_id=to_organisation_id,
        from_organisation_id=from_organisation_id,
        child_id=child_id,
        concern_id=concern_id,
    )
    found = await service.search_referrals(uow, actor, query, page)
    return Page(items=await _views(uow, found.rows), next_cursor=found.next_cursor)


@router.get(
    "/{referral_id}",
    summary="Read a referral",
    description="The referral, its response deadline (`due_at`, null once answered), the case "
    "it led to and `legal_actions`: what may be done with it now. The ETag is its version, for "
    "`If-Match`.",
    responses=READ,
)
async def get_referral(
    uow: Uow, actor: CurrentActor, referral_id: uuid.UUID, response: Response
) -> ReferralView:
    return await _answer(uow, await service.get_referral(uow, actor, referral_id), response)


@router.get(
    "/{referral_id}/history",
    summary="A referral's history",
    description="Every transition in order: what happened, who did it and when.",
    responses=READ,
)
async def referral_history(
    uow: Uow, actor: CurrentActor, referral_id: uuid.UUID
) -> list[EventView]:
    return [EventView.model_validate(e) for e in await service.history(uow, actor, referral_id)]


ACTION: dict[int | str, dict[str, Any]] = {**CHANGE, **FORBIDDEN_TOO}


@router.post(
    "/{referral_id}/accept",
    summary="Accept a referral",
    description="Receiving authority only, while `received`. Joins the child's open case when "
    "`case_id` is given; otherwise opens a new case (with the lead professional and level of "
    "need, if given). The answer carries `case_id`. Requires `If-Match`.",
    responses=ACTION,
)
async def accept_referral(
    uow: Uow,
    actor: CurrentActor,
    referral_id: uuid.UUID,
    expected_version: ExpectedVersion,
    response: Response,
    data: Annotated[
        AcceptReferral | None,
        Body(
            openapi_examples={
                "new_case": {
                    "summary": "Open a new case led by one of your professionals",
                    "description": "The level of need follows from the urgency.",
                    "value": ACCEPT_NEW_CASE,
                },
                "join_open_case": {
                    "summary": "Join the child's open case",
                    "value": ACCEPT_JOIN_CASE,
                },
                "level_of_need": {
                    "summary": "Open a new case at a level of need of your choosing",
                    "value": ACCEPT_AS_MULTI_AGENCY,
                },
                "defaults": {
                    "summary": "Open a new case with the defaults (or send no body)",
                    "value": {},
                },
            }
        ),
    ] = None,
) -> ReferralView:
    referral = await service.accept_referral(
        uow, actor, referral_id, data or AcceptReferral(), expected_version=expected_version
    )
    return await _answer(uow, referral, response)


@router.post(
    "/{referral_id}/decline",
    summary="Decline a referral",
    description="Receiving authority only, while `received`; the reason is required and the "
    "referrer sees it. Requires `If-Match`.",
    responses=ACTION,
)
async def decline_referral(
    uow: Uow,
    actor: CurrentActor,
    referral_id: uuid.UUID,
    data: DeclineReferral,
    expected_version: ExpectedVersion,
    response: Response,
) -> ReferralView:
    referral = await service.decline_referral(
        uow, actor, referral_id, data, expected_version=expected_version
    )
    return await _answer(uow, referral, response)


@router.post(
    "/{referral_id}/redirect",
    summary="Redirect a referral to another authority",
    description="Receiving authority only, while `received`. A new referral is sent to the "
    "other guardianship authority (see `redirected_to_id`) with its own response deadline. "
    "Requires `If-Match`.",
    responses=ACTION,
)
async def redirect_referral(
    uow: Uow,
    actor: CurrentActor,
    referral_id: uuid.UUID,
    data: RedirectReferral,
    expected_version: ExpectedVersion,
    response: Response,
) -> ReferralView:
    referral = await service.redirect_referral(
        uow, actor, referral_id, data, expected_version=expected_version
    )
    return await _answer(uow, referral, response)


@router.post(
    "/{referral_id}/withdraw",
    summary="Withdraw a referral",
    description="The referring institution only, while `received`; the reason is required. "
    "Requires `If-Match`.",
    responses=ACTION,
)
async def withdraw_referral(
    uow: Uow,
    actor: CurrentActor,
    referral_id: uuid.UUID,
    data: WithdrawReferral,
    expected_version: ExpectedVersion,
    response: Response,
) -> ReferralView:
    referral = await service.withdraw_referral(
        uow, actor, referral_id, data, expected_version=expected_version
    )
    return await _answer(uow, referral, response)


@router.post(
    "/{referral_id}/assign",
    summary="Assign a referral to a professional",
    description="Receiving authority only, while `received` or `accepted`; the assignee works "
    "for that authority. Requires `If-Match`.",
    responses=ACTION,
)
async def assign_referral(
    uow: Uow,
    actor: CurrentActor,
    referral_id: uuid.UUID,
    data: AssignReferral,
    expected_version: ExpectedVersion,
    response: Response,
) -> ReferralView:
    referral = await service.assign_referral(
        uow, actor, referral_id, data, expected_version=expected_version
    )
    return await _answer(uow, referral, response)
