"""Reading assessments: for social-assistance roles only, as the access policy says."""

from __future__ import annotations

import strawberry

from app.api.graphql.assessments.types import Assessment
from app.api.graphql.inputs import input_type, to_command
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Connection, connection, page_request, uuid_of
from app.api.graphql.rows import build
from app.domain.assessments import AssessmentSearch
from app.services import assessments as service

AssessmentFilter = input_type(AssessmentSearch)


@strawberry.type
class AssessmentQueries:
    @strawberry.field(extensions=mirrors("GET", "/assessments/{assessment_id}"))
    async def assessment(self, info: strawberry.Info, id: strawberry.ID) -> Assessment:
        ctx = info.context
        ident = uuid_of(id, "Assessment")
        return build(Assessment, await service.get_assessment(ctx.uow, ctx.actor, ident))

    @strawberry.field(
        description="Assessments you may see, newest first.",
        extensions=mirrors("GET", "/assessments"),
    )
    async def assessments(
        self,
        info: strawberry.Info,
        filter: AssessmentFilter | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Assessment]:
        ctx = info.context
        page = page_request(first, after, last, before)
        query = to_command(AssessmentSearch, filter, root="filter")
        found = await service.search_assessments(ctx.uow, ctx.actor, query, page)
        return connection(found, page, lambda r: build(Assessment, r))
