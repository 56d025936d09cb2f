"""An identity review (is this the child we already know?) and a child merge."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.api.graphql.relay import Node
from app.domain.identity import legal_actions
from app.persistence.tables.identity import ChildMerge as MergeRow
from app.persistence.tables.identity import IdentityReview as ReviewRow


@strawberry.type(
    description="A child registered from a sector message who scored in the review band "
    "against a known child, for a social worker of the known child's territory to decide."
)
class IdentityReview(Node):
    row: strawberry.Private[ReviewRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    child_id: uuid.UUID = strawberry.field(description="The child registered from the message.")
    candidate_id: uuid.UUID = strawberry.field(description="The known child it may be.")
    score: float
    reasons: JSON = strawberry.field(description="The score's feature breakdown.")
    status: str = strawberry.field(description="open, same or different")
    territory_code: str
    merge_id: uuid.UUID | None
    decided_by_id: uuid.UUID | None
    decided_at: datetime | None
    created_at: datetime
    version: int

    @strawberry.field(description="`decide` while the review is open; nothing after.")
    def legal_actions(self) -> list[str]:
        return legal_actions(self.row.status)


@strawberry.type(
    description="One child's record merged into another's, with exactly which rows moved, so "
    "that it can be reverted."
)
class ChildMerge(Node):
    row: strawberry.Private[MergeRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    survivor_id: uuid.UUID
    merged_id: uuid.UUID
    moved: JSON = strawberry.field(description="Per table, the ids moved to the survivor.")
    merged_by_id: uuid.UUID | None
    merged_at: datetime
    reverted_by_id: uuid.UUID | None
    reverted_at: datetime | None
