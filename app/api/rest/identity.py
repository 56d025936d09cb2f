"""Identity review tasks and child merges: deciding that two records are one child, and
undoing it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response
from pydantic import ConfigDict, Field
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, ExpectedVersion, Uow, set_etag
from app.api.rest.pagination import Page, Paging
from app.api.rest.responses import CHANGE, LIST, READ, forbidden
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.identity import DecideIdentity, IdentityReviewStatus, legal_actions
from app.persistence.tables.identity import ChildMerge, IdentityReview
from app.services import identity_reviews as service
from app.services import merges as merge_service

router = APIRouter(tags=["identity"])

REVIEWERS_ONLY = forbidden(
    "Only social workers, case managers and supervisors decide identity reviews and merges.",
    "Only social workers, case managers and supervisors may do this.",
)

REVIEW_ID = "6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c"
MERGE_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
NEW_CHILD_ID = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
OPEN: JsonDict = {
    "id": REVIEW_ID,
    "child_id": NEW_CHILD_ID,
    "candidate_id": ex.ANA_RUSU_ID,
    "score": 0.82,
    "reasons": {
        "family_name": 1.0,
        "given_name": 1.0,
        "name": 1.0,
        "birth_date": "one_digit",
        "sex": "same",
        "place": "same_territory",
    },
    "status": "open",
    "territory_code": "calarasi",
    "merge_id": None,
    "decided_by_id": None,
    "decided_at": None,
    "created_at": ex.REGISTERED_AT,
    "legal_actions": ["decide"],
    "version": 1,
}
SAME: JsonDict = {
    **OPEN,
    "status": "same",
    "merge_id": MERGE_ID,
    "decided_by_id": ex.SOCIAL_WORKER_ID,
    "decided_at": ex.REGISTERED_AT,
    "legal_actions": [],
    "version": 2,
}
MERGE: JsonDict = {
    "id": MERGE_ID,
    "survivor_id": ex.ANA_RUSU_ID,
    "merged_id": NEW_CHILD_ID,
    "moved": {
        "child_identifiers": ["a3c1d2e4-5f60-4718-9a2b-3c4d5e6f7a80"],
        "concerns": [ex.CONCERN_ID],
    },
    "merged_by_id": ex.SOCIAL_WORKER_ID,
    "merged_at": ex.REGISTERED_AT,
    "reverted_by_id": None,
    "reverted_at": None,
}


class IdentityReviewView(View):
    model_config = ConfigDict(json_schema_extra={"examples": [OPEN, SAME]})

    id: uuid.UUID
    child_id: uuid.UUID = Field(description="The child registered from the message.")
    candidate_id: uuid.UUID = Field(description="The known child it may be.")
    score: float
    reasons: dict[str, Any] = Field(description="The score's feature breakdown.")
    status: str
    territory_code: str
    merge_id: uuid.UUID | None
    decided_by_id: uuid.UUID | None
    decided_at: datetime | None
    created_at: datetime
    legal_actions: list[str] = Field(default_factory=list)
    version: int


class ChildMergeView(View):
    model_config = ConfigDict(json_schema_extra={"examples": [MERGE]})

    id: uuid.UUID
    survivor_id: uuid.UUID
    merged_id: uuid.UUID
    moved: dict[str, Any] = Field(
        description="Per table, the ids moved from the merged child to the survivor (and "
        '"children.idnp" when the survivor took the merged child\'s IDNP): what a revert '
        "puts back."
    )
    merged_by_id: uuid.UUID | None
    merged_at: datetime
    reverted_by_id: uuid.UUID | None
    reverted_at: datetime | None


def _review(review: IdentityReview) -> IdentityReviewView:
    view = IdentityReviewView.model_validate(review)
    view.legal_actions = legal_actions(review.status)
    return view


def _merge(merge: ChildMerge) -> ChildMergeView:
    return ChildMergeView.model_validate(merge)


@router.get(
    "/identity-reviews",
    summary="List identity reviews",
    description="Children registered from a sector message who scored in the middle band "
    "against a known child: is it the same child? The work list of the social workers, case "
    "managers and supervisors of the known child's territory, newest first, paged; `open` by "
    "default, `status` to see decided ones.",
    responses={**LIST, **REVIEWERS_ONLY},
)
async def search_reviews(
    uow: Uow,
    actor: CurrentActor,
    page: Paging,
    status: Annotated[
        IdentityReviewStatus, Query(description="open (the work list), same or different")
    ] = IdentityReviewStatus.OPEN,
) -> Page[IdentityReviewView]:
    found = await service.search_reviews(uow, actor, status, page)
    return Page(items=[_review(r) for r in found.rows], next_cursor=found.next_cursor)


@router.get(
    "/identity-reviews/{review_id}",
    summary="Read an identity review",
    description="The two children, the score and why. The ETag is its version, for `If-Match` "
    "on the decision.",
    responses={**READ, **REVIEWERS_ONLY},
)
async def get_review(
    uow: Uow, actor: CurrentActor, review_id: uuid.UUID, response: Response
) -> IdentityReviewView:
    review = await service.get_review(uow, actor, review_id)
    set_etag(response, review.version)
    return _review(review)


@router.post(
    "/identity-reviews/{review_id}/decide",
    summary="Decide an identity review",
    description="`same`: the child registered from the message is merged into the known one "
    "(every record about it moves; the merge is recorded and can be reverted). `different`: "
    "both stay. Only an open review may be decided (409 otherwise); merging two children with "
    "different IDNPs is 409. Requires `If-Match`.",
    responses={**CHANGE, **REVIEWERS_ONLY},
)
async def decide_review(
    uow: Uow,
    actor: CurrentActor,
    review_id: uuid.UUID,
    data: Annotated[
        DecideIdentity,
        Body(
            openapi_examples={
                "same": {"summary": "One child: merge", "value": {"decision": "same"}},
                "different": {"summary": "Two children", "value": {"decision": "different"}},
            }
        ),
    ],
    expected_version: ExpectedVersion,
    response: Response,
) -> IdentityReviewView:
    review = await service.decide(uow, actor, review_id, data, expected_version=expected_version)
    set_etag(response, review.version)
    return _review(review)


@router.post(
    "/child-merges/{merge_id}/revert",
    summary="Revert a child merge",
    description="Puts back exactly the rows the merge moved (rows recorded for the survivor "
    "since then stay with it), gives the merged child back its IDNP if the survivor took it, "
    "and reopens the identity review that asked for the merge. Recorded as `child.merge_"
    "reverted`. A merge is reverted once (409 after).",
    responses={**CHANGE, **REVIEWERS_ONLY},
)
async def revert_merge(uow: Uow, actor: CurrentActor, merge_id: uuid.UUID) -> ChildMergeView:
    return _merge(await merge_service.revert_merge(uow, actor, merge_id))


@router.get(
    "/children/{child_id}/merges",
    summary="List a child's merges",
    description="The merges the child took part in, as survivor or as the merged record, "
    "oldest first, reverted ones included. A merged child's own `GET` answers 404 with "
    "`merged_into`: the id to read instead.",
    responses=READ,
)
async def merges_of(uow: Uow, actor: CurrentActor, child_id: uuid.UUID) -> list[ChildMergeView]:
    return [_merge(m) for m in await merge_service.merges_of(uow, actor, child_id)]
