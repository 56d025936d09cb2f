"""A plan and its actions: what each institution will do for the child, by when."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from app.api.graphql.children.types import Child
from app.api.graphql.concerns.types import Concern
from app.api.graphql.directory.types import Organisation, Professional
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Node
from app.api.graphql.rows import build, build_or_none
from app.domain.plans import ACTION_MACHINE, PLAN_MACHINE, ActionStatus, PlanStatus, is_overdue
from app.domain.plans import today as plan_today
from app.persistence.tables.plans import Plan as PlanRow
from app.persistence.tables.plans import PlanAction as PlanActionRow
from app.persistence.tables.plans import PlanObjective as PlanObjectiveRow
from app.persistence.tables.plans import Review as ReviewRow

if TYPE_CHECKING:
    from app.api.graphql.cases.types import Case

CaseType = Annotated["Case", strawberry.lazy("app.api.graphql.cases.types")]


@strawberry.type(description="What a plan aims at, tied to one well-being indicator.")
class PlanObjective:
    row: strawberry.Private[PlanObjectiveRow]
    id: strawberry.ID = strawberry.field(
        description="Unique across the API, for client caches; not readable with `node`."
    )
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    plan_id: uuid.UUID
    indicator: str
    description: str
    expected_outcome: str | None
    created_at: datetime


@strawberry.type(description="A review of a plan in force: progress, ratings, the next date.")
class Review:
    row: strawberry.Private[ReviewRow]
    id: strawberry.ID = strawberry.field(
        description="Unique across the API, for client caches; not readable with `node`."
    )
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    plan_id: uuid.UUID
    child_id: uuid.UUID
    author_id: uuid.UUID
    held_on: date
    progress: str
    indicator_ratings: JSON
    protective_factors: JSON
    child_views: str | None
    decision: str
    next_review_on: date | None
    created_at: datetime

    @strawberry.field(extensions=mirrors("GET", "/professionals/{professional_id}"))
    async def author(self, info: strawberry.Info) -> Professional | None:
        row = await info.context.loaders.professional.load(self.row.author_id)
        return build_or_none(Professional, row)


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

    @strawberry.field(description="What may be done with the action now.")
    def legal_actions(self) -> list[str]:
        return ACTION_MACHINE.legal_actions(ActionStatus(self.row.status))

    @strawberry.field(description="Still planned or started, and past its due date.")
    def overdue(self) -> bool:
        return is_overdue(ActionStatus(self.row.status), self.row.due_on, plan_today())

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

    @strawberry.field(description="What may be done with the plan now.")
    def legal_actions(self) -> list[str]:
        return PLAN_MACHINE.legal_actions(PlanStatus(self.row.status))

    @strawberry.field(extensions=mirrors("GET", "/children/{child_id}"))
    async def child(self, info: strawberry.Info) -> Child | None:
        return build_or_none(Child, await info.context.loaders.child.load(self.row.child_id))

    @strawberry.field(
        description="The case whose child's plan this is, if you may see it.",
        extensions=mirrors("GET", "/cases/{case_id}"),
    )
    async def case(self, info: strawberry.Info) -> CaseType | None:
        from app.api.graphql.cases.types import Case

        if self.row.case_id is None:
            return None
        return build_or_none(Case, await info.context.loaders.case.load(self.row.case_id))

    @strawberry.field(
        description="The concern a single-agency plan meets, if you may see it.",
        extensions=mirrors("GET", "/concerns/{concern_id}"),
    )
    async def concern(self, info: strawberry.Info) -> Concern | None:
        if self.row.concern_id is None:
            return None
        return build_or_none(Concern, await info.context.loaders.concern.load(self.row.concern_id))

    @strawberry.field(extensions=mirrors("GET", "/organisations/{organisation_id}"))
    async def organisation(self, info: strawberry.Info) -> Organisation | None:
        row = await info.context.loaders.organisation.load(self.row.organisation_id)
        return build_or_none(Organisation, row)

    @strawberry.field(extensions=mirrors("GET", "/professionals/{professional_id}"))
    async def lead_professional(self, info: strawberry.Info) -> Professional | None:
        row = await info.context.loaders.professional.load(self.row.lead_professional_id)
        return build_or_none(Professional, row)

    @strawberry.field(
        description="The plan's objectives, oldest first.",
        extensions=mirrors("GET", "/plans/{plan_id}"),
    )
    async def objectives(self, info: strawberry.Info) -> list[PlanObjective]:
        rows = await info.context.loaders.objectives_of_plan.load(self.row.id)
        return [build(PlanObjective, r) for r in rows]

    @strawberry.field(
        description="The plan's actions, oldest first.",
        extensions=mirrors("GET", "/plans/{plan_id}"),
    )
    async def actions(self, info: strawberry.Info) -> list[PlanAction]:
        rows = await info.context.loaders.actions_of_plan.load(self.row.id)
        return [build(PlanAction, r) for r in rows]

    @strawberry.field(
        description="The plan's reviews, oldest first.",
        extensions=mirrors("GET", "/plans/{plan_id}/reviews"),
    )
    async def reviews(self, info: strawberry.Info) -> list[Review]:
        rows = await info.context.loaders.reviews_of_plan.load(self.row.id)
        return [build(Review, r) for r in rows]
