"""The signed-in professional's overdue work."""

from __future__ import annotations

import strawberry

from app.api.graphql.deadlines.types import Deadline, MyOverdueItems
from app.api.graphql.permissions import mirrors
from app.api.graphql.rows import build
from app.domain.errors import InvalidInput
from app.services import deadlines as service

MAX_DEADLINES = 500
"""As many as GET /deadlines/overdue gives at once."""


@strawberry.type
class DeadlineQueries:
    @strawberry.field(
        description="What of your own work is late: the open items assigned to you past their "
        "due time, and the plan actions you are responsible for past their due date.",
        extensions=mirrors("GET", "/deadlines/overdue"),
    )
    async def my_overdue_items(self, info: strawberry.Info, limit: int = 100) -> MyOverdueItems:
        if not 1 <= limit <= MAX_DEADLINES:
            raise InvalidInput.field("limit", f"Ask for 1 to {MAX_DEADLINES} items.")
        ctx = info.context
        rows = await service.overdue(
            ctx.uow, ctx.actor, limit=limit, assignee_id=ctx.actor.person()
        )
        return MyOverdueItems(deadlines=[build(Deadline, r) for r in rows])
