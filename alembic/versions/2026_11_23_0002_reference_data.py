"""reference data: territories of Moldova and the default deadline policy

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa

from alembic import op
from app.domain.deadlines import DEFAULT_RULES
from app.reference import territories

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_territory = sa.table(
    "territories",
    sa.column("code", sa.String),
    sa.column("kind", sa.String),
    sa.column("name_ro", sa.String),
    sa.column("name_ru", sa.String),
    sa.column("name_en", sa.String),
    sa.column("seat", sa.String),
)
_locality = sa.table(
    "localities",
    sa.column("code", sa.String),
    sa.column("territory_code", sa.String),
    sa.column("kind", sa.String),
    sa.column("name_ro", sa.String),
    sa.column("name_ru", sa.String),
)
_policy = sa.table(
    "deadline_policies",
    sa.column("kind", sa.String),
    sa.column("urgency", sa.String),
    sa.column("amount", sa.Integer),
    sa.column("unit", sa.String),
    sa.column("legal_basis", sa.String),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    units = territories()
    op.bulk_insert(
        _territory,
        [
            {k: u[k] for k in ("code", "kind", "name_ro", "name_ru", "name_en", "seat")}
            for u in units
        ],
    )
    op.bulk_insert(
        _locality,
        [
            {
                "code": loc["code"],
                "territory_code": u["code"],
                "kind": loc["kind"],
                "name_ro": loc["name_ro"],
                "name_ru": loc["name_ru"],
            }
            for u in units
            for loc in u["localities"]
        ],
    )
    now = datetime.now(UTC)
    # SQLite stores naive UTC (see UTCDateTime); PostgreSQL keeps the zone.
    stamp = now.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else now
    op.bulk_insert(
        _policy,
        [
            {
                "kind": r.kind.value,
                "urgency": r.urgency.value,
                "amount": r.amount,
                "unit": r.unit.value,
                "legal_basis": r.legal_basis,
                "updated_at": stamp,
            }
            for r in DEFAULT_RULES
        ],
    )


def downgrade() -> None:
    op.execute(_policy.delete())
    op.execute(_locality.delete())
    op.execute(_territory.delete())
