"""The legal basis on which a child's data is shared: a consent or the child-protection
exemption."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import strawberry

from app.api.graphql.children.types import Child
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Node
from app.api.graphql.rows import build_or_none
from app.persistence.tables.sharing_bases import SharingBasis as SharingBasisRow
from app.services import sharing_bases as service


@strawberry.type(
    description="A consent (who gave it, when, for what, until when, whether withdrawn) or the "
    "child-protection exemption (grounds and the provision). Reading it is a disclosure of the "
    "child's data."
)
class SharingBasis(Node):
    row: strawberry.Private[SharingBasisRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    child_id: uuid.UUID
    kind: str = strawberry.field(description="consent or child_protection_exemption")
    given_by_name: str | None
    given_by_relationship: str | None
    given_at: date | None
    purpose: str | None
    valid_until: date | None
    grounds: str | None
    legal_reference: str | None
    recorded_by_id: uuid.UUID | None
    recorded_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by_id: uuid.UUID | None
    withdrawal_reason: str | None
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(
        description="Now: a consent is active, expired (after `validUntil`) or withdrawn; the "
        "exemption is always active."
    )
    def status(self) -> str:
        return service.status_of(self.row).value

    @strawberry.field(description="What may be done with the basis now.")
    def legal_actions(self) -> list[str]:
        return service.actions_of(self.row)

    @strawberry.field(extensions=mirrors("GET", "/children/{child_id}"))
    async def child(self, info: strawberry.Info) -> Child | None:
        return build_or_none(Child, await info.context.loaders.child.load(self.row.child_id))
