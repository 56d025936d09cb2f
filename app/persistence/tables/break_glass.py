import uuid
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from app.persistence.base import Versioned, optional_timestamp, timestamp, uuid_pk


class BreakGlassOpening(Versioned, table=True):
    """A record opened outside the opener's scope in an emergency, with the reason they gave.

    The read itself is in the access log like every other; this row is the flag that puts it in
    front of the data protection officer, who reviews it. It is not part of the hash chain because
    its review is meant to change.
    """

    __tablename__ = "break_glass_openings"
    __table_args__ = (
        Index("ix_break_glass_openings_review_status_opened_at", "review_status", "opened_at"),
        # The review list pages on (created_at, id), newest first, with or without a status:
        # the status filter ends with the keyset columns, so a page is read straight off the index.
        # A child has few openings: its own index on child_id is enough for that filter.
        Index("ix_break_glass_openings_created_at_id", "created_at", "id"),
        Index(
            "ix_break_glass_openings_review_status_created_at_id",
            "review_status",
            "created_at",
            "id",
        ),
    )

    id: uuid.UUID = uuid_pk()
    professional_id: uuid.UUID = Field(foreign_key="professionals.id", index=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id")
    client_id: str | None = Field(default=None, max_length=120)
    record_kind: str = Field(max_length=40)
    record_id: uuid.UUID
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    reason: str = Field(max_length=1000)
    opened_at: datetime = timestamp()
    request_id: str | None = Field(default=None, max_length=100)
    review_status: str = Field(default="pending", max_length=20)
    reviewed_by_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id")
    reviewed_at: datetime | None = optional_timestamp()
    review_note: str | None = Field(default=None, max_length=2000)
