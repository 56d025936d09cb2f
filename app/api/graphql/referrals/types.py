"""A referral: a concern handed to the guardianship authority, and its answer."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from app.api.graphql.children.types import Child
from app.api.graphql.concerns.types import Concern
from app.api.graphql.directory.types import Organisation, Professional
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Node
from app.api.graphql.rows import build_or_none
from app.persistence.tables.referrals import Referral as ReferralRow
from app.services import referrals as service

if TYPE_CHECKING:
    from app.api.graphql.cases.types import Case

CaseType = Annotated["Case", strawberry.lazy("app.api.graphql.cases.types")]


@strawberry.type(description="A referral to a guardianship authority.")
class Referral(Node):
    row: strawberry.Private[ReferralRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    concern_id: uuid.UUID
    child_id: uuid.UUID
    referred_by_id: uuid.UUID | None
    from_organisation_id: uuid.UUID
    to_organisation_id: uuid.UUID
    assignee_id: uuid.UUID | None
    urgency: str
    status: str
    reason: str
    response_reason: str | None
    responded_at: datetime | None
    redirected_from_id: uuid.UUID | None
    redirected_to_id: uuid.UUID | None
    case_id: uuid.UUID | None
    due_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(description="What may be done with the referral now.")
    def legal_actions(self) -> list[str]:
        return service.legal_actions(self.row)

    @strawberry.field(extensions=mirrors("GET", "/children/{child_id}"))
    async def child(self, info: strawberry.Info) -> Child | None:
        return build_or_none(Child, await info.context.loaders.child.load(self.row.child_id))

    @strawberry.field(extensions=mirrors("GET", "/concerns/{concern_id}"))
    async def concern(self, info: strawberry.Info) -> Concern | None:
        return build_or_none(Concern, await info.context.loaders.concern.load(self.row.concern_id))

    @strawberry.field(extensions=mirrors("GET", "/organisations/{organisation_id}"))
    async def from_organisation(self, info: strawberry.Info) -> Organisation | None:
        row = await info.context.loaders.organisation.load(self.row.from_organisation_id)
        return build_or_none(Organisation, row)

    @strawberry.field(extensions=mirrors("GET", "/organisations/{organisation_id}"))
    async def to_organisation(self, info: strawberry.Info) -> Organisation | None:
        row = await info.context.loaders.organisation.load(self.row.to_organisation_id)
        return build_or_none(Organisation, row)

    @strawberry.field(extensions=mirrors("GET", "/professionals/{professional_id}"))
    async def assignee(self, info: strawberry.Info) -> Professional | None:
        if self.row.assignee_id is None:
            return None
        row = await info.context.loaders.professional.load(self.row.assignee_id)
        return build_or_none(Professional, row)

    @strawberry.field(
        description="The case the referral led to, if you may see it.",
        extensions=mirrors("GET", "/cases/{case_id}"),
    )
    async def case(self, info: strawberry.Info) -> CaseType | None:
        from app.api.graphql.cases.types import Case

        if self.row.case_id is None:
            return None
        return build_or_none(Case, await info.context.loaders.case.load(self.row.case_id))
