"""The schema comes only from the migrations: they must build exactly what the models declare."""

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from app.domain.deadlines import DEFAULT_RULES
from app.persistence.base import metadata
from app.persistence.tables import DeadlinePolicyRow, Territory


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_models_and_migrations_agree(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        assert await conn.run_sync(_diff) == []


async def test_reference_data_is_loaded(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        territories = (await conn.execute(select(func.count()).select_from(Territory))).scalar()
        rules = (await conn.execute(select(func.count()).select_from(DeadlinePolicyRow))).scalar()
    assert territories is not None
    assert territories >= 3
    assert rules == len(DEFAULT_RULES)
