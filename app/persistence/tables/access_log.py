import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, Integer
from sqlmodel import Field, SQLModel

from app.persistence.base import UTCDateTime


class AccessLogEntry(SQLModel, table=True):
    """Who was shown which record, when, and why: append-only and hash-chained.

    A row is added unsealed in the transaction that answered the request; sealing (after commit,
    under a lock) gives it `seq`, `prev_hash` and `hash` once. The database refuses any later
    UPDATE of a sealed row and every DELETE (triggers in migration 0005).
    """

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_child_id_occurred_at", "child_id", "occurred_at"),)

    # Insertion order: sealing chains unsealed rows in this order.
    id: int | None = Field(
        default=None,
        sa_column=Column(
            BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
    )
    seq: int | None = Field(default=None, unique=True, sa_type=BigInteger)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    # None for a sector system, which is named by client_id.
    actor_id: uuid.UUID | None = None
    client_id: str | None = Field(default=None, max_length=120)
    organisation_id: uuid.UUID
    operation: str = Field(max_length=20)
    resource_type: str = Field(max_length=40)
    resource_id: str = Field(max_length=100)
    child_id: uuid.UUID | None = None
    purpose: str | None = Field(default=None, max_length=300)
    request_id: str | None = Field(default=None, max_length=100)
    prev_hash: str | None = Field(default=None, max_length=64)
    hash: str | None = Field(default=None, max_length=64)
