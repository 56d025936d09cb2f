"""The pull feed of status events: what webhooks push, for a sector system that polls."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import ConfigDict, Field
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, Uow
from app.api.rest.responses import LIST, forbidden
from app.api.rest.views import View
from app.domain.webhooks import message_id
from app.persistence.tables.webhooks import StatusEvent
from app.services import status_events as service

router = APIRouter(tags=["status back"])

EVENT: JsonDict = {
    "position": "1287",
    "id": "e5d4c3b2-a190-4f8e-8d7c-6b5a4f3e2d1c",
    "webhook_id": "msg_e5d4c3b2a1904f8e8d7c6b5a4f3e2d1c",
    "type": "referral.accepted",
    "occurred_at": "2025-03-12T10:15:00Z",
    "data": {
        "child_id": "2b6f0c1e-7a44-4c1b-9d6e-1f2a3b4c5d6e",
        "occurred_at": "2025-03-12T10:15:00Z",
        "referral_id": "799f002a-4f51-460a-9a39-cd0d7eac0ea5",
        "status": "accepted",
        "case_id": "c3a1f9d2-6b8e-4d7a-9f0c-2e4b6d8f0a1c",
    },
}


class StatusEventView(View):
    model_config = ConfigDict(json_schema_extra={"examples": [EVENT]})

    position: str = Field(description="Where this event is in your feed (pass as `after`).")
    id: uuid.UUID
    webhook_id: str = Field(description="The `webhook-id` its deliveries carry.")
    type: str
    occurred_at: datetime
    data: dict[str, Any] = Field(description="The thin payload: schemas/events/<type>.")

    @classmethod
    def of(cls, row: StatusEvent) -> StatusEventView:
        return cls(
            position=str(row.position),
            id=row.id,
            webhook_id=message_id(row.id),
            type=row.type,
            occurred_at=row.occurred_at,
            data=row.payload,
        )


class StatusEventPage(View):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [EVENT], "next": "1287"}]})

    items: list[StatusEventView]
    next: str = Field(description="Pass as `after` to read on; unchanged when nothing is new.")


@router.get(
    "/status-events",
    summary="Your status events after a cursor",
    description="The calling sector system's status events (what became of the concerns it "
    "sent: referrals, the case, its stage and closure; actions asked of its organisation), in "
    "order. Poll with `after` = the `next` of the last page. The same events webhooks push.",
    responses={
        **LIST,
        **forbidden("Only sector systems have a status feed", "The feed is for sector systems."),
    },
)
async def feed(
    uow: Uow,
    actor: CurrentActor,
    after: Annotated[
        str, Query(pattern=r"^\d{1,18}$", description="`next` of the previous page")
    ] = "0",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> StatusEventPage:
    rows = await service.feed(uow, actor, after=int(after), limit=limit)
    items = [StatusEventView.of(r) for r in rows]
    return StatusEventPage(items=items, next=items[-1].position if items else after)
