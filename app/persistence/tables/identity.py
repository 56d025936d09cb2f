"""Identity review tasks and child merges: the traces of deciding two records are one child."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.persistence.base import Versioned, json_field, optional_timestamp, timestamp, uuid_pk


class IdentityReview(Versioned, table=True):
    """A message's child scored in the middle band against a known child: a new child was
    registered, and a social worker of the territory decides whether the two are one."""

    __tablename__ = "identity_reviews"
    __table_args__ = (
        # The work list: open first (status), newest first, per territory, paged on the keyset.
        Index(
            "ix_identity_reviews_territory_code_status_created_at_id",
            "territory_code",
            "status",
            "created_at",
            "id",
        ),
        Index("ix_identity_reviews_status_created_at_id", "status", "created_at", "id"),
    )

    id: uuid.UUID = uuid_pk()
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    """The child registered from the message."""
    candidate_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    """The known child it may be."""
    score: float
    reasons: dict[str, Any] = json_field(default_factory=dict)
    status: str = Field(default="open", max_length=20)  # open | same | different
    territory_code: str = Field(foreign_key="territories.code", max_length=32)
    inbox_message_id: uuid.UUID | None = Field(default=None, foreign_key="inbox_messages.id")
    merge_id: uuid.UUID | None = Field(default=None, foreign_key="child_merges.id")
    decided_by_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id")
    decided_at: datetime | None = optional_timestamp()


class ChildMerge(SQLModel, table=True):
    """One child merged into another, with exactly which rows moved, so it can be undone."""

    __tablename__ = "child_merges"

    id: uuid.UUID = uuid_pk()
    survivor_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    merged_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    moved: dict[str, Any] = json_field(default_factory=dict)
    """Table name → ids re-pointed from the merged child to the survivor; "children.idnp" when
    the survivor took the merged child's IDNP."""
    merged_by_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id")
    merged_at: datetime = timestamp()
    reverted_by_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id")
    reverted_at: datetime | None = optional_timestamp()
