"""Reading referrals."""

from __future__ import annotations

import strawberry

from app.api.graphql.inputs import input_type, to_command
from app.api.graphql.permissions import mirrors
from app.api.graphql.referrals.types import Referral
from app.api.graphql.relay import Connection, connection, page_request, uuid_of
from app.api.graphql.rows import build
from app.domain.referrals import ReferralSearch
from app.services import referrals as service

ReferralFilter = input_type(ReferralSearch)


@strawberry.type
class ReferralQueries:
    @strawberry.field(extensions=mirrors("GET", "/referrals/{referral_id}"))
    async def referral(self, info: strawberry.Info, id: strawberry.ID) -> Referral:
        ctx = info.context
        row = await service.get_referral(ctx.uow, ctx.actor, uuid_of(id, "Referral"))
        return build(Referral, row)

    @strawberry.field(
        description="Referrals you may see, newest first.",
        extensions=mirrors("GET", "/referrals"),
    )
    async def referrals(
        self,
        info: strawberry.Info,
        filter: ReferralFilter | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Referral]:
        ctx = info.context
        page = page_request(first, after, last, before)
        query = to_command(ReferralSearch, filter, root="filter")
        found = await service.search_referrals(ctx.uow, ctx.actor, query, page)
        return connection(found, page, lambda r: build(Referral, r))
