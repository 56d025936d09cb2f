"""status back: the outbox of status events, webhook subscriptions and their deliveries

Status events are written with the change they tell of, one per OAuth client that is to hear of
it; each enabled subscription of that client gets a delivery row, which dispatchers claim by the
(status, next_attempt_at) index.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import app.persistence.base
from alembic import op

revision: str = "0012"
# 0011 is on main; until the branches meet, this chain is run on 0010 (see the report).
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = sa.Uuid
TEXT = sqlmodel.sql.sqltypes.AutoString
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
TIMESTAMP = app.persistence.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "status_events",
        sa.Column(
            "position",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("id", GUID(), nullable=False),
        sa.Column("client_id", TEXT(length=100), nullable=False),
        sa.Column("type", TEXT(length=60), nullable=False),
        sa.Column("aggregate_type", TEXT(length=30), nullable=False),
        sa.Column("aggregate_id", GUID(), nullable=False),
        sa.Column("domain_event_id", GUID(), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("occurred_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["oauth_clients.client_id"],
            name=op.f("fk_status_events_client_id_oauth_clients"),
        ),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_status_events")),
        sa.UniqueConstraint("id", name=op.f("uq_status_events_id")),
        sa.UniqueConstraint(
            "domain_event_id", "client_id", name=op.f("uq_status_events_domain_event_id_client_id")
        ),
    )
    op.create_index(
        "ix_status_events_client_id_position", "status_events", ["client_id", "position"]
    )
    op.create_table(
        "webhook_subscriptions",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("id", GUID(), nullable=False),
        sa.Column("client_id", TEXT(length=100), nullable=False),
        sa.Column("url", TEXT(length=2000), nullable=False),
        sa.Column("description", TEXT(length=300), nullable=True),
        sa.Column("event_types", JSON, nullable=False),
        sa.Column("secret", TEXT(length=200), nullable=False),
        sa.Column("previous_secret", TEXT(length=200), nullable=True),
        sa.Column("previous_secret_expires_at", TIMESTAMP, nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("disabled_reason", TEXT(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["oauth_clients.client_id"],
            name=op.f("fk_webhook_subscriptions_client_id_oauth_clients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_subscriptions")),
    )
    op.create_index(
        "ix_webhook_subscriptions_client_id_created_at_id",
        "webhook_subscriptions",
        ["client_id", "created_at", "id"],
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", GUID(), nullable=False),
        sa.Column("subscription_id", GUID(), nullable=False),
        sa.Column("status_event_id", GUID(), nullable=False),
        sa.Column("status", TEXT(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIMESTAMP, nullable=False),
        sa.Column("locked_until", TIMESTAMP, nullable=True),
        sa.Column("lease_id", GUID(), nullable=True),
        sa.Column("last_attempt_at", TIMESTAMP, nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", TEXT(length=500), nullable=True),
        sa.Column("delivered_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'delivered', 'dead')", name=op.f("ck_webhook_deliveries_status")
        ),
        sa.ForeignKeyConstraint(
            ["status_event_id"],
            ["status_events.id"],
            name=op.f("fk_webhook_deliveries_status_event_id_status_events"),
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["webhook_subscriptions.id"],
            name=op.f("fk_webhook_deliveries_subscription_id_webhook_subscriptions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint(
            "subscription_id",
            "status_event_id",
            name=op.f("uq_webhook_deliveries_subscription_id_status_event_id"),
        ),
    )
    op.create_index(
        "ix_webhook_deliveries_status_next_attempt_at",
        "webhook_deliveries",
        ["status", "next_attempt_at"],
    )
    op.create_index(
        "ix_webhook_deliveries_subscription_id_created_at_id",
        "webhook_deliveries",
        ["subscription_id", "created_at", "id"],
    )
    op.create_index(
        "ix_webhook_deliveries_subscription_id_status_created_at_id",
        "webhook_deliveries",
        ["subscription_id", "status", "created_at", "id"],
    )
    op.create_index(
        op.f("ix_webhook_deliveries_status_event_id"), "webhook_deliveries", ["status_event_id"]
    )


def downgrade() -> None:
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_subscriptions")
    op.drop_index("ix_status_events_client_id_position", table_name="status_events")
    op.drop_table("status_events")
