import uuid
from datetime import datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from app.persistence.base import UTCDateTime, optional_timestamp, timestamp, uuid_pk


class DeadlinePolicyRow(SQLModel, table=True):
    __tablename__ = "deadline_policies"
    __table_args__ = (UniqueConstraint("kind", "urgency"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    urgency: str = Field(max_length=20)
    amount: int
    unit: str = Field(max_length=20)
    legal_basis: str = ""
    updated_at: datetime = timestamp()


class Deadline(SQLModel, table=True):
    """Every open item's due time, in one place, so "what is overdue" is one indexed query."""

    __tablename__ = "deadlines"
    __table_args__ = (
        Index(
            "ix_deadlines_open_due_at",
            "due_at",
            sqlite_where=text("met_at IS NULL"),
            postgresql_where=text("met_at IS NULL"),
        ),
        Index("ix_deadlines_subject", "subject_type", "subject_id"),
        # "What is overdue here / for me": open items only, so history never slows them down.
        Index(
            "ix_deadlines_open_organisation_id_due_at",
            "organisation_id",
            "due_at",
            "id",
            sqlite_where=text("met_at IS NULL"),
            postgresql_where=text("met_at IS NULL"),
        ),
        Index(
            "ix_deadlines_open_assignee_id_due_at",
            "assignee_id",
            "due_at",
            "id",
            sqlite_where=text("met_at IS NULL"),
            postgresql_where=text("met_at IS NULL"),
        ),
    )

    id: uuid.UUID = uuid_pk()
    kind: str = Field(max_length=40)
    subject_type: str = Field(max_length=30)
    subject_id: uuid.UUID
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    organisation_id: uuid.UUID | None = Field(
        default=None, foreign_key="organisations.id", index=True
    )
    assignee_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id", index=True)
    urgency: str = Field(max_length=20)
    started_at: datetime = Field(sa_type=UTCDateTime)
    due_at: datetime = Field(sa_type=UTCDateTime)
    met_at: datetime | None = optional_timestamp()
