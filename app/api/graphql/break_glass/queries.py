"""The data protection officer's list of break-the-glass openings."""

from __future__ import annotations

import strawberry

from app.api.graphql.break_glass.types import BreakGlassOpening
from app.api.graphql.inputs import input_type, to_command
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Connection, connection, page_request, uuid_of
from app.api.graphql.rows import build
from app.domain.break_glass import OpeningSearch
from app.services import break_glass as service

OpeningFilter = input_type(OpeningSearch)


@strawberry.type
class BreakGlassQueries:
    @strawberry.field(
        description="For the data protection officer; reading it is a disclosure, as it names "
        "the child.",
        extensions=mirrors("GET", "/break-glass-openings/{opening_id}"),
    )
    async def break_glass_opening(
        self, info: strawberry.Info, id: strawberry.ID
    ) -> BreakGlassOpening:
        ctx = info.context
        row = await service.get_opening(ctx.uow, ctx.actor, uuid_of(id, "BreakGlassOpening"))
        return build(BreakGlassOpening, row)

    @strawberry.field(
        description="Every record opened outside the opener's scope, newest first; "
        "`reviewStatus: pending` is the officer's work list. For the data protection officer.",
        extensions=mirrors("GET", "/break-glass-openings"),
    )
    async def break_glass_openings(
        self,
        info: strawberry.Info,
        filter: OpeningFilter | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[BreakGlassOpening]:
        ctx = info.context
        page = page_request(first, after, last, before)
        query = to_command(OpeningSearch, filter, root="filter")
        found = await service.search_openings(ctx.uow, ctx.actor, query, page)
        return connection(found, page, lambda r: build(BreakGlassOpening, r))
