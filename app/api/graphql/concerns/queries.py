"""Reading concerns, and what followed one for the institution that raised it."""

from __future__ import annotations

import strawberry

from app.api.graphql.concerns.types import (
    Concern,
    ConcernStatusReport,
    ReportedAction,
    ReportedCase,
    ReportedReferral,
)
from app.api.graphql.inputs import input_type, to_command
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Connection, connection, page_request, uuid_of
from app.api.graphql.rows import build, build_or_none
from app.domain.concerns import ConcernSearch
from app.services import concern_status
from app.services import concerns as service

ConcernFilter = input_type(ConcernSearch)


@strawberry.type
class ConcernQueries:
    @strawberry.field(extensions=mirrors("GET", "/concerns/{concern_id}"))
    async def concern(self, info: strawberry.Info, id: strawberry.ID) -> Concern:
        ctx = info.context
        row = await service.get_concern(ctx.uow, ctx.actor, uuid_of(id, "Concern"))
        return build(Concern, row)

    @strawberry.field(
        description="Concerns you may see, newest first; `overdue` keeps the undecided ones "
        "past their decision deadline.",
        extensions=mirrors("GET", "/concerns"),
    )
    async def concerns(
        self,
        info: strawberry.Info,
        filter: ConcernFilter | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Concern]:
        ctx = info.context
        page = page_request(first, after, last, before)
        query = to_command(ConcernSearch, filter, root="filter")
        found = await service.search_concerns(ctx.uow, ctx.actor, query, page)
        return connection(found, page, lambda r: build(Concern, r))

    @strawberry.field(
        description="What followed the concern `id`, for the institution that raised it (a "
        "professional or its sector system). Not a record opening: break-the-glass does not "
        "apply.",
        extensions=mirrors("GET", "/concerns/{concern_id}/status"),
    )
    async def concern_status(self, info: strawberry.Info, id: strawberry.ID) -> ConcernStatusReport:
        ctx = info.context
        found = await concern_status.concern_status(ctx.uow, ctx.actor, uuid_of(id, "Concern"))
        concern = found.concern
        return ConcernStatusReport(
            concern_id=concern.id,
            status=concern.status,
            decision=concern.decision,
            urgency=concern.urgency,
            updated_at=concern.updated_at,
            referrals=[build(ReportedReferral, r) for r in found.referrals],
            case=build_or_none(ReportedCase, found.case),
            actions=[build(ReportedAction, a) for a in found.actions],
        )
