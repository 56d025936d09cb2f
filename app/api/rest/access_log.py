"""Who has seen a child's record: the access log, as the data protection officer reads it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import ConfigDict
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, Uow
from app.api.rest.pagination import MAX_POSITION
from app.api.rest.responses import READ, forbidden
from app.api.rest.views import View
from app.domain import examples as ex
from app.services import access_log as service

router = APIRouter(prefix="/children", tags=["children"])

FORBIDDEN = forbidden(
    "Only the data protection officer or a case manager may see who has seen a child's record.",
    "Only the data protection officer or a case manager may see who has seen a child's record.",
)

READ_BY_POLICE: JsonDict = {
    "seq": 4812,
    "occurred_at": "2025-03-14T09:20:11Z",
    "actor_id": ex.POLICE_OFFICER_ID,
    "organisation_id": "a0d2b3c4-1e5f-4a6b-8c7d-9e0f1a2b3c4d",
    "client_id": None,
    "operation": "read",
    "resource_type": "chronology",
    "resource_id": ex.ANA_RUSU_ID,
    "purpose": None,
    "request_id": "9d2e7c1a-4b3f-4e8d-a6c5-1f0b2e3d4c5a",
}
LISTED_BY_SCHOOL: JsonDict = {
    "seq": 4790,
    "occurred_at": "2025-03-13T11:02:45Z",
    "actor_id": ex.DESIGNATED_PERSON_ID,
    "organisation_id": ex.SCHOOL_ID,
    "client_id": None,
    "operation": "list",
    "resource_type": "child",
    "resource_id": ex.ANA_RUSU_ID,
    "purpose": None,
    "request_id": "3a8f0c2d-7e6b-4d1a-9c5e-2b4f6a8d0e1c",
}


class DisclosureView(View):
    model_config = ConfigDict(json_schema_extra={"examples": [READ_BY_POLICE, LISTED_BY_SCHOOL]})

    seq: int
    occurred_at: datetime
    actor_id: uuid.UUID | None
    organisation_id: uuid.UUID
    client_id: str | None
    operation: str
    resource_type: str
    resource_id: str
    purpose: str | None
    request_id: str | None


class DisclosurePage(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": [READ_BY_POLICE, LISTED_BY_SCHOOL], "next_before": 4790}]
        }
    )

    items: list[DisclosureView]
    next_before: int | None


@router.get(
    "/{child_id}/disclosures",
    summary="Who has seen the child's record",
    description="Every recorded disclosure of the child's data (a read of the record, its "
    "family, institutions, chronology or trajectory, or the child appearing in a list), newest "
    "first, from the tamper-evident access log. For the data protection officer and case "
    "managers; asking is itself recorded. Page on with `before` = the `next_before` of the "
    "previous page.",
    responses={**READ, **FORBIDDEN},
)
async def disclosures(
    uow: Uow,
    actor: CurrentActor,
    child_id: uuid.UUID,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_POSITION, description="`next_before` of the last page")
    ] = None,
) -> DisclosurePage:
    found = await service.disclosures(uow, actor, child_id, limit=limit, before=before)
    return DisclosurePage(
        items=[DisclosureView.model_validate(r) for r in found.rows],
        next_before=found.next_before,
    )
