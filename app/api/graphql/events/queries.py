"""Reading the event feed."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.api.graphql.events.types import Event, EventFeed
from app.api.graphql.permissions import mirrors
from app.api.rest.pagination import MAX_POSITION
from app.domain.errors import InvalidInput
from app.services import events as service

MAX_EVENTS = 500


def _position(cursor: str | None) -> int:
    if cursor is None:
        return 0
    if not (cursor.isascii() and cursor.isdigit()) or int(cursor) > MAX_POSITION:
        raise InvalidInput.field("after", "This is not a cursor given out by the event feed.")
    return int(cursor)


@strawberry.type
class EventQueries:
    @strawberry.field(
        description="The events that involve your organisation, after `after`, in order.",
        extensions=mirrors("GET", "/events"),
    )
    async def events(
        self,
        info: strawberry.Info,
        after: Annotated[
            str | None, strawberry.argument(description="An event's cursor; none: from the start.")
        ] = None,
        first: Annotated[
            int, strawberry.argument(description=f"How many events: 1 to {MAX_EVENTS}.")
        ] = 100,
        types: Annotated[
            list[str] | None, strawberry.argument(description="Only events of these types.")
        ] = None,
    ) -> EventFeed:
        position = _position(after)
        if not 1 <= first <= MAX_EVENTS:
            raise InvalidInput.field("first", f"Ask for 1 to {MAX_EVENTS} events.")
        ctx = info.context
        rows = await service.feed(ctx.uow, ctx.actor, after=position, limit=first, types=types)
        events = [Event.of(r) for r in rows]
        return EventFeed(events=events, end_cursor=events[-1].cursor if events else str(position))
