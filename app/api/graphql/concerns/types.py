"""A concern: what a professional noticed about a child's well-being."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from app.api.graphql.children.types import Child
from app.api.graphql.directory.types import Organisation, Professional
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Node
from app.api.graphql.rows import build, build_or_none
from app.persistence.tables.concerns import Concern as ConcernRow
from app.services import concerns as service

if TYPE_CHECKING:
    from app.api.graphql.referrals.types import Referral

ReferralType = Annotated["Referral", strawberry.lazy("app.api.graphql.referrals.types")]


@strawberry.type(description="A well-being concern recorded by an institution.")
class Concern(Node):
    row: strawberry.Private[ConcernRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    child_id: uuid.UUID
    organisation_id: uuid.UUID
    raised_by_id: uuid.UUID | None
    sector: str
    description: str
    observed_at: datetime
    child_words: str | None
    urgency: str
    risk_category: str | None
    five_questions: JSON
    status: str
    decision: str | None
    decided_at: datetime | None
    closure_reason: str | None
    due_at: datetime | None
    source_system: str | None
    external_id: str | None
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(description="What may be done with the concern now.")
    def legal_actions(self) -> list[str]:
        return service.legal_actions(self.row)

    @strawberry.field(
        description="The indicators of the wheel the concern is about, in the wheel's order.",
        extensions=mirrors("GET", "/concerns/{concern_id}"),
    )
    async def indicators(self, info: strawberry.Info) -> list[str]:
        found: list[str] = await info.context.loaders.indicators_of_concern.load(self.row.id)
        return found

    @strawberry.field(extensions=mirrors("GET", "/children/{child_id}"))
    async def child(self, info: strawberry.Info) -> Child | None:
        return build_or_none(Child, await info.context.loaders.child.load(self.row.child_id))

    @strawberry.field(extensions=mirrors("GET", "/organisations/{organisation_id}"))
    async def organisation(self, info: strawberry.Info) -> Organisation | None:
        row = await info.context.loaders.organisation.load(self.row.organisation_id)
        return build_or_none(Organisation, row)

    @strawberry.field(
        description="Null when a sector system recorded it.",
        extensions=mirrors("GET", "/professionals/{professional_id}"),
    )
    async def raised_by(self, info: strawberry.Info) -> Professional | None:
        if self.row.raised_by_id is None:
            return None
        row = await info.context.loaders.professional.load(self.row.raised_by_id)
        return build_or_none(Professional, row)

    @strawberry.field(
        description="Its referrals you may see, oldest first.",
        extensions=mirrors("GET", "/referrals"),
    )
    async def referrals(self, info: strawberry.Info) -> list[ReferralType]:
        from app.api.graphql.referrals.types import Referral

        rows = await info.context.loaders.referrals_of_concern.load(self.row.id)
        return [build(Referral, r) for r in rows]


@strawberry.type(description="A referral made from the concern, as its raiser sees it.")
class ReportedReferral:
    database_id: uuid.UUID
    status: str
    to_organisation_id: uuid.UUID
    to_organisation_name: str
    created_at: datetime
    responded_at: datetime | None
    response_reason: str | None = strawberry.field(
        description="Only when the authority declined or redirected the referral."
    )
    redirected_to_id: uuid.UUID | None


@strawberry.type(description="The case the concern led to: its stage and, once closed, why.")
class ReportedCase:
    database_id: uuid.UUID
    stage: str
    opened_at: datetime
    closed_at: datetime | None
    closure_reason: str | None = strawberry.field(description="A coded category, not the note.")


@strawberry.type(description="A plan action the caller's institution is responsible for.")
class ReportedAction:
    database_id: uuid.UUID
    description: str
    status: str
    due_on: date


@strawberry.type(
    description="What followed a concern, for the institution that raised it: never "
    "assessments, notes, the team or other institutions' actions."
)
class ConcernStatusReport:
    concern_id: uuid.UUID
    status: str
    decision: str | None
    urgency: str
    updated_at: datetime
    referrals: list[ReportedReferral]
    case: ReportedCase | None
    actions: list[ReportedAction]
