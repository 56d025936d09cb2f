"""A break-the-glass opening: a record opened outside the opener's scope in an emergency."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from app.api.graphql.directory.types import Organisation, Professional
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Node
from app.api.graphql.rows import build_or_none
from app.persistence.tables.break_glass import BreakGlassOpening as OpeningRow
from app.services import break_glass as service


@strawberry.type(
    description="Who opened which record about which child, when, in which request (to find "
    "the read in the access log), why, and the data protection officer's review."
)
class BreakGlassOpening(Node):
    row: strawberry.Private[OpeningRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    professional_id: uuid.UUID
    organisation_id: uuid.UUID
    client_id: str | None
    record_kind: str
    record_id: uuid.UUID
    child_id: uuid.UUID
    reason: str
    opened_at: datetime
    request_id: str | None
    review_status: str = strawberry.field(description="pending, justified or unjustified")
    reviewed_by_id: uuid.UUID | None
    reviewed_at: datetime | None
    review_note: str | None
    version: int

    @strawberry.field(description="`review` while the opening is pending; nothing after.")
    def legal_actions(self) -> list[str]:
        return service.legal_actions(self.row)

    @strawberry.field(extensions=mirrors("GET", "/professionals/{professional_id}"))
    async def professional(self, info: strawberry.Info) -> Professional | None:
        row = await info.context.loaders.professional.load(self.row.professional_id)
        return build_or_none(Professional, row)

    @strawberry.field(extensions=mirrors("GET", "/organisations/{organisation_id}"))
    async def organisation(self, info: strawberry.Info) -> Organisation | None:
        row = await info.context.loaders.organisation.load(self.row.organisation_id)
        return build_or_none(Organisation, row)
