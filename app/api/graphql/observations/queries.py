"""Reading observations: they stay with the professional's institution."""

from __future__ import annotations

import strawberry

from app.api.graphql.observations.types import Observation
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Connection, connection, page_request, uuid_of
from app.api.graphql.rows import build
from app.services import observations as service


@strawberry.type
class ObservationQueries:
    @strawberry.field(extensions=mirrors("GET", "/observations/{observation_id}"))
    async def observation(self, info: strawberry.Info, id: strawberry.ID) -> Observation:
        ctx = info.context
        row = await service.get_observation(ctx.uow, ctx.actor, uuid_of(id, "Observation"))
        return build(Observation, row)

    @strawberry.field(
        description="Observations you may see, newest first; `childId` keeps one child's.",
        extensions=mirrors("GET", "/observations"),
    )
    async def observations(
        self,
        info: strawberry.Info,
        child_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Observation]:
        ctx = info.context
        page = page_request(first, after, last, before)
        child = None if child_id is None else uuid_of(child_id, "Child", argument="childId")
        found = await service.list_observations(ctx.uow, ctx.actor, child, page)
        return connection(found, page, lambda r: build(Observation, r))
