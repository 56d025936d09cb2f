"""list indexes: every list filter ends with the keyset columns

Lists are newest first, paged on (created_at, id). An index on the filter alone makes the database
fetch every matching row and sort it before it can return one page (half a million for a name
prefix, a hundred thousand for Chișinău); an index on (filter, created_at, id) returns the page
straight off the index, at any depth. Each composite replaces the single-column index it starts
with. `due_at` trails the status indexes so that "undecided and late" is checked inside the index;
open deadlines get partial indexes per organisation and assignee, so history never slows "what is
overdue here". Name search gets pattern operators, so a prefix LIKE is an index range whatever the
database's collation, and the keyset columns, so a page of matches is chosen from the index alone
(measured with bench/lists.py at 500,000 children).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, name, columns, where) of each new index; `where` makes it partial on both databases.
NEW: tuple[tuple[str, str, list[str], str | None], ...] = (
    ("children", "ix_children_created_at_id", ["created_at", "id"], None),
    (
        "children",
        "ix_children_territory_code_created_at_id",
        ["territory_code", "created_at", "id"],
        None,
    ),
    (
        "concerns",
        "ix_concerns_status_created_at_id_due_at",
        ["status", "created_at", "id", "due_at"],
        None,
    ),
    ("concerns", "ix_concerns_urgency_created_at_id", ["urgency", "created_at", "id"], None),
    (
        "concerns",
        "ix_concerns_organisation_id_created_at_id",
        ["organisation_id", "created_at", "id"],
        None,
    ),
    (
        "referrals",
        "ix_referrals_status_created_at_id_due_at",
        ["status", "created_at", "id", "due_at"],
        None,
    ),
    (
        "referrals",
        "ix_referrals_assignee_id_created_at_id",
        ["assignee_id", "created_at", "id"],
        None,
    ),
    (
        "referrals",
        "ix_referrals_to_organisation_id_created_at_id",
        ["to_organisation_id", "created_at", "id"],
        None,
    ),
    (
        "referrals",
        "ix_referrals_from_organisation_id_created_at_id",
        ["from_organisation_id", "created_at", "id"],
        None,
    ),
    ("cases", "ix_cases_stage_created_at_id", ["stage", "created_at", "id"], None),
    (
        "cases",
        "ix_cases_lead_professional_id_created_at_id",
        ["lead_professional_id", "created_at", "id"],
        None,
    ),
    (
        "cases",
        "ix_cases_territory_code_created_at_id",
        ["territory_code", "created_at", "id"],
        None,
    ),
    (
        "cases",
        "ix_cases_responsible_organisation_id_created_at_id",
        ["responsible_organisation_id", "created_at", "id"],
        None,
    ),
    (
        "cases",
        "ix_cases_open_created_at_id_due_at",
        ["created_at", "id", "due_at"],
        "due_at IS NOT NULL",
    ),
    (
        "deadlines",
        "ix_deadlines_open_organisation_id_due_at",
        ["organisation_id", "due_at", "id"],
        "met_at IS NULL",
    ),
    (
        "deadlines",
        "ix_deadlines_open_assignee_id_due_at",
        ["assignee_id", "due_at", "id"],
        "met_at IS NULL",
    ),
    (
        "plan_actions",
        "ix_plan_actions_responsible_organisation_id_created_at_id",
        ["responsible_organisation_id", "created_at", "id"],
        None,
    ),
    (
        "plan_actions",
        "ix_plan_actions_responsible_professional_id_created_at_id",
        ["responsible_professional_id", "created_at", "id"],
        None,
    ),
)

# (table, name, columns) of each index a new one makes redundant: it began with the same column(s).
REPLACED: tuple[tuple[str, str, list[str]], ...] = (
    ("children", "ix_children_territory_code", ["territory_code"]),
    ("concerns", "ix_concerns_status", ["status"]),
    ("concerns", "ix_concerns_status_due_at", ["status", "due_at"]),
    ("concerns", "ix_concerns_urgency", ["urgency"]),
    ("concerns", "ix_concerns_organisation_id", ["organisation_id"]),
    ("referrals", "ix_referrals_status", ["status"]),
    ("referrals", "ix_referrals_status_due_at", ["status", "due_at"]),
    ("referrals", "ix_referrals_assignee_id", ["assignee_id"]),
    ("referrals", "ix_referrals_to_organisation_id", ["to_organisation_id"]),
    ("referrals", "ix_referrals_from_organisation_id", ["from_organisation_id"]),
    ("cases", "ix_cases_stage", ["stage"]),
    ("cases", "ix_cases_lead_professional_id", ["lead_professional_id"]),
    ("cases", "ix_cases_territory_code", ["territory_code"]),
    ("cases", "ix_cases_responsible_organisation_id", ["responsible_organisation_id"]),
    (
        "plan_actions",
        "ix_plan_actions_responsible_organisation_id",
        ["responsible_organisation_id"],
    ),
    (
        "plan_actions",
        "ix_plan_actions_responsible_professional_id",
        ["responsible_professional_id"],
    ),
)

# Name search: pattern operators on PostgreSQL (plain on SQLite), then the keyset columns.
SEARCH_NAME_PATTERN = "ix_children_search_name_created_at_id"
SEARCH_NAME_PLAIN = "ix_children_search_name"


def _create(table: str, name: str, columns: list[str], where: str | None) -> None:
    partial = (
        {}
        if where is None
        else {"sqlite_where": sa.text(where), "postgresql_where": sa.text(where)}
    )
    op.create_index(name, table, columns, unique=False, **partial)


def upgrade() -> None:
    for table, name, columns, where in NEW:
        _create(table, name, columns, where)
    op.create_index(
        SEARCH_NAME_PATTERN,
        "children",
        ["search_name", "created_at", "id"],
        unique=False,
        postgresql_ops={"search_name": "varchar_pattern_ops"},
    )
    op.drop_index(SEARCH_NAME_PLAIN, table_name="children")
    for table, name, _columns in REPLACED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for table, name, columns in REPLACED:
        _create(table, name, columns, None)
    op.create_index(SEARCH_NAME_PLAIN, "children", ["search_name"], unique=False)
    op.drop_index(SEARCH_NAME_PATTERN, table_name="children")
    for table, name, _columns, _where in NEW:
        op.drop_index(name, table_name=table)
