"""intake: the inbox of every message sector systems send, and the ids they hold for our
organisations

A message is kept raw before it is processed, with its outcome, so that one that cannot be mapped
is never lost. A system speaks for an organisation other than its own only through an
organisation identifier an administrator recorded (a registry's school `sourcedId`).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import app.persistence.base
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
TIMESTAMP = app.persistence.base.UTCDateTime(timezone=True)
String = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "inbox_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", String(length=100), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("channel", String(length=60), nullable=False),
        sa.Column("content_type", String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("external_id", String(length=200), nullable=True),
        sa.Column("status", String(length=20), nullable=False),
        sa.Column("problem", JSON, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("concern_id", sa.Uuid(), nullable=True),
        sa.Column("referral_id", sa.Uuid(), nullable=True),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("match_method", String(length=20), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("processed_at", TIMESTAMP, nullable=True),
        sa.Column("corrected_at", TIMESTAMP, nullable=True),
        sa.Column("corrected_by_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["oauth_clients.client_id"],
            name=op.f("fk_inbox_messages_client_id_oauth_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_inbox_messages_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["concern_id"], ["concerns.id"], name=op.f("fk_inbox_messages_concern_id_concerns")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_inbox_messages_referral_id_referrals"),
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_inbox_messages_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["corrected_by_id"],
            ["professionals.id"],
            name=op.f("fk_inbox_messages_corrected_by_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_messages")),
    )
    op.create_index(
        "ix_inbox_messages_client_id_created_at_id",
        "inbox_messages",
        ["client_id", "created_at", "id"],
    )
    op.create_index(
        "ix_inbox_messages_status_created_at_id", "inbox_messages", ["status", "created_at", "id"]
    )
    op.create_index(
        "ix_inbox_messages_client_id_external_id", "inbox_messages", ["client_id", "external_id"]
    )
    op.create_index(op.f("ix_inbox_messages_concern_id"), "inbox_messages", ["concern_id"])
    op.create_index(op.f("ix_inbox_messages_child_id"), "inbox_messages", ["child_id"])

    op.create_table(
        "organisation_identifiers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("system", String(length=120), nullable=False),
        sa.Column("value", String(length=120), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_identifiers_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_identifiers")),
        sa.UniqueConstraint(
            "system", "value", name=op.f("uq_organisation_identifiers_system_value")
        ),
    )
    op.create_index(
        op.f("ix_organisation_identifiers_organisation_id"),
        "organisation_identifiers",
        ["organisation_id"],
    )


def downgrade() -> None:
    op.drop_table("organisation_identifiers")
    op.drop_table("inbox_messages")
