"""The unit of work: one session, one transaction, per request or job.

Services add rows and record events through it and only flush; the boundary that opened it
(a REST request, a worker job, a CLI command) commits or rolls back.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel.ext.asyncio.session import AsyncSession

from app.domain.errors import Conflict, VersionMismatch
from app.domain.events import DomainEvent
from app.persistence.tables.events import StoredEvent


class UnitOfWork:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = session_factory
        self._session: AsyncSession | None = None
        self.events: list[DomainEvent] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is not open")
        return self._session

    async def __aenter__(self) -> Self:
        self._session = self._factory()
        self.events = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is not None:
                await self.session.rollback()
        finally:
            await self.session.close()
            self._session = None

    def record(self, event: DomainEvent) -> None:
        """Store an event in the same transaction as the change it describes."""
        self.events.append(event)
        self.session.add(
            StoredEvent(
                id=event.id,
                type=event.type,
                aggregate_type=event.aggregate_type,
                aggregate_id=event.aggregate_id,
                aggregate_version=event.aggregate_version,
                child_id=event.child_id,
                actor_id=event.actor_id,
                organisation_ids=[str(o) for o in event.organisation_ids],
                summary=event.summary,
                payload=event.payload,
                occurred_at=event.occurred_at,
            )
        )

    async def flush(self) -> None:
        """Flush, turning the database's refusals into domain errors a caller can act on."""
        try:
            await self.session.flush()
        except StaleDataError as exc:
            raise VersionMismatch(
                "Someone changed this record while you were working on it. "
                "Read it again and retry with the new ETag."
            ) from exc
        except IntegrityError as exc:
            await self.session.rollback()
            raise Conflict(
                "The change conflicts with data already stored (a duplicate or a missing "
                "reference)."
            ) from exc

    async def commit(self) -> None:
        await self.flush()
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()
