import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.persistence.base import JSONType, optional_timestamp, timestamp, uuid_pk


class InboxMessage(SQLModel, table=True):
    """Every message a sector system sent, kept raw with what became of it.

    Written in a transaction of its own before the message is processed, so a message that
    cannot be mapped is still here, visible to its sender and an administrator, correctable and
    re-processable (`app.services.intake`)."""

    __tablename__ = "inbox_messages"
    __table_args__ = (
        Index("ix_inbox_messages_client_id_created_at_id", "client_id", "created_at", "id"),
        Index("ix_inbox_messages_status_created_at_id", "status", "created_at", "id"),
        Index("ix_inbox_messages_client_id_external_id", "client_id", "external_id"),
    )

    id: uuid.UUID = uuid_pk()
    client_id: str = Field(foreign_key="oauth_clients.client_id", max_length=100)
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id")
    channel: str = Field(max_length=60)
    """Which adapter took it in (`school.concern`, `fhir.transaction`, `police.xml` …)."""
    content_type: str = Field(max_length=120)
    body: str = Field(sa_type=Text)
    external_id: str | None = Field(default=None, max_length=200)
    status: str = Field(max_length=20)
    problem: dict[str, Any] | None = Field(default=None, sa_type=JSONType, nullable=True)
    """Why it failed: the problem document the sender was answered with."""
    attempts: int = 0
    concern_id: uuid.UUID | None = Field(default=None, foreign_key="concerns.id", index=True)
    referral_id: uuid.UUID | None = Field(default=None, foreign_key="referrals.id")
    child_id: uuid.UUID | None = Field(default=None, foreign_key="children.id", index=True)
    match_method: str | None = Field(default=None, max_length=20)
    created_at: datetime = timestamp()
    processed_at: datetime | None = optional_timestamp()
    corrected_at: datetime | None = optional_timestamp()
    corrected_by_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id")


class OrganisationIdentifier(SQLModel, table=True):
    """An id a sector system holds for one of our organisations (a registry's school
    `sourcedId`). A system may speak for an organisation only through such a link, which an
    administrator records."""

    __tablename__ = "organisation_identifiers"
    __table_args__ = (UniqueConstraint("system", "value"),)

    id: uuid.UUID = uuid_pk()
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    system: str = Field(max_length=120)
    """The OAuth client id of the system whose id this is."""
    value: str = Field(max_length=120)
    created_at: datetime = timestamp()
