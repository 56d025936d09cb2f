"""The unit of work: one session, one transaction, per request or job.

Services add rows and record events through it and only flush; the boundary that opened it
(a REST request, a worker job, a CLI command) commits or rolls back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from types import TracebackType
from typing import Self

import structlog
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel.ext.asyncio.session import AsyncSession

from app.domain.access import Disclosure, write_operation
from app.domain.actor import Actor
from app.domain.deadlines import utcnow
from app.domain.errors import Conflict, VersionMismatch
from app.domain.events import DomainEvent
from app.persistence import outbox
from app.persistence.channels import EventNotice
from app.persistence.channels.postgres import notify
from app.persistence.tables.access_log import AccessLogEntry
from app.persistence.tables.events import StoredEvent

_ACCESS_LOG = AccessLogEntry.__table__  # type: ignore[attr-defined]

log = structlog.get_logger()

AfterCommit = Callable[[Sequence[EventNotice]], Awaitable[None]]
AFTER_COMMIT = "girfec.after_commit"
"""Key of the session factory's `info` holding the process's event channel's `publish`: every
unit of work opened on that factory, whoever opens it, announces what it committed."""


class UnitOfWork:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = session_factory
        self._session: AsyncSession | None = None
        self.events: list[DomainEvent] = []
        # Set by the boundary that opened the unit of work (the REST request's X-Request-ID).
        self.request_id: str | None = None
        self.actor: Actor | None = None
        """The request's principal, once authenticated: changes it makes to a child's data are
        written to the access log as well as to the event log."""
        self.disclosed = 0
        self._disclosures: list[dict[str, object]] = []
        self._unannounced: list[StoredEvent] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is not open")
        return self._session

    async def __aenter__(self) -> Self:
        self._session = self._factory()
        self.events = []
        self.disclosed = 0
        self._disclosures = []
        self._unannounced = []
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
        stored = StoredEvent(
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
        self.session.add(stored)
        self._unannounced.append(stored)
        if self.actor is not None and event.child_id is not None:
            self.disclose(
                self.actor,
                Disclosure(
                    write_operation(event.type),
                    event.aggregate_type,
                    event.aggregate_id,
                    event.child_id,
                ),
            )

    def disclose(
        self,
        actor: Actor,
        disclosure: Disclosure | Iterable[Disclosure],
        *,
        request_id: str | None = None,
    ) -> None:
        """Record in the access log, in this transaction, that `actor` was shown these records.

        A request that fails rolls its entries back with it; one that is answered leaves them,
        unsealed until `app.services.access_log.seal` chains them after the commit.
        """
        disclosures = [disclosure] if isinstance(disclosure, Disclosure) else list(disclosure)
        now = utcnow()
        self._disclosures.extend(
            {
                "occurred_at": now,
                "actor_id": actor.professional_id,
                "client_id": actor.client_id,
                "organisation_id": actor.organisation_id,
                "operation": d.operation,
                "resource_type": d.resource_type,
                "resource_id": str(d.resource_id),
                "child_id": d.child_id,
                "purpose": d.purpose,
                "request_id": request_id if request_id is not None else self.request_id,
            }
            for d in disclosures
        )
        self.disclosed += len(disclosures)

    async def _write_disclosures(self) -> None:
        # One executemany for a whole page of children (the ORM would insert row by row on
        # SQLite to learn each id, which nobody here needs).
        if self._disclosures:
            rows, self._disclosures = self._disclosures, []
            await (await self.session.connection()).execute(insert(_ACCESS_LOG), rows)

    async def flush(self) -> None:
        """Flush, turning the database's refusals into domain errors a caller can act on."""
        try:
            await self.session.flush()
            await self._write_disclosures()
        except StaleDataError as exc:
            raise VersionMismatch(
                "Someone changed this record while you were working on it. "
                "Read it again and retry with the new ETag."
            ) from exc
        except IntegrityError as exc:
            await self.session.rollback()
            self._unannounced = []
            raise Conflict(
                "The change conflicts with data already stored (a duplicate or a missing "
                "reference)."
            ) from exc

    async def commit(self) -> None:
        """Commit, announcing the events stored: on PostgreSQL by NOTIFY inside the transaction
        (delivered if and only if it commits), and after the commit to the process's channel.

        The status events the transaction's events give rise to (and their webhook deliveries)
        are written first, in the same transaction: the outbox of `app.persistence.outbox`."""
        await self.flush()
        if self.events:
            events, self.events = self.events, []
            try:
                await outbox.write(self.session, events)
            except IntegrityError as exc:
                await self.session.rollback()
                self._unannounced = []
                raise Conflict("The change conflicts with data already stored.") from exc
        notices = [EventNotice.of(row) for row in self._unannounced]
        if notices and self.session.get_bind().dialect.name == "postgresql":
            await notify(self.session, notices)
        await self.session.commit()
        self._unannounced = []
        if notices:
            await self._announce(notices)

    async def _announce(self, notices: Sequence[EventNotice]) -> None:
        after_commit: AfterCommit | None = self.session.info.get(AFTER_COMMIT)
        if after_commit is None:
            return
        try:
            await after_commit(notices)
        except Exception:
            # The change is committed: a channel's failure must not turn it into an error.
            log.warning("events.announce_failed", exc_info=True)

    async def rollback(self) -> None:
        self._disclosures = []
        self._unannounced = []
        await self.session.rollback()
