"""Reading plans and their actions."""

from __future__ import annotations

import strawberry

from app.api.graphql.inputs import input_type, to_command
from app.api.graphql.permissions import mirrors
from app.api.graphql.plans.types import Plan, PlanAction
from app.api.graphql.relay import Connection, connection, page_request, uuid_of
from app.api.graphql.rows import build
from app.domain.plans import ActionSearch, PlanSearch
from app.services import plans as service

PlanFilter = input_type(PlanSearch)
ActionFilter = input_type(ActionSearch)


@strawberry.type
class PlanQueries:
    @strawberry.field(extensions=mirrors("GET", "/plans/{plan_id}"))
    async def plan(self, info: strawberry.Info, id: strawberry.ID) -> Plan:
        ctx = info.context
        return build(Plan, await service.get_plan(ctx.uow, ctx.actor, uuid_of(id, "Plan")))

    @strawberry.field(
        description="Plans you may see, newest first.", extensions=mirrors("GET", "/plans")
    )
    async def plans(
        self,
        info: strawberry.Info,
        filter: PlanFilter | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Plan]:
        ctx = info.context
        page = page_request(first, after, last, before)
        query = to_command(PlanSearch, filter, root="filter")
        found = await service.list_plans(
            ctx.uow,
            ctx.actor,
            page,
            case_id=query.case_id,
            concern_id=query.concern_id,
            child_id=query.child_id,
            status=query.status,
        )
        return connection(found, page, lambda r: build(Plan, r))

    @strawberry.field(
        description="One action of a plan; `node(id)` reads it by its id alone.",
        extensions=mirrors("GET", "/plans/{plan_id}/actions/{action_id}"),
    )
    async def plan_action(
        self, info: strawberry.Info, plan_id: strawberry.ID, id: strawberry.ID
    ) -> PlanAction:
        ctx = info.context
        plan = uuid_of(plan_id, "Plan", argument="planId")
        action = await service.get_action(ctx.uow, ctx.actor, plan, uuid_of(id, "PlanAction"))
        return build(PlanAction, action)

    @strawberry.field(
        description="What is expected of an institution or a professional, across the plans "
        "you may see, newest first.",
        extensions=mirrors("GET", "/plan-actions"),
    )
    async def plan_actions(
        self,
        info: strawberry.Info,
        filter: ActionFilter | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[PlanAction]:
        ctx = info.context
        page = page_request(first, after, last, before)
        query = to_command(ActionSearch, filter, root="filter")
        found = await service.list_actions(
            ctx.uow,
            ctx.actor,
            page,
            responsible_organisation_id=query.responsible_organisation_id,
            responsible_professional_id=query.responsible_professional_id,
            status=query.status,
            overdue=query.overdue,
        )
        return connection(found, page, lambda r: build(PlanAction, r))
