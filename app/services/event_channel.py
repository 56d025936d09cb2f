"""How subscriptions hear of committed events: one channel per process, fanned out.

A process listens once, whatever the number of subscriptions, and hands each notice to every
subscription's own bounded queue without waiting, so a slow subscriber never holds up the others
or the listener. What a subscriber might have missed — its queue overflowed, or the channel had
to reconnect — it is told as a `Gap`, and reads from the event log instead: the log, not the
channel, is the record of what happened, and the channel only says when to look.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Protocol

import structlog

from app.persistence.channels import EventNotice, Listening
from app.settings import Settings

log = structlog.get_logger()

FEED_SIZE = 256
"""Notices a subscription may have waiting before it is sent to the log instead."""


class EventChannel(Protocol):
    async def publish(self, notices: Sequence[EventNotice]) -> None:
        """After a commit, never before: tell every API process what it stored."""

    def listen(self) -> AsyncIterator[EventNotice | Listening]:
        """Notices from every process; `Listening` first, and again after each reconnection."""

    async def close(self) -> None: ...


def open_channel(settings: Settings) -> EventChannel:
    """The channel `GRAPHQL_EVENT_CHANNEL` names; `auto` is PostgreSQL's own LISTEN/NOTIFY
    where the database is PostgreSQL, and memory (one process) on the embedded SQLite."""
    kind = settings.graphql_event_channel
    if kind == "auto":
        kind = "memory" if settings.is_sqlite else "postgres"
    if kind == "postgres":
        if settings.is_sqlite:
            raise ValueError("GRAPHQL_EVENT_CHANNEL=postgres needs a PostgreSQL DATABASE_URL")
        from app.persistence.channels.postgres import PostgresChannel

        return PostgresChannel(settings.database_url)
    if kind == "redis":
        from app.persistence.channels.redis import RedisChannel

        return RedisChannel(settings.redis_url, settings.redis_event_channel)
    from app.persistence.channels.memory import MemoryChannel

    return MemoryChannel()


class Gap:
    """Notices may have been missed here: read the log from where you are."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "GAP"


GAP = Gap()


class Feed:
    """One subscription's queue of notices."""

    def __init__(self, hub: Hub, size: int) -> None:
        self._hub = hub
        self._queue: asyncio.Queue[EventNotice | Gap] = asyncio.Queue(size)

    def offer(self, item: EventNotice | Gap) -> None:
        try:
            self._queue.put_nowait(item)
        except asyncio.QueueFull:
            # Too slow to keep up: what is queued is dropped and the log read instead.
            while not self._queue.empty():
                self._queue.get_nowait()
            self._queue.put_nowait(GAP)

    async def next(self) -> EventNotice | Gap:
        return await self._queue.get()

    def close(self) -> None:
        self._hub.forget(self)


class Hub:
    """The process's one listener and the subscriptions it feeds. The listener starts with the
    first subscription, so a process nobody subscribes to holds no connection for it."""

    def __init__(self, channel: EventChannel, *, feed_size: int = FEED_SIZE) -> None:
        self.channel = channel
        self._feed_size = feed_size
        self._feeds: set[Feed] = set()
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()

    def feed(self) -> Feed:
        """A new subscription's feed. Until the channel is listening, a feed may miss notices;
        the channel's `Listening` then gives every feed a `Gap`."""
        feed = Feed(self, self._feed_size)
        self._feeds.add(feed)
        self._start()
        return feed

    async def listening(self) -> None:
        """Start listening if nobody has yet, and return once the channel listens (a readiness
        check; tests that must know a notice will come through the channel)."""
        self._start()
        await self._listening.wait()

    def _start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._listen(), name="event-hub")

    def forget(self, feed: Feed) -> None:
        self._feeds.discard(feed)

    @property
    def subscriptions(self) -> int:
        return len(self._feeds)

    async def _listen(self) -> None:
        delay = 1.0
        while True:
            try:
                async for item in self.channel.listen():
                    if isinstance(item, Listening):
                        delay = 1.0
                        self._listening.set()
                        for feed in list(self._feeds):
                            feed.offer(GAP)
                        continue
                    for feed in list(self._feeds):
                        feed.offer(item)
            except Exception:
                # A channel is meant to reconnect by itself; one that fails anyway is started
                # again, and the feeds will hear `Listening` when it is back.
                log.exception("events.channel_failed", retry_in=delay)
            self._listening.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._feeds.clear()
        await self.channel.close()
