"""An assessment of the child's well-being: for social-assistance roles only."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from app.api.graphql.children.types import Child
from app.api.graphql.directory.types import Professional
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Node
from app.api.graphql.rows import build_or_none
from app.domain.assessments import stored_quadrant
from app.persistence.tables.assessments import Assessment as AssessmentRow
from app.services import assessments as service

if TYPE_CHECKING:
    from app.api.graphql.cases.types import Case

CaseType = Annotated["Case", strawberry.lazy("app.api.graphql.cases.types")]


@strawberry.type(description="An initial or complex assessment within a case.")
class Assessment(Node):
    row: strawberry.Private[AssessmentRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    case_id: uuid.UUID
    child_id: uuid.UUID
    kind: str
    revision: int
    supersedes_id: uuid.UUID | None
    status: str
    author_id: uuid.UUID
    indicator_ratings: JSON
    my_world_triangle: JSON
    protective_factors: JSON
    resilience: JSON
    child_views: str | None
    parents_views: str | None
    summary: str | None
    submitted_at: datetime | None
    decided_by_id: uuid.UUID | None
    decided_at: datetime | None
    return_reason: str | None
    due_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(description="What may be done with the assessment now.")
    def legal_actions(self) -> list[str]:
        return service.legal_actions(self.row)

    @strawberry.field(
        description="Where the resilience score puts the child (e.g. resilient_adverse); null "
        "until both axes are scored."
    )
    def resilience_quadrant(self) -> str | None:
        quadrant = stored_quadrant(self.row.resilience)
        return None if quadrant is None else quadrant.value

    @strawberry.field(extensions=mirrors("GET", "/cases/{case_id}"))
    async def case(self, info: strawberry.Info) -> CaseType | None:
        from app.api.graphql.cases.types import Case

        return build_or_none(Case, await info.context.loaders.case.load(self.row.case_id))

    @strawberry.field(extensions=mirrors("GET", "/children/{child_id}"))
    async def child(self, info: strawberry.Info) -> Child | None:
        return build_or_none(Child, await info.context.loaders.child.load(self.row.child_id))

    @strawberry.field(extensions=mirrors("GET", "/professionals/{professional_id}"))
    async def author(self, info: strawberry.Info) -> Professional | None:
        row = await info.context.loaders.professional.load(self.row.author_id)
        return build_or_none(Professional, row)

    @strawberry.field(
        description="The supervisor who approved or returned it.",
        extensions=mirrors("GET", "/professionals/{professional_id}"),
    )
    async def decided_by(self, info: strawberry.Info) -> Professional | None:
        if self.row.decided_by_id is None:
            return None
        row = await info.context.loaders.professional.load(self.row.decided_by_id)
        return build_or_none(Professional, row)
