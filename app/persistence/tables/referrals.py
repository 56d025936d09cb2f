import uuid
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from app.persistence.base import Versioned, optional_timestamp, uuid_pk


class Referral(Versioned, table=True):
    __tablename__ = "referrals"
    __table_args__ = (
        Index("ix_referrals_created_at_id", "created_at", "id"),
        # Filters end with the keyset columns, so a page is read straight off the index. `due_at`
        # trails the status index: "still waiting and late" is then checked inside the index.
        Index("ix_referrals_status_created_at_id_due_at", "status", "created_at", "id", "due_at"),
        Index("ix_referrals_assignee_id_created_at_id", "assignee_id", "created_at", "id"),
        Index(
            "ix_referrals_to_organisation_id_created_at_id",
            "to_organisation_id",
            "created_at",
            "id",
        ),
        Index(
            "ix_referrals_from_organisation_id_created_at_id",
            "from_organisation_id",
            "created_at",
            "id",
        ),
    )

    id: uuid.UUID = uuid_pk()
    concern_id: uuid.UUID = Field(foreign_key="concerns.id", index=True)
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    # None when a sector system sent it.
    referred_by_id: uuid.UUID | None = Field(
        default=None, foreign_key="professionals.id", index=True
    )
    from_organisation_id: uuid.UUID = Field(foreign_key="organisations.id")
    to_organisation_id: uuid.UUID = Field(foreign_key="organisations.id")
    assignee_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id")
    urgency: str = Field(max_length=20)
    status: str = Field(max_length=20)
    reason: str
    response_reason: str | None = None
    responded_by_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id")
    responded_at: datetime | None = optional_timestamp()
    redirected_from_id: uuid.UUID | None = Field(default=None, foreign_key="referrals.id")
    redirected_to_id: uuid.UUID | None = Field(default=None, foreign_key="referrals.id")
    case_id: uuid.UUID | None = Field(default=None, foreign_key="cases.id", index=True)
    due_at: datetime | None = optional_timestamp()
    # Null only on referrals made before the legal basis was recorded (migration 0007).
    sharing_basis_id: uuid.UUID | None = Field(
        default=None, foreign_key="sharing_bases.id", index=True
    )
