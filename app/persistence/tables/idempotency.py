from datetime import datetime
from typing import Any

from sqlalchemy import LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.persistence.base import UTCDateTime, json_field, timestamp


class IdempotencyRecord(SQLModel, table=True):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("principal", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    principal: str = Field(max_length=80)
    key: str = Field(max_length=255)
    method: str = Field(max_length=10)
    path: str = Field(max_length=500)
    request_hash: str = Field(max_length=64)
    completed: bool = False
    response_status: int | None = None
    response_headers: dict[str, Any] = json_field()
    response_body: bytes | None = Field(default=None, sa_type=LargeBinary)
    created_at: datetime = timestamp()
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
