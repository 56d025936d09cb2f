"""attendance: the records school registries send, and the episodes of the attendance rule

Records are keyed by what the registry says they are about (client, school, pupil, day,
session), so a batch sent again changes nothing. Alerts remember each episode of the rule so a
concern is raised once per episode.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import app.persistence.base
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
TIMESTAMP = app.persistence.base.UTCDateTime(timezone=True)
String = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "attendance_events",
        sa.Column("client_id", String(length=100), nullable=False),
        sa.Column("school_id", String(length=60), nullable=False),
        sa.Column("student_unique_id", String(length=60), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("session", String(length=60), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("category", String(length=30), nullable=False),
        sa.Column("duration", sa.Float(), nullable=True),
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["oauth_clients.client_id"],
            name=op.f("fk_attendance_events_client_id_oauth_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_attendance_events_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["inbox_messages.id"],
            name=op.f("fk_attendance_events_message_id_inbox_messages"),
        ),
        sa.PrimaryKeyConstraint(
            "client_id",
            "school_id",
            "student_unique_id",
            "event_date",
            "session",
            name=op.f("pk_attendance_events"),
        ),
    )
    op.create_index("ix_attendance_events_message_id", "attendance_events", ["message_id"])

    op.create_table(
        "attendance_alerts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", String(length=100), nullable=False),
        sa.Column("school_id", String(length=60), nullable=False),
        sa.Column("student_unique_id", String(length=60), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("rule", String(length=30), nullable=False),
        sa.Column("episode_start", sa.Date(), nullable=False),
        sa.Column("last_held_on", sa.Date(), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=False),
        sa.Column("window_end", sa.Date(), nullable=False),
        sa.Column("facts", JSON, nullable=False),
        sa.Column("status", String(length=20), nullable=False),
        sa.Column("concern_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("raised_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["oauth_clients.client_id"],
            name=op.f("fk_attendance_alerts_client_id_oauth_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_attendance_alerts_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["concern_id"], ["concerns.id"], name=op.f("fk_attendance_alerts_concern_id_concerns")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_alerts")),
        sa.UniqueConstraint(
            "client_id",
            "school_id",
            "student_unique_id",
            "rule",
            "episode_start",
            name="uq_attendance_alerts_episode",
        ),
    )
    op.create_index(
        "ix_attendance_alerts_client_id_status", "attendance_alerts", ["client_id", "status"]
    )


def downgrade() -> None:
    op.drop_table("attendance_alerts")
    op.drop_table("attendance_events")
