"""Status back: the outbox of status events, webhook subscriptions, and their deliveries.

`status_events` is written in the transaction of the change it tells of (one row per OAuth client
that is to hear of it) and is both the pull feed and the source of webhook deliveries; a delivery
row per enabled, matching subscription is written with it, so nothing committed is ever left
unsent and nothing rolled back is ever sent.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.persistence.base import UTCDateTime, Versioned, json_field, optional_timestamp, timestamp

DELIVERY_STATUSES = ("pending", "delivered", "dead")


class StatusEvent(SQLModel, table=True):
    """One status event for one client. `position` orders the client's feed."""

    __tablename__ = "status_events"
    __table_args__ = (
        UniqueConstraint("domain_event_id", "client_id"),
        # The feed: one client's events after a position.
        Index("ix_status_events_client_id_position", "client_id", "position"),
    )

    position: int | None = Field(
        default=None,
        sa_column=Column(
            BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
    )
    id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    client_id: str = Field(max_length=100, foreign_key="oauth_clients.client_id")
    type: str = Field(max_length=60)
    aggregate_type: str = Field(max_length=30)
    aggregate_id: uuid.UUID
    domain_event_id: uuid.UUID
    payload: dict[str, Any] = json_field()
    occurred_at: datetime = Field(sa_type=UTCDateTime)


class WebhookSubscription(Versioned, table=True):
    """Where a sector system wants its status events pushed, signed with `secret` (kept in the
    clear because signing needs it; it is shown to the client once). After a rotation the
    previous secret signs too until `previous_secret_expires_at`."""

    __tablename__ = "webhook_subscriptions"
    __table_args__ = (
        Index("ix_webhook_subscriptions_client_id_created_at_id", "client_id", "created_at", "id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    client_id: str = Field(max_length=100, foreign_key="oauth_clients.client_id")
    url: str = Field(max_length=2000)
    description: str | None = Field(default=None, max_length=300)
    event_types: list[str] = json_field(default_factory=list)
    secret: str = Field(max_length=200)
    previous_secret: str | None = Field(default=None, max_length=200)
    previous_secret_expires_at: datetime | None = optional_timestamp()
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, max_length=300)


class WebhookDelivery(SQLModel, table=True):
    """One status event to one subscription, tried until delivered or dead.

    A dispatcher claims a due row by moving `next_attempt_at` to the end of its lease
    (`locked_until`) under a fresh `lease_id`; if it dies mid-delivery the row simply falls due
    again when the lease ends, and an outcome is recorded only under the lease that claimed it.
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "status_event_id"),
        CheckConstraint(
            "status IN ({})".format(", ".join(repr(s) for s in DELIVERY_STATUSES)), name="status"
        ),
        # Due deliveries, for the dispatchers.
        Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
        # A subscription's deliveries, newest first, optionally of one status.
        Index(
            "ix_webhook_deliveries_subscription_id_created_at_id",
            "subscription_id",
            "created_at",
            "id",
        ),
        Index(
            "ix_webhook_deliveries_subscription_id_status_created_at_id",
            "subscription_id",
            "status",
            "created_at",
            "id",
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    subscription_id: uuid.UUID = Field(foreign_key="webhook_subscriptions.id")
    status_event_id: uuid.UUID = Field(foreign_key="status_events.id", index=True)
    status: str = Field(default="pending", max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    locked_until: datetime | None = optional_timestamp()
    lease_id: uuid.UUID | None = None
    last_attempt_at: datetime | None = optional_timestamp()
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, max_length=500)
    delivered_at: datetime | None = optional_timestamp()
    created_at: datetime = timestamp()
