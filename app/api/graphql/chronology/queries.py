"""Reading a child's chronology and well-being trajectory."""

from __future__ import annotations

import strawberry

from app.api.graphql.chronology.types import (
    Chronology,
    ChronologyEntry,
    WellbeingTrajectory,
    series,
)
from app.api.graphql.permissions import mirrors
from app.api.graphql.positions import Position, checked_page
from app.api.graphql.relay import uuid_of
from app.api.graphql.rows import build
from app.services import chronology as service


@strawberry.type
class ChronologyQueries:
    @strawberry.field(
        description="The child's chronology: everything recorded about the child, and notes, "
        "newest first. Those running the child's case see all of it; an institution's "
        "designated person sees the institution's own part.",
        extensions=mirrors("GET", "/children/{child_id}/chronology"),
    )
    async def chronology(
        self,
        info: strawberry.Info,
        child_id: strawberry.ID,
        limit: int = 50,
        before: Position | None = None,
        types: list[str] | None = None,
    ) -> Chronology:
        ctx = info.context
        checked_page(limit, before)
        found = await service.timeline(
            ctx.uow,
            ctx.actor,
            uuid_of(child_id, "Child", argument="childId"),
            limit=limit,
            before=before,
            types=types,
        )
        return Chronology(
            entries=[build(ChronologyEntry, e) for e in found.rows],
            next_before=None if found.next_before is None else Position(found.next_before),
        )

    @strawberry.field(
        description="The child's well-being trajectory: every rating from approved "
        "assessments, reviews and observations, oldest first.",
        extensions=mirrors("GET", "/children/{child_id}/wellbeing"),
    )
    async def wellbeing(
        self, info: strawberry.Info, child_id: strawberry.ID
    ) -> WellbeingTrajectory:
        ctx = info.context
        found = await service.trajectory(
            ctx.uow, ctx.actor, uuid_of(child_id, "Child", argument="childId")
        )
        return WellbeingTrajectory(
            child_id=found.child_id,
            indicators=series(found.indicators),
            protective_factors=series(found.protective_factors),
        )
