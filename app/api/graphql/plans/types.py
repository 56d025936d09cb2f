"""A plan and its actions: what each institution will do for the child, by when."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import strawberry

from app.api.graphql.children.types import Child
from app.api.graphql.directory.types import Organisation, Professional
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Node
from app.api.graphql.rows import build_or_none
from app.persistence.tables.plans import Plan as PlanRow
from app.persistence.tables.plans import PlanAction as PlanActionRow


@strawberry.type(description="A single-agency or multi-agency plan for the child.")
class Plan(Node):
    row: strawberry.Private[PlanRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    scope: str
    case_id: uuid.UUID | None
    concern_id: uuid.UUID | None
    child_id: uuid.UUID
    organisation_id: uuid.UUID
    lead_professional_id: uuid.UUID
    status: str
    needs: str | None
    child_views: str | None
    parents_views: str | None
    review_interval_days: int | None
    review_due_on: date | None
    activated_at: datetime | None
    completed_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(extensions=mirrors("GET", "/children/{child_id}"))
    async def child(self, info: strawberry.Info) -> Child | None:
        return build_or_none(Child, await info.context.loaders.child.load(self.row.child_id))


@strawberry.type(description="One action of a plan, held by an institution.")
class PlanAction(Node):
    row: strawberry.Private[PlanActionRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    plan_id: uuid.UUID
    objective_id: uuid.UUID | None
    description: str
    service: str | None
    responsible_organisation_id: uuid.UUID
    responsible_professional_id: uuid.UUID | None
    due_on: date
    status: str
    completed_at: datetime | None
    note: str | None
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(extensions=mirrors("GET", "/organisations/{organisation_id}"))
    async def responsible_organisation(self, info: strawberry.Info) -> Organisation | None:
        row = await info.context.loaders.organisation.load(self.row.responsible_organisation_id)
        return build_or_none(Organisation, row)

    @strawberry.field(extensions=mirrors("GET", "/professionals/{professional_id}"))
    async def responsible_professional(self, info: strawberry.Info) -> Professional | None:
        if self.row.responsible_professional_id is None:
            return None
        row = await info.context.loaders.professional.load(self.row.responsible_professional_id)
        return build_or_none(Professional, row)

    @strawberry.field(extensions=mirrors("GET", "/plans/{plan_id}"))
    async def plan(self, info: strawberry.Info) -> Plan | None:
        return build_or_none(Plan, await info.context.loaders.plan.load(self.row.plan_id))
