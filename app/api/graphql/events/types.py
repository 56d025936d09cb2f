"""The event feed: every state change in order, for systems and screens that poll."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from app.persistence.tables.events import StoredEvent


@strawberry.type(
    name="FeedEvent",
    description="A state change, stored in the same transaction as the change itself.",
)
class Event:
    cursor: str = strawberry.field(
        description="The event's position in the feed (REST's `position`), as text: positions "
        "outgrow GraphQL's 32-bit Int. Pass it as `after` to read on."
    )
    id: uuid.UUID
    type: str
    aggregate_type: str
    aggregate_id: uuid.UUID
    aggregate_version: int | None
    child_id: uuid.UUID | None
    actor_id: uuid.UUID | None
    summary: str
    payload: JSON
    occurred_at: datetime

    @classmethod
    def of(cls, row: StoredEvent) -> Event:
        return cls(
            cursor=str(row.position),
            id=row.id,
            type=row.type,
            aggregate_type=row.aggregate_type,
            aggregate_id=row.aggregate_id,
            aggregate_version=row.aggregate_version,
            child_id=row.child_id,
            actor_id=row.actor_id,
            summary=row.summary,
            payload=cast("JSON", row.payload),
            occurred_at=row.occurred_at,
        )


@strawberry.type(description="Events after a cursor, oldest first.")
class EventFeed:
    events: list[Event]
    end_cursor: str = strawberry.field(
        description="The last event's cursor, or the one you sent when there is none yet: poll "
        "again with it."
    )
