"""Break-the-glass openings, for the data protection officer's review."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response
from pydantic import ConfigDict, Field
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, ExpectedVersion, Uow, set_etag
from app.api.rest.pagination import Page, Paging
from app.api.rest.responses import CHANGE, LIST, READ, forbidden
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.break_glass import (
    JUSTIFIED,
    UNJUSTIFIED,
    OpeningSearch,
    ReviewOpening,
    ReviewStatus,
)
from app.persistence.tables.break_glass import BreakGlassOpening
from app.services import break_glass as service

router = APIRouter(prefix="/break-glass-openings", tags=["break-the-glass"])

DPO_ONLY = forbidden(
    "Only the data protection officer may see and review break-the-glass openings.",
    "Only the data protection officer may see and review break-the-glass openings.",
)

PENDING: JsonDict = {
    "id": ex.BREAK_GLASS_OPENING_ID,
    "professional_id": ex.POLICE_OFFICER_ID,
    "organisation_id": ex.POLICE_UNIT_ID,
    "client_id": None,
    "record_kind": "child",
    "record_id": ex.ANA_RUSU_ID,
    "child_id": ex.ANA_RUSU_ID,
    "reason": "Copilul a fost găsit singur noaptea; căutăm părinții.",
    "opened_at": ex.BREAK_GLASS_OPENED_AT,
    "request_id": "9d2e7c1a-4b3f-4e8d-a6c5-1f0b2e3d4c5a",
    "review_status": "pending",
    "reviewed_by_id": None,
    "reviewed_at": None,
    "review_note": None,
    "legal_actions": ["review"],
    "version": 1,
}
REVIEWED: JsonDict = {
    **PENDING,
    "review_status": "justified",
    "reviewed_by_id": ex.DATA_PROTECTION_OFFICER_ID,
    "reviewed_at": ex.BREAK_GLASS_REVIEWED_AT,
    "review_note": JUSTIFIED["note"],
    "legal_actions": [],
    "version": 2,
}


class OpeningView(View):
    model_config = ConfigDict(json_schema_extra={"examples": [PENDING, REVIEWED]})

    id: uuid.UUID
    professional_id: uuid.UUID
    organisation_id: uuid.UUID
    client_id: str | None
    record_kind: str
    record_id: uuid.UUID
    child_id: uuid.UUID
    reason: str
    opened_at: datetime
    request_id: str | None
    review_status: str
    reviewed_by_id: uuid.UUID | None
    reviewed_at: datetime | None
    review_note: str | None
    legal_actions: list[str] = Field(default_factory=list)
    version: int


def _view(opening: BreakGlassOpening) -> OpeningView:
    view = OpeningView.model_validate(opening)
    view.legal_actions = service.legal_actions(opening)
    return view


@router.get(
    "",
    summary="List break-the-glass openings",
    description="Every record opened outside the opener's scope in an emergency, with the reason "
    "they gave, newest first, paged. Filter by `review_status` (`pending` is the officer's work "
    "list) and by child. For the data protection officer only; each opening listed is recorded "
    "in the access log, because it names the child.",
    responses={**LIST, **DPO_ONLY},
)
async def search_openings(
    uow: Uow,
    actor: CurrentActor,
    page: Paging,
    review_status: ReviewStatus | None = None,
    child_id: Annotated[uuid.UUID | None, Query(description="Openings of one child")] = None,
) -> Page[OpeningView]:
    query = OpeningSearch(review_status=review_status, child_id=child_id)
    found = await service.search_openings(uow, actor, query, page)
    return Page(items=[_view(o) for o in found.rows], next_cursor=found.next_cursor)


@router.get(
    "/{opening_id}",
    summary="Read a break-the-glass opening",
    description="Who opened which record about which child, when, in which request (to find the "
    'read in the access log), why, and the review so far. `legal_actions` is `["review"]` while '
    "it is pending. The ETag is its version, for `If-Match` on the review. For the data "
    "protection officer only.",
    responses={**READ, **DPO_ONLY},
)
async def get_opening(
    uow: Uow, actor: CurrentActor, opening_id: uuid.UUID, response: Response
) -> OpeningView:
    opening = await service.get_opening(uow, actor, opening_id)
    set_etag(response, opening.version)
    return _view(opening)


@router.post(
    "/{opening_id}/review",
    summary="Review a break-the-glass opening",
    description="The data protection officer's finding: `justified` or `unjustified` (with a "
    "`note` saying why). Only a pending opening may be reviewed, once; a second review is 409. "
    "Requires `If-Match`. The review is recorded as the event `break_glass.reviewed`, told to "
    "the opener's organisation without the note.",
    responses={**CHANGE, **DPO_ONLY},
)
async def review_opening(
    uow: Uow,
    actor: CurrentActor,
    opening_id: uuid.UUID,
    data: Annotated[
        ReviewOpening,
        Body(
            openapi_examples={
                "justified": {
                    "summary": "The emergency justified the opening",
                    "value": JUSTIFIED,
                },
                "unjustified": {
                    "summary": "No emergency: the finding says why",
                    "description": "A note is required when the opening was unjustified.",
                    "value": UNJUSTIFIED,
                },
            }
        ),
    ],
    expected_version: ExpectedVersion,
    response: Response,
) -> OpeningView:
    opening = await service.review_opening(
        uow, actor, opening_id, data, expected_version=expected_version
    )
    set_etag(response, opening.version)
    return _view(opening)
