"""Reading a legal basis for sharing."""

from __future__ import annotations

import strawberry

from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import uuid_of
from app.api.graphql.rows import build
from app.api.graphql.sharing_bases.types import SharingBasis
from app.services import sharing_bases as service


@strawberry.type
class SharingBasisQueries:
    @strawberry.field(extensions=mirrors("GET", "/sharing-bases/{sharing_basis_id}"))
    async def sharing_basis(self, info: strawberry.Info, id: strawberry.ID) -> SharingBasis:
        ctx = info.context
        row = await service.get_sharing_basis(ctx.uow, ctx.actor, uuid_of(id, "SharingBasis"))
        return build(SharingBasis, row)
