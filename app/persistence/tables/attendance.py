import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.persistence.base import JSONType, optional_timestamp, timestamp, uuid_pk


class AttendanceEvent(SQLModel, table=True):
    """One attendance record a school registry sent (Ed-Fi StudentSchoolAttendanceEvent).

    Keyed by what the registry says it is about, so a batch sent again changes nothing and a
    later send of the same record replaces its category. Pupils are kept by the registry's id
    (`student_unique_id`), known to us or not yet: the records accumulate until the child is."""

    __tablename__ = "attendance_events"
    __table_args__ = (Index("ix_attendance_events_message_id", "message_id"),)

    client_id: str = Field(foreign_key="oauth_clients.client_id", max_length=100, primary_key=True)
    school_id: str = Field(max_length=60, primary_key=True)
    student_unique_id: str = Field(max_length=60, primary_key=True)
    event_date: date = Field(primary_key=True)
    session: str = Field(default="", max_length=60, primary_key=True)
    """The session or section; empty for a whole-day record."""
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id")
    category: str = Field(max_length=30)
    duration: float | None = None
    message_id: uuid.UUID = Field(foreign_key="inbox_messages.id")
    """The batch that last changed the record."""
    recorded_at: datetime = timestamp()


class AttendanceAlert(SQLModel, table=True):
    """An episode of the attendance rule for one pupil at one school: remembered so that one
    concern is raised per episode, and kept `pending` while the pupil is not yet a child we
    know."""

    __tablename__ = "attendance_alerts"
    __table_args__ = (
        UniqueConstraint(
            "client_id",
            "school_id",
            "student_unique_id",
            "rule",
            "episode_start",
            name="uq_attendance_alerts_episode",
        ),
        Index("ix_attendance_alerts_client_id_status", "client_id", "status"),
    )

    id: uuid.UUID = uuid_pk()
    client_id: str = Field(foreign_key="oauth_clients.client_id", max_length=100)
    school_id: str = Field(max_length=60)
    student_unique_id: str = Field(max_length=60)
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id")
    rule: str = Field(max_length=30)
    episode_start: date
    last_held_on: date
    window_start: date
    window_end: date
    facts: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType, nullable=False)
    status: str = Field(max_length=20)
    """`pending` (the pupil is not yet known) or `raised`."""
    concern_id: uuid.UUID | None = Field(default=None, foreign_key="concerns.id")
    created_at: datetime = timestamp()
    raised_at: datetime | None = optional_timestamp()
