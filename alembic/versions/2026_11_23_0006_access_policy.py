"""access policy: who registered a child, sector systems as actors, break-the-glass openings

A child remembers the organisation that registered it, so the registering institution keeps
seeing the child before any concern links them. Concerns, referrals and access-log entries made by
a sector system (an OAuth client acting for its organisation) name no professional, so those
columns become nullable. Break-the-glass openings are flagged in their own table for review.

On SQLite, altering `access_log` rebuilds the table, which drops its triggers; they are dropped
first and created again after, so the log is never unguarded once the migration has committed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import app.persistence.base
from alembic import op
from app.persistence.access_triggers import create_statements, drop_statements

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NULLABLE = (
    ("access_log", "actor_id"),
    ("concerns", "raised_by_id"),
    ("referrals", "referred_by_id"),
)


def _set_nullable(nullable: bool) -> None:
    dialect = op.get_bind().dialect.name
    for statement in drop_statements(dialect):
        op.execute(statement)
    for table, column in _NULLABLE:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(column, existing_type=sa.Uuid(), nullable=nullable)
    for statement in create_statements(dialect):
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "break_glass_openings",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", app.persistence.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.persistence.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("professional_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("record_kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("opened_at", app.persistence.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("review_status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("reviewed_by_id", sa.Uuid(), nullable=True),
        sa.Column("reviewed_at", app.persistence.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("review_note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_break_glass_openings_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_break_glass_openings_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professionals.id"],
            name=op.f("fk_break_glass_openings_professional_id_professionals"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["professionals.id"],
            name=op.f("fk_break_glass_openings_reviewed_by_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_break_glass_openings")),
    )
    op.create_index(
        "ix_break_glass_openings_child_id", "break_glass_openings", ["child_id"], unique=False
    )
    op.create_index(
        "ix_break_glass_openings_professional_id",
        "break_glass_openings",
        ["professional_id"],
        unique=False,
    )
    op.create_index(
        "ix_break_glass_openings_review_status_opened_at",
        "break_glass_openings",
        ["review_status", "opened_at"],
        unique=False,
    )
    with op.batch_alter_table("children") as batch_op:
        batch_op.add_column(sa.Column("registered_by_organisation_id", sa.Uuid(), nullable=True))
        batch_op.create_index(
            "ix_children_registered_by_organisation_id",
            ["registered_by_organisation_id"],
            unique=False,
        )
        batch_op.create_foreign_key(
            "fk_children_registered_by_organisation_id_organisations",
            "organisations",
            ["registered_by_organisation_id"],
            ["id"],
        )
    _set_nullable(True)


def downgrade() -> None:
    _set_nullable(False)
    with op.batch_alter_table("children") as batch_op:
        batch_op.drop_constraint(
            "fk_children_registered_by_organisation_id_organisations", type_="foreignkey"
        )
        batch_op.drop_index("ix_children_registered_by_organisation_id")
        batch_op.drop_column("registered_by_organisation_id")
    op.drop_table("break_glass_openings")
