"""identity: demographic match keys on children, identity review tasks, reversible merges

Children get `match_family`/`match_given` (transliterated, folded names; backfilled here with
the same function the service uses) under an index with the birth date, and `merged_into_id`.
`child_merges` records exactly which rows each merge re-pointed, so a merge can be undone.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import app.persistence.base
from alembic import op
from app.domain.matching import match_key

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
TIMESTAMP = app.persistence.base.UTCDateTime(timezone=True)
String = sqlmodel.sql.sqltypes.AutoString
BATCH = 5000


def _backfill() -> None:
    """Match keys for the children already registered, in batches (a national register has
    hundreds of thousands)."""
    conn = op.get_bind()
    children = sa.table(
        "children",
        sa.column("id", sa.Uuid()),
        sa.column("family_name", sa.String()),
        sa.column("given_name", sa.String()),
        sa.column("match_family", sa.String()),
        sa.column("match_given", sa.String()),
    )
    rows = conn.execute(sa.select(children.c.id, children.c.family_name, children.c.given_name))
    update = (
        sa.update(children)
        .where(children.c.id == sa.bindparam("b_id"))
        .values(match_family=sa.bindparam("b_family"), match_given=sa.bindparam("b_given"))
    )
    batch: list[dict[str, object]] = []
    for row in rows.fetchall():
        batch.append(
            {
                "b_id": row.id,
                "b_family": match_key(row.family_name)[:80],
                "b_given": match_key(row.given_name)[:80],
            }
        )
        if len(batch) >= BATCH:
            conn.execute(update, batch)
            batch = []
    if batch:
        conn.execute(update, batch)


def upgrade() -> None:
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("match_family", String(length=80), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("match_given", String(length=80), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("merged_into_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_children_merged_into_id_children"),
            "children",
            ["merged_into_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_children_merged_into_id"), ["merged_into_id"])
        batch_op.create_index("ix_children_match_family_birth_date", ["match_family", "birth_date"])
    _backfill()

    op.create_table(
        "child_merges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("survivor_id", sa.Uuid(), nullable=False),
        sa.Column("merged_id", sa.Uuid(), nullable=False),
        sa.Column("moved", JSON, nullable=False),
        sa.Column("merged_by_id", sa.Uuid(), nullable=True),
        sa.Column("merged_at", TIMESTAMP, nullable=False),
        sa.Column("reverted_by_id", sa.Uuid(), nullable=True),
        sa.Column("reverted_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["survivor_id"], ["children.id"], name=op.f("fk_child_merges_survivor_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["merged_id"], ["children.id"], name=op.f("fk_child_merges_merged_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["merged_by_id"],
            ["professionals.id"],
            name=op.f("fk_child_merges_merged_by_id_professionals"),
        ),
        sa.ForeignKeyConstraint(
            ["reverted_by_id"],
            ["professionals.id"],
            name=op.f("fk_child_merges_reverted_by_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_merges")),
    )
    op.create_index(op.f("ix_child_merges_survivor_id"), "child_merges", ["survivor_id"])
    op.create_index(op.f("ix_child_merges_merged_id"), "child_merges", ["merged_id"])

    op.create_table(
        "identity_reviews",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", JSON, nullable=False),
        sa.Column("status", String(length=20), nullable=False),
        sa.Column("territory_code", String(length=32), nullable=False),
        sa.Column("inbox_message_id", sa.Uuid(), nullable=True),
        sa.Column("merge_id", sa.Uuid(), nullable=True),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_identity_reviews_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["children.id"],
            name=op.f("fk_identity_reviews_candidate_id_children"),
        ),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_identity_reviews_territory_code_territories"),
        ),
        sa.ForeignKeyConstraint(
            ["inbox_message_id"],
            ["inbox_messages.id"],
            name=op.f("fk_identity_reviews_inbox_message_id_inbox_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["merge_id"],
            ["child_merges.id"],
            name=op.f("fk_identity_reviews_merge_id_child_merges"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["professionals.id"],
            name=op.f("fk_identity_reviews_decided_by_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_reviews")),
    )
    op.create_index(op.f("ix_identity_reviews_child_id"), "identity_reviews", ["child_id"])
    op.create_index(op.f("ix_identity_reviews_candidate_id"), "identity_reviews", ["candidate_id"])
    op.create_index(
        "ix_identity_reviews_territory_code_status_created_at_id",
        "identity_reviews",
        ["territory_code", "status", "created_at", "id"],
    )
    op.create_index(
        "ix_identity_reviews_status_created_at_id",
        "identity_reviews",
        ["status", "created_at", "id"],
    )


def downgrade() -> None:
    op.drop_table("identity_reviews")
    op.drop_table("child_merges")
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_index("ix_children_match_family_birth_date")
        batch_op.drop_index(batch_op.f("ix_children_merged_into_id"))
        batch_op.drop_constraint(batch_op.f("fk_children_merged_into_id_children"), "foreignkey")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("match_given")
        batch_op.drop_column("match_family")
