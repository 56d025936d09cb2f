import uuid
from datetime import date, datetime

from sqlmodel import Field

from app.persistence.base import Versioned, optional_timestamp, timestamp, uuid_pk


class SharingBasis(Versioned, table=True):
    """The legal basis on which a child's data is shared: a consent (who gave it, when, for what,
    until when; withdrawable) or the child-protection exemption (grounds and the provision).
    Referrals and team memberships point at it; a consent may serve several of them."""

    __tablename__ = "sharing_bases"

    id: uuid.UUID = uuid_pk()
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    kind: str = Field(max_length=40)  # consent | child_protection_exemption
    given_by_name: str | None = Field(default=None, max_length=200)
    given_by_relationship: str | None = Field(default=None, max_length=30)
    given_at: date | None = None
    purpose: str | None = None
    valid_until: date | None = None
    grounds: str | None = None
    legal_reference: str | None = Field(default=None, max_length=300)
    # None when a sector system recorded it (the consent it was given with its referral).
    recorded_by_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id")
    recorded_at: datetime = timestamp()
    withdrawn_at: datetime | None = optional_timestamp()
    withdrawn_by_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id")
    withdrawal_reason: str | None = None
