"""Alembic environment, async. The URL comes from DATABASE_URL unless a connection is handed in
(the service's own start-up and the tests pass theirs)."""

from __future__ import annotations

import asyncio
import logging.config

from sqlalchemy.engine import Connection

import app.persistence.tables  # noqa: F401  (registers every table on the metadata)
from alembic import context
from app.persistence.base import metadata
from app.persistence.db import make_engine
from app.settings import get_settings

config = context.config
if config.config_file_name and not config.attributes.get("connection"):
    logging.config.fileConfig(config.config_file_name, disable_existing_loggers=False)


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().database_url


async def _run_online() -> None:
    engine = make_engine(_url())
    async with engine.connect() as conn:
        await conn.run_sync(_configure)
        await conn.commit()
    await engine.dispose()


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    handed = config.attributes.get("connection")
    if handed is not None:
        _configure(handed)
    else:
        asyncio.run(_run_online())
