"""Finding and reading children."""

from __future__ import annotations

import strawberry

from app.api.graphql.children.types import Child
from app.api.graphql.inputs import input_type, to_command
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Connection, connection, page_request, uuid_of
from app.api.graphql.rows import build
from app.domain.children import ChildSearch
from app.services import children as service

ChildFilter = input_type(ChildSearch)


@strawberry.type
class ChildQueries:
    @strawberry.field(extensions=mirrors("GET", "/children/{child_id}"))
    async def child(self, info: strawberry.Info, id: strawberry.ID) -> Child:
        ctx = info.context
        row = await service.get_child(ctx.uow, ctx.actor, uuid_of(id, "Child"))
        return build(Child, row)

    @strawberry.field(
        description="Children you may see, newest first: by territory, by name (a prefix of "
        "family name then given name, case and diacritics ignored) or by IDNP.",
        extensions=mirrors("GET", "/children"),
    )
    async def children(
        self,
        info: strawberry.Info,
        filter: ChildFilter | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Child]:
        ctx = info.context
        page = page_request(first, after, last, before)
        query = to_command(ChildSearch, filter, root="filter")
        found = await service.search_children(ctx.uow, ctx.actor, query, page)
        return connection(found, page, lambda r: build(Child, r))
