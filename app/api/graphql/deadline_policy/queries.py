"""Reading the deadline policy in force."""

from __future__ import annotations

import strawberry

from app.api.graphql.deadline_policy.types import DeadlineRule
from app.api.graphql.permissions import mirrors
from app.services import deadlines as service


@strawberry.type
class DeadlinePolicyQueries:
    @strawberry.field(
        description="The durations in force per kind of item and urgency, with their legal basis.",
        extensions=mirrors("GET", "/deadline-policy"),
    )
    async def deadline_policy(self, info: strawberry.Info) -> list[DeadlineRule]:
        ctx = info.context
        return [DeadlineRule.of(r) for r in await service.policy(ctx.uow, ctx.actor)]
