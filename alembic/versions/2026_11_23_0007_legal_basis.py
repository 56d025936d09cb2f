"""legal basis: every referral and team membership records why the child's data may be shared

`sharing_bases` holds consents (who gave them, when, for what, until when; withdrawn when and by
whom) and child-protection exemptions (grounds, legal reference). `referrals` and `team_members`
gain a nullable `sharing_basis_id`: rows made before this migration have no recorded basis and
show `legal_basis: null`; every new one gets one from the services.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import app.persistence.base
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables that point at the basis that allows them.
USERS = ("referrals", "team_members")


def upgrade() -> None:
    op.create_table(
        "sharing_bases",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", app.persistence.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.persistence.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("given_by_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column(
            "given_by_relationship", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True
        ),
        sa.Column("given_at", sa.Date(), nullable=True),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("grounds", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("legal_reference", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", app.persistence.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", app.persistence.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by_id", sa.Uuid(), nullable=True),
        sa.Column("withdrawal_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_sharing_bases_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["professionals.id"],
            name=op.f("fk_sharing_bases_recorded_by_id_professionals"),
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_id"],
            ["professionals.id"],
            name=op.f("fk_sharing_bases_withdrawn_by_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_bases")),
    )
    op.create_index(op.f("ix_sharing_bases_child_id"), "sharing_bases", ["child_id"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in USERS:
        fk = f"fk_{table}_sharing_basis_id_sharing_bases"
        if sqlite:
            # SQLite adds a column with its reference in place. Batch mode would rebuild the
            # table, and dropping a table other rows refer to fails while foreign keys are on.
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN sharing_basis_id CHAR(32) "
                f"CONSTRAINT {fk} REFERENCES sharing_bases (id)"
            )
        else:
            op.add_column(table, sa.Column("sharing_basis_id", sa.Uuid(), nullable=True))
            op.create_foreign_key(fk, table, "sharing_bases", ["sharing_basis_id"], ["id"])
        op.create_index(f"ix_{table}_sharing_basis_id", table, ["sharing_basis_id"])


def downgrade() -> None:
    # On SQLite this rebuilds both tables: run it with foreign keys off on a populated database.
    for table in USERS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ix_{table}_sharing_basis_id")
            batch_op.drop_constraint(
                f"fk_{table}_sharing_basis_id_sharing_bases", type_="foreignkey"
            )
            batch_op.drop_column("sharing_basis_id")
    op.drop_index(op.f("ix_sharing_bases_child_id"), table_name="sharing_bases")
    op.drop_table("sharing_bases")
