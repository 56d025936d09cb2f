"""An assessment of the child's well-being: for social-assistance roles only."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.api.graphql.relay import Node
from app.persistence.tables.assessments import Assessment as AssessmentRow
from app.services import assessments as service


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
