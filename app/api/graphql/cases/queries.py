"""Reading cases, and the signed-in professional's own caseload."""

from __future__ import annotations

import strawberry

from app.api.graphql.cases.types import Case
from app.api.graphql.inputs import input_type, to_command
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Connection, connection, page_request, uuid_of
from app.api.graphql.rows import build
from app.domain.cases import CaseSearch
from app.services import cases as service

CaseFilter = input_type(CaseSearch)


@strawberry.type
class CaseQueries:
    @strawberry.field(extensions=mirrors("GET", "/cases/{case_id}"))
    async def case(self, info: strawberry.Info, id: strawberry.ID) -> Case:
        ctx = info.context
        return build(Case, await service.get_case(ctx.uow, ctx.actor, uuid_of(id, "Case")))

    @strawberry.field(
        description="Cases you may see, newest first.", extensions=mirrors("GET", "/cases")
    )
    async def cases(
        self,
        info: strawberry.Info,
        filter: CaseFilter | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Case]:
        ctx = info.context
        page = page_request(first, after, last, before)
        query = to_command(CaseSearch, filter, root="filter")
        found = await service.search_cases(ctx.uow, ctx.actor, query, page)
        return connection(found, page, lambda r: build(Case, r))

    @strawberry.field(
        description="Your open cases: those you lead and those whose team you are on now, "
        "newest first. A case you have left, or that is closed, is not here.",
        # The same cases GET /cases would show you, narrowed to your own: its rule applies.
        extensions=mirrors("GET", "/cases"),
    )
    async def my_caseload(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Case]:
        ctx = info.context
        page = page_request(first, after, last, before)
        found = await service.caseload(ctx.uow, ctx.actor, page)
        return connection(
            found,
            page,
            lambda r: build(Case, r),
            count=lambda: service.caseload_size(ctx.uow, ctx.actor),
        )
