"""PostgreSQL LISTEN/NOTIFY: the database that commits the events also announces them.

The notice is sent by `pg_notify` inside the committing transaction, so PostgreSQL delivers it
only if the transaction commits, and only then; every process that writes through a unit of work
(an API process, a worker, the CLI) announces its events without knowing who listens. Each API
process keeps one connection of its own (outside the pool) that LISTENs, and opens a new one
when that one is lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import Any

import asyncpg
import structlog
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel.ext.asyncio.session import AsyncSession

from app.persistence.channels import LISTENING, EventNotice, Listening

log = structlog.get_logger()

CHANNEL = "girfec_events"
APPLICATION_NAME = "girfec-events-listener"
"""How the listening connection shows in pg_stat_activity."""
MAX_RETRY_DELAY = 30.0

_NOTIFY = text(
    "SELECT pg_notify(:channel, payload) FROM unnest(CAST(:payloads AS text[])) AS payload"
)


async def notify(session: AsyncSession, notices: Sequence[EventNotice]) -> None:
    """Announce `notices` in the session's transaction: one round trip however many there are."""
    connection = await session.connection()
    await connection.execute(
        _NOTIFY, {"channel": CHANNEL, "payloads": [n.to_json() for n in notices]}
    )


class PostgresChannel:
    def __init__(
        self, database_url: str, *, health_interval: float = 30.0, retry_delay: float = 1.0
    ) -> None:
        url = make_url(database_url).set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._health_interval = health_interval
        self._retry_delay = retry_delay

    async def publish(self, notices: Sequence[EventNotice]) -> None:
        """Nothing left to do: the committing transaction announced them (`notify`)."""
        return None

    async def listen(self) -> AsyncIterator[EventNotice | Listening]:
        delay = self._retry_delay
        while True:
            # None in the queue: the connection is gone.
            queue: asyncio.Queue[EventNotice | None] = asyncio.Queue()
            try:
                connection = await asyncpg.connect(
                    self._dsn, timeout=10, server_settings={"application_name": APPLICATION_NAME}
                )
            except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
                log.warning("events.listen_failed", error=repr(exc), retry_in=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_RETRY_DELAY)
                continue
            try:
                connection.add_termination_listener(_on_lost(queue))
                await connection.add_listener(CHANNEL, _receiver(queue))
                delay = self._retry_delay
                yield LISTENING
                while (notice := await _next(connection, queue, self._health_interval)) is not None:
                    yield notice
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("events.listener_lost", error=repr(exc))
            finally:
                connection.terminate()
            log.warning("events.listener_reconnecting")

    async def close(self) -> None:
        return None


def _receiver(queue: asyncio.Queue[EventNotice | None]) -> Any:
    def receive(_connection: object, _pid: int, _channel: str, payload: str) -> None:
        try:
            queue.put_nowait(EventNotice.from_json(payload))
        except ValueError:
            log.warning("events.bad_notice", channel=CHANNEL, payload=payload[:200])

    return receive


def _on_lost(queue: asyncio.Queue[EventNotice | None]) -> Any:
    def lost(_connection: object) -> None:
        queue.put_nowait(None)

    return lost


async def _next(
    connection: Any, queue: asyncio.Queue[EventNotice | None], health_interval: float
) -> EventNotice | None:
    """The next notice, or None once the connection is lost. A quiet connection is asked
    `SELECT 1` now and then, because a server that vanished without closing it (a failover, a
    dropped route) would otherwise leave it waiting for ever."""
    while True:
        try:
            return await asyncio.wait_for(queue.get(), health_interval)
        except TimeoutError:
            await connection.fetchval("SELECT 1", timeout=10)
