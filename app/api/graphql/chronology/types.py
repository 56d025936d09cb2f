"""The child's chronology and well-being trajectory, as the REST reads show them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime

import strawberry

from app.api.graphql.directory.types import Professional
from app.api.graphql.permissions import mirrors
from app.api.graphql.positions import Position
from app.api.graphql.rows import build, build_or_none
from app.persistence.tables.events import StoredEvent
from app.persistence.tables.plans import WellbeingRating


@strawberry.type(
    description="One event of the child's chronology: a change recorded by the service, or a "
    "practitioner's note (`note.recorded`)."
)
class ChronologyEntry:
    row: strawberry.Private[StoredEvent]
    position: Position = strawberry.field(
        description="The event's place in the log; pass the last one shown as `before` to page on."
    )
    occurred_at: datetime
    type: str
    summary: str
    aggregate_type: str
    aggregate_id: uuid.UUID
    actor_id: uuid.UUID | None

    @strawberry.field(
        description="Who did it; null for a sector system.",
        extensions=mirrors("GET", "/professionals/{professional_id}"),
    )
    async def actor(self, info: strawberry.Info) -> Professional | None:
        if self.row.actor_id is None:
            return None
        row = await info.context.loaders.professional.load(self.row.actor_id)
        return build_or_none(Professional, row)


@strawberry.type(description="A page of the child's chronology, newest first.")
class Chronology:
    entries: list[ChronologyEntry]
    next_before: Position | None = strawberry.field(
        description="Pass it as `before` for the next (older) page; null on the last page."
    )


@strawberry.type(description="One rating of the child's well-being, and where it came from.")
class RatingPoint:
    recorded_on: date
    rating: int
    source_type: str = strawberry.field(description="assessment, review or observation")
    source_id: uuid.UUID


@strawberry.type(description="Every rating of one indicator or protective factor, oldest first.")
class RatingSeries:
    code: str
    points: list[RatingPoint]
    latest: RatingPoint | None


@strawberry.type(
    description="The eight indicators and five protective factors over time, each present even "
    "without a rating, so a chart shows the wheel's gaps as well as its points."
)
class WellbeingTrajectory:
    child_id: uuid.UUID
    indicators: list[RatingSeries]
    protective_factors: list[RatingSeries]


def series(grouped: Mapping[str, Sequence[WellbeingRating]]) -> list[RatingSeries]:
    out = []
    for code, rows in grouped.items():
        points = [build(RatingPoint, r) for r in rows]
        out.append(RatingSeries(code=code, points=points, latest=points[-1] if points else None))
    return out
