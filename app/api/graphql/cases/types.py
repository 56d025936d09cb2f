"""A case: the guardianship authority's work with a child and the team around the child."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from app.api.graphql.children.types import Child
from app.api.graphql.directory.types import Organisation, Professional
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Node
from app.api.graphql.rows import build, build_or_none
from app.persistence.tables.cases import Case as CaseRow
from app.persistence.tables.cases import TeamMember as TeamMemberRow
from app.services import cases as service

if TYPE_CHECKING:
    from app.api.graphql.assessments.types import Assessment
    from app.api.graphql.plans.types import Plan, PlanAction
    from app.api.graphql.referrals.types import Referral

ReferralType = Annotated["Referral", strawberry.lazy("app.api.graphql.referrals.types")]
PlanType = Annotated["Plan", strawberry.lazy("app.api.graphql.plans.types")]
PlanActionType = Annotated["PlanAction", strawberry.lazy("app.api.graphql.plans.types")]
AssessmentType = Annotated["Assessment", strawberry.lazy("app.api.graphql.assessments.types")]


@strawberry.type(description="A member of the team around the child.")
class TeamMember:
    row: strawberry.Private[TeamMemberRow]
    id: strawberry.ID = strawberry.field(
        description="Unique across the API, for client caches; not readable with `node`."
    )
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    case_id: uuid.UUID
    professional_id: uuid.UUID
    organisation_id: uuid.UUID
    role: str
    joined_at: datetime
    left_at: datetime | None
    sharing_basis_id: uuid.UUID | None = strawberry.field(
        description="The legal basis the member shares the child's data on; null on memberships "
        "that began before bases were recorded."
    )

    @strawberry.field(extensions=mirrors("GET", "/professionals/{professional_id}"))
    async def professional(self, info: strawberry.Info) -> Professional | None:
        row = await info.context.loaders.professional.load(self.row.professional_id)
        return build_or_none(Professional, row)

    @strawberry.field(extensions=mirrors("GET", "/organisations/{organisation_id}"))
    async def organisation(self, info: strawberry.Info) -> Organisation | None:
        row = await info.context.loaders.organisation.load(self.row.organisation_id)
        return build_or_none(Organisation, row)


@strawberry.type(description="A case run by a guardianship authority.")
class Case(Node):
    row: strawberry.Private[CaseRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    child_id: uuid.UUID
    territory_code: str
    responsible_organisation_id: uuid.UUID
    lead_professional_id: uuid.UUID | None
    opened_via: str
    urgency: str
    level_of_need: str
    stage: str
    stage_entered_at: datetime
    due_at: datetime | None
    closure_reason: str | None
    closure_note: str | None
    closed_at: datetime | None
    reopen_count: int
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(description="What may be done with the case now.")
    def legal_actions(self) -> list[str]:
        return service.legal_actions(self.row)

    @strawberry.field(extensions=mirrors("GET", "/children/{child_id}"))
    async def child(self, info: strawberry.Info) -> Child | None:
        return build_or_none(Child, await info.context.loaders.child.load(self.row.child_id))

    @strawberry.field(extensions=mirrors("GET", "/professionals/{professional_id}"))
    async def lead_professional(self, info: strawberry.Info) -> Professional | None:
        if self.row.lead_professional_id is None:
            return None
        row = await info.context.loaders.professional.load(self.row.lead_professional_id)
        return build_or_none(Professional, row)

    @strawberry.field(extensions=mirrors("GET", "/organisations/{organisation_id}"))
    async def responsible_organisation(self, info: strawberry.Info) -> Organisation | None:
        row = await info.context.loaders.organisation.load(self.row.responsible_organisation_id)
        return build_or_none(Organisation, row)

    @strawberry.field(
        description="The present members of the team around the child; with `includeFormer`, "
        "those who have left as well.",
        extensions=mirrors("GET", "/cases/{case_id}/team"),
    )
    async def team(self, info: strawberry.Info, include_former: bool = False) -> list[TeamMember]:
        loaders = info.context.loaders
        loader = loaders.whole_team_of_case if include_former else loaders.team_of_case
        rows = await loader.load(self.row.id)
        return [build(TeamMember, r) for r in rows]

    @strawberry.field(
        description="The referrals that led to the case, those you may see.",
        extensions=mirrors("GET", "/referrals"),
    )
    async def referrals(self, info: strawberry.Info) -> list[ReferralType]:
        from app.api.graphql.referrals.types import Referral

        rows = await info.context.loaders.referrals_of_case.load(self.row.id)
        return [build(Referral, r) for r in rows]

    @strawberry.field(
        description="The case's plans you may see.", extensions=mirrors("GET", "/plans")
    )
    async def plans(self, info: strawberry.Info) -> list[PlanType]:
        from app.api.graphql.plans.types import Plan

        rows = await info.context.loaders.plans_of_case.load(self.row.id)
        return [build(Plan, r) for r in rows]

    @strawberry.field(
        description="The actions of the case's plans, soonest due first.",
        extensions=mirrors("GET", "/plan-actions"),
    )
    async def plan_actions(self, info: strawberry.Info) -> list[PlanActionType]:
        from app.api.graphql.plans.types import PlanAction

        rows = await info.context.loaders.actions_of_case.load(self.row.id)
        return [build(PlanAction, r) for r in rows]

    @strawberry.field(
        description="Assessments: only for social-assistance roles, as in REST.",
        extensions=mirrors("GET", "/assessments"),
    )
    async def assessments(self, info: strawberry.Info) -> list[AssessmentType]:
        from app.api.graphql.assessments.types import Assessment

        rows = await info.context.loaders.assessments_of_case.load(self.row.id)
        return [build(Assessment, r) for r in rows]
