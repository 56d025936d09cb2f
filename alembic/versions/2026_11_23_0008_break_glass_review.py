"""break-the-glass review: the data protection officer's list pages on (created_at, id)

The review list is newest first and keyset-paged on (created_at, id) like every other list, with
or without a review status. Each filter ends with the keyset columns, so a page is read straight
off an index, however many openings were reviewed before.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "break_glass_openings"
INDEXES: tuple[tuple[str, list[str]], ...] = (
    ("ix_break_glass_openings_created_at_id", ["created_at", "id"]),
    (
        "ix_break_glass_openings_review_status_created_at_id",
        ["review_status", "created_at", "id"],
    ),
)


def upgrade() -> None:
    for name, columns in INDEXES:
        op.create_index(name, TABLE, columns, unique=False)


def downgrade() -> None:
    for name, _ in reversed(INDEXES):
        op.drop_index(name, table_name=TABLE)
