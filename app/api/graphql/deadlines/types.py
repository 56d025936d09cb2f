"""Deadlines: when an open item (a concern's decision, a case's stage, a plan's review) is due."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from app.api.graphql.children.types import Child
from app.api.graphql.permissions import mirrors
from app.api.graphql.plans.types import PlanAction
from app.api.graphql.relay import Connection, connection, page_request
from app.api.graphql.rows import build, build_or_none
from app.persistence.tables.deadlines import Deadline as DeadlineRow
from app.services import plans


@strawberry.type(description="An open item's due time, from the deadline policy.")
class Deadline:
    row: strawberry.Private[DeadlineRow]
    id: strawberry.ID = strawberry.field(
        description="Unique across the API, for client caches; not readable with `node`."
    )
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    kind: str = strawberry.field(description="What is due, e.g. case.complex_assessment.")
    subject_type: str = strawberry.field(description="concern, referral, case, assessment, plan.")
    subject_id: uuid.UUID
    child_id: uuid.UUID
    organisation_id: uuid.UUID | None
    assignee_id: uuid.UUID | None
    urgency: str
    started_at: datetime
    due_at: datetime
    met_at: datetime | None

    @strawberry.field(extensions=mirrors("GET", "/children/{child_id}"))
    async def child(self, info: strawberry.Info) -> Child | None:
        return build_or_none(Child, await info.context.loaders.child.load(self.row.child_id))


@strawberry.type(description="What of your own work is late.")
class MyOverdueItems:
    deadlines: list[Deadline] = strawberry.field(
        description="Open items assigned to you, past their due time, most overdue first."
    )

    @strawberry.field(
        description="Plan actions you are responsible for, still planned or started and past "
        "their due date, newest first.",
        extensions=mirrors("GET", "/plan-actions"),
    )
    async def plan_actions(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[PlanAction]:
        ctx = info.context
        page = page_request(first, after, last, before)
        # A page, not a relation of one record: no DataLoader batches it, so it takes its turn
        # on the request's session as a root field does.
        async with ctx.lock:
            found = await plans.list_actions(
                ctx.uow,
                ctx.actor,
                page,
                responsible_professional_id=ctx.actor.person(),
                overdue=True,
            )
        return connection(found, page, lambda r: build(PlanAction, r))
