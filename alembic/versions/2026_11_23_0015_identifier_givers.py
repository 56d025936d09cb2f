"""identifier givers: which sector system gave us each of a child's identifiers

A sector system is shown only the identifiers it gave itself (a clinic reading a Patient sees its
own record number, not the school's pupil number). Identifiers linked before this revision under
a system client's own id as their `system` (the intake's default) are attributed to that client;
the others stay unattributed (shown to no system).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("child_identifiers") as batch:
        batch.add_column(
            sa.Column(
                "linked_by_client_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True
            )
        )
    op.execute(
        "UPDATE child_identifiers SET linked_by_client_id = system "
        "WHERE system IN (SELECT client_id FROM oauth_clients WHERE kind = 'system')"
    )


def downgrade() -> None:
    with op.batch_alter_table("child_identifiers") as batch:
        batch.drop_column("linked_by_client_id")
