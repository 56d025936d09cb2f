import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field

from app.persistence.base import Versioned, json_field, optional_timestamp, uuid_pk


class Assessment(Versioned, table=True):
    """Initial or complex assessment. Approved rows are never changed; a revision is a new row."""

    __tablename__ = "assessments"
    # An approved assessment has at most one revision; of two revisions racing, the second
    # one's flush fails (409). Drafts that revise nothing (NULL) are not counted.
    __table_args__ = (Index("uq_assessments_supersedes_id", "supersedes_id", unique=True),)

    id: uuid.UUID = uuid_pk()
    case_id: uuid.UUID = Field(foreign_key="cases.id", index=True)
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    kind: str = Field(max_length=20)  # initial | complex
    revision: int = 1
    supersedes_id: uuid.UUID | None = Field(default=None, foreign_key="assessments.id")
    status: str = Field(max_length=20, index=True)
    author_id: uuid.UUID = Field(foreign_key="professionals.id", index=True)
    indicator_ratings: dict[str, Any] = json_field()
    my_world_triangle: dict[str, Any] = json_field()
    protective_factors: dict[str, Any] = json_field()
    resilience: dict[str, Any] = json_field()
    child_views: str | None = None
    parents_views: str | None = None
    summary: str | None = None
    submitted_at: datetime | None = optional_timestamp()
    decided_by_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id")
    decided_at: datetime | None = optional_timestamp()
    return_reason: str | None = None
    due_at: datetime | None = optional_timestamp()
