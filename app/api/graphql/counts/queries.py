"""Dashboard counts of concerns and of cases, each under the rule of the list it counts."""

from __future__ import annotations

import strawberry

from app.api.graphql.counts.types import Counts
from app.api.graphql.inputs import input_type, to_command
from app.api.graphql.permissions import mirrors
from app.domain.counts import CountDimension, CountFilter
from app.services import counts as service

CountFilterInput = input_type(CountFilter)


@strawberry.type
class CountQueries:
    @strawberry.field(
        description="How many concerns you may see there are per territory (of the recording "
        "institution), indicator or month; a concern about several indicators counts under "
        "each. Groups under `minimum` are suppressed.",
        extensions=mirrors("GET", "/concerns"),
    )
    async def concern_counts(
        self,
        info: strawberry.Info,
        by: list[CountDimension],
        filter: CountFilterInput | None = None,  # type: ignore[valid-type]
    ) -> Counts:
        ctx = info.context
        query = to_command(CountFilter, filter, root="filter")
        dimensions, groups = await service.concern_counts(ctx.uow, ctx.actor, by, query)
        return Counts.of(dimensions, groups)

    @strawberry.field(
        description="How many cases you may see there are per territory, stage or month. "
        "Groups under `minimum` are suppressed.",
        extensions=mirrors("GET", "/cases"),
    )
    async def case_counts(
        self,
        info: strawberry.Info,
        by: list[CountDimension],
        filter: CountFilterInput | None = None,  # type: ignore[valid-type]
    ) -> Counts:
        ctx = info.context
        query = to_command(CountFilter, filter, root="filter")
        dimensions, groups = await service.case_counts(ctx.uow, ctx.actor, by, query)
        return Counts.of(dimensions, groups)
