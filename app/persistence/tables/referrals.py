import uuid
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from app.persistence.base import Versioned, optional_timestamp, uuid_pk


class Referral(Versioned, table=True):
    __tablename__ = "referrals"
    __table_args__ = (
        Index("ix_referrals_status_due_at", "status", "due_at"),
        Index("ix_referrals_created_at_id", "created_at", "id"),
    )

    id: uuid.UUID = uuid_pk()
    concern_id: uuid.UUID = Field(foreign_key="concerns.id", index=True)
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    referred_by_id: uuid.UUID = Field(foreign_key="professionals.id", index=True)
    from_organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    to_organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    assignee_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id", index=True)
    urgency: str = Field(max_length=20)
    status: str = Field(max_length=20, index=True)
    reason: str
    response_reason: str | None = None
    responded_by_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id")
    responded_at: datetime | None = optional_timestamp()
    redirected_from_id: uuid.UUID | None = Field(default=None, foreign_key="referrals.id")
    redirected_to_id: uuid.UUID | None = Field(default=None, foreign_key="referrals.id")
    case_id: uuid.UUID | None = Field(default=None, foreign_key="cases.id", index=True)
    due_at: datetime | None = optional_timestamp()
