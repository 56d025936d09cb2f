import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.persistence.base import (
    UTCDateTime,
    Versioned,
    json_field,
    optional_timestamp,
    timestamp,
    uuid_pk,
)


class Observation(SQLModel, table=True):
    """Routine monitoring on the eight indicators, before (or without) any concern."""

    __tablename__ = "observations"

    id: uuid.UUID = uuid_pk()
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    professional_id: uuid.UUID = Field(foreign_key="professionals.id", index=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    observed_on: date
    ratings: dict[str, Any] = json_field()
    notes: str | None = None
    created_at: datetime = timestamp()


class Concern(Versioned, table=True):
    __tablename__ = "concerns"
    __table_args__ = (
        UniqueConstraint("source_system", "external_id"),
        Index("ix_concerns_created_at_id", "created_at", "id"),
        # Filters end with the keyset columns, so a page is read straight off the index. `due_at`
        # trails the status index: "undecided and late" is then checked inside the index.
        Index("ix_concerns_status_created_at_id_due_at", "status", "created_at", "id", "due_at"),
        Index("ix_concerns_urgency_created_at_id", "urgency", "created_at", "id"),
        Index("ix_concerns_organisation_id_created_at_id", "organisation_id", "created_at", "id"),
    )

    id: uuid.UUID = uuid_pk()
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    # None when a sector system raised it through its own OAuth client (see source_system).
    raised_by_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id", index=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id")
    sector: str = Field(max_length=40)
    description: str
    observed_at: datetime = Field(sa_type=UTCDateTime)
    child_words: str | None = None
    urgency: str = Field(max_length=20)
    risk_category: str | None = Field(default=None, max_length=60)
    five_questions: dict[str, Any] = json_field()
    status: str = Field(max_length=30)
    decision: str | None = Field(default=None, max_length=30)
    decided_at: datetime | None = optional_timestamp()
    closure_reason: str | None = None
    due_at: datetime | None = optional_timestamp()
    # Set by sector adapters: intake is idempotent on (source_system, external_id).
    source_system: str | None = Field(default=None, max_length=120)
    external_id: str | None = Field(default=None, max_length=200)


class ConcernIndicator(SQLModel, table=True):
    """Which indicators a concern is about; a table so that filters and dashboards use an index."""

    __tablename__ = "concern_indicators"

    concern_id: uuid.UUID = Field(foreign_key="concerns.id", primary_key=True)
    indicator: str = Field(max_length=20, primary_key=True, index=True)
