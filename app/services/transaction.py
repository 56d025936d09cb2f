"""The boundary of one unit of work: open, let the caller act, commit, seal the access log.

A REST request, a GraphQL mutation and a subscription's check each use it, so every one of them
commits and seals the same way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from app.persistence.uow import UnitOfWork
from app.services import access_log

log = structlog.get_logger()


@asynccontextmanager
async def transaction(
    factory: async_sessionmaker[AsyncSession], request_id: str | None = None
) -> AsyncIterator[UnitOfWork]:
    """Commit when the block ends normally, roll back when it raises."""
    async with UnitOfWork(factory) as uow:
        uow.request_id = request_id
        yield uow
        await uow.commit()
        disclosed = uow.disclosed
    if disclosed:
        # The entries are committed with the answer; chaining them is done now, before the
        # answer is sent, so the log a reader sees is sealed. Sealing is idempotent: a failure
        # here leaves them for the next request or `girfec access-log seal`.
        try:
            await access_log.seal(factory)
        except SQLAlchemyError:
            log.warning("access_log.seal_failed", exc_info=True)
