"""Redis pub/sub, for deployments that run Redis anyway.

Unlike NOTIFY, a PUBLISH cannot be part of the database transaction, so it is sent after the
commit, from a background task: a slow or absent Redis never holds up the answer to the request
that made the change. A notice that cannot be sent is lost to the other processes (subscribers
there see the change when their channel next reconnects and they read the log), so Redis is the
second choice where the database is PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence

import structlog
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from app.persistence.channels import LISTENING, EventNotice, Listening

log = structlog.get_logger()

MAX_RETRY_DELAY = 30.0
OUTBOX_SIZE = 10_000
"""Notices waiting to be published; past this (Redis gone for long) new ones are dropped."""
PUBLISH_ATTEMPTS = 3


class RedisChannel:
    def __init__(
        self, url: str, channel: str, *, health_interval: float = 30.0, retry_delay: float = 1.0
    ) -> None:
        self._url = url
        self.channel = channel
        self._health_interval = health_interval
        self._retry_delay = retry_delay
        self._client: Redis | None = None
        self._outbox: asyncio.Queue[str] = asyncio.Queue(OUTBOX_SIZE)
        self._sender: asyncio.Task[None] | None = None

    def _redis(self) -> Redis:
        if self._client is None:
            # No silent reconnection: a subscriber must learn that it may have missed notices,
            # so a lost connection has to surface here, where `listen` says so.
            self._client = Redis.from_url(
                self._url,
                socket_connect_timeout=5,
                retry=Retry(NoBackoff(), 0),
                client_name=self.channel,  # how its connections show in CLIENT LIST
            )
        return self._client

    async def publish(self, notices: Sequence[EventNotice]) -> None:
        for notice in notices:
            try:
                self._outbox.put_nowait(notice.to_json())
            except asyncio.QueueFull:
                log.warning("events.publish_dropped", position=notice.position)
        if self._sender is None or self._sender.done():
            self._sender = asyncio.create_task(self._send(), name="redis-event-publisher")

    async def _send(self) -> None:
        while True:
            payload = await self._outbox.get()
            try:
                for attempt in range(1, PUBLISH_ATTEMPTS + 1):
                    try:
                        await self._redis().publish(self.channel, payload)
                        break
                    except (RedisError, OSError) as exc:
                        log.warning("events.publish_failed", error=repr(exc), attempt=attempt)
                        await asyncio.sleep(self._retry_delay * attempt)
            finally:
                self._outbox.task_done()

    async def listen(self) -> AsyncIterator[EventNotice | Listening]:
        delay = self._retry_delay
        while True:
            pubsub = self._redis().pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                delay = self._retry_delay
                yield LISTENING
                while True:
                    message = await pubsub.get_message(timeout=self._health_interval)
                    if message is None:
                        await pubsub.ping()  # a quiet connection may be a dead one
                        continue
                    if message.get("type") != "message":
                        continue
                    try:
                        notice = EventNotice.from_json(message["data"])
                    except ValueError:
                        log.warning("events.bad_notice", channel=self.channel)
                        continue
                    yield notice
            except (RedisError, OSError) as exc:
                log.warning("events.listener_lost", error=repr(exc), retry_in=delay)
            finally:
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_RETRY_DELAY)

    async def close(self) -> None:
        """Send what is still waiting (briefly), then let go of Redis."""
        if self._sender is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(2):
                    await self._outbox.join()
            self._sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sender
        if self._client is not None:
            await self._client.aclose()
