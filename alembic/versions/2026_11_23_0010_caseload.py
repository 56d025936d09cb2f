"""caseload: a professional's present memberships of teams around the child, by professional

"My caseload" asks for the cases a professional is on the team of now. The partial index holds
only present members (those who left drop out of it) and carries the case id, so the memberships
are read off the index without touching the table.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_team_members_present_professional_id_case_id"
PRESENT = sa.text("left_at IS NULL")


def upgrade() -> None:
    op.create_index(
        NAME,
        "team_members",
        ["professional_id", "case_id"],
        unique=False,
        sqlite_where=PRESENT,
        postgresql_where=PRESENT,
    )


def downgrade() -> None:
    op.drop_index(NAME, table_name="team_members")
