"""access log: who was shown which child's record, append-only and hash-chained

Rows are added unsealed in the request's transaction and sealed (seq, prev_hash, hash) after the
commit. Triggers on both databases refuse every DELETE and any UPDATE of a sealed row, so the
application cannot rewrite history; someone who bypasses them (as owner of the schema) is caught
by `girfec access-log verify`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import app.persistence.base
from alembic import op
from app.persistence.access_triggers import create_statements, drop_statements

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("occurred_at", app.persistence.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("operation", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("resource_type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("resource_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("request_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
        sa.UniqueConstraint("seq", name=op.f("uq_access_log_seq")),
    )
    op.create_index("ix_access_log_child_id_occurred_at", "access_log", ["child_id", "occurred_at"])
    for statement in create_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_index("ix_access_log_child_id_occurred_at", table_name="access_log")
    op.drop_table("access_log")
