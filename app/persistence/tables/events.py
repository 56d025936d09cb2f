import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Integer
from sqlmodel import Field, SQLModel

from app.persistence.base import UTCDateTime, json_field


class StoredEvent(SQLModel, table=True):
    """The event log. `position` gives one total order for feeds and subscriptions."""

    __tablename__ = "domain_events"
    __table_args__ = (
        Index("ix_domain_events_child_id_occurred_at", "child_id", "occurred_at"),
        Index("ix_domain_events_aggregate", "aggregate_type", "aggregate_id"),
    )

    position: int | None = Field(
        default=None,
        sa_column=Column(
            BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
    )
    id: uuid.UUID = Field(unique=True)
    type: str = Field(max_length=60, index=True)
    aggregate_type: str = Field(max_length=30)
    aggregate_id: uuid.UUID
    aggregate_version: int | None = None
    child_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None
    organisation_ids: list[str] = json_field(default_factory=list)
    summary: str
    payload: dict[str, Any] = json_field()
    occurred_at: datetime = Field(sa_type=UTCDateTime)
