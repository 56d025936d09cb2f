"""The event feed: every state change in order, for sector systems that poll."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.api.rest.deps import CurrentActor, Uow
from app.api.rest.responses import LIST
from app.api.rest.views import View
from app.services import events as service

router = APIRouter(tags=["events"])


class EventView(View):
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
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    type: Annotated[list[str] | None, Query(description="Only these event types")] = None,
) -> EventPage:
    rows = await service.feed(uow, actor, after=after, limit=limit, types=type)
    items = [EventView.model_validate(r) for r in rows]
    return EventPage(items=items, next_after=items[-1].position if items else after)
