"""The event feed: every state change in order, for sector systems that poll."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import ConfigDict
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, Uow
from app.api.rest.pagination import MAX_POSITION
from app.api.rest.responses import LIST
from app.api.rest.views import View
from app.domain import examples as ex
from app.services import events as service

router = APIRouter(tags=["events"])


REFERRAL_ACCEPTED: JsonDict = {
    "position": 1287,
    "id": ex.EVENT_ID,
    "type": "referral.accepted",
    "aggregate_type": "referral",
    "aggregate_id": ex.REFERRAL_ID,
    "aggregate_version": 3,
    "child_id": ex.ANA_RUSU_ID,
    "actor_id": ex.SOCIAL_WORKER_ID,
    "summary": "Referral accepted",
    "payload": {"case_id": ex.CASE_ID, "joined": False},
    "occurred_at": ex.ACCEPTED_AT,
}


class EventView(View):
    model_config = ConfigDict(json_schema_extra={"examples": [REFERRAL_ACCEPTED]})

    position: int
    id: uuid.UUID
    type: str
    aggregate_type: str
    aggregate_id: uuid.UUID
    aggregate_version: int | None
    child_id: uuid.UUID | None
    actor_id: uuid.UUID | None
    summary: str
    payload: dict[str, Any]
    occurred_at: datetime


class EventPage(View):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [REFERRAL_ACCEPTED], "next_after": 1287}]}
    )

    items: list[EventView]
    next_after: int


@router.get(
    "/events",
    summary="Events after a position",
    description="Ordered by `position`; poll with `after` = the last position you saw.",
    responses=LIST,
)
async def feed(
    uow: Uow,
    actor: CurrentActor,
    after: Annotated[int, Query(ge=0, le=MAX_POSITION)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    type: Annotated[list[str] | None, Query(description="Only these event types")] = None,
) -> EventPage:
    rows = await service.feed(uow, actor, after=after, limit=limit, types=type)
    items = [EventView.model_validate(r) for r in rows]
    return EventPage(items=items, next_after=items[-1].position if items else after)
