"""one active plan, one revision: the database keeps the rules two racing requests could break

A concern or case has one plan in force at a time, and an approved assessment at most one
revision. The services check both before writing, but two requests checking at the same moment
both pass; a unique index makes the second one's write fail, which the unit of work answers with
409. The plan indexes are partial (only active plans count); several NULL `supersedes_id` are
allowed by both databases.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, name, column, where) of each unique index; `where` makes it partial on both databases.
NEW: tuple[tuple[str, str, str, str | None], ...] = (
    ("plans", "uq_plans_active_case_id", "case_id", "status = 'active' AND case_id IS NOT NULL"),
    (
        "plans",
        "uq_plans_active_concern_id",
        "concern_id",
        "status = 'active' AND concern_id IS NOT NULL",
    ),
    ("assessments", "uq_assessments_supersedes_id", "supersedes_id", None),
)


def upgrade() -> None:
    for table, name, column, where in NEW:
        partial = (
            {}
            if where is None
            else {"sqlite_where": sa.text(where), "postgresql_where": sa.text(where)}
        )
        op.create_index(name, table, [column], unique=True, **partial)


def downgrade() -> None:
    for table, name, _column, _where in NEW:
        op.drop_index(name, table_name=table)
