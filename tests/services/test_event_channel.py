"""The hub between a process's channel and its subscriptions, without a database or a server."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence

import pytest

from app.persistence.channels import LISTENING, EventNotice, Listening
from app.persistence.channels.memory import MemoryChannel
from app.persistence.channels.postgres import PostgresChannel
from app.persistence.channels.redis import RedisChannel
from app.services.event_channel import GAP, Hub, open_channel
from app.settings import Settings

WAIT = 5.0


def notice(position: int) -> EventNotice:
    return EventNotice(position, uuid.uuid4(), "referral.received", "referral", uuid.uuid4())


async def test_a_slow_subscriber_is_sent_to_the_log_and_holds_up_nobody() -> None:
    hub = Hub(MemoryChannel(), feed_size=4)
    await asyncio.wait_for(hub.listening(), WAIT)
    fast, slow = hub.feed(), hub.feed()
    for position in range(1, 11):
        sent = notice(position)
        await hub.channel.publish([sent])
        assert await asyncio.wait_for(fast.next(), WAIT) == sent
    # The slow one never read: what it had queued was dropped for a gap, so it reads the log.
    assert await asyncio.wait_for(slow.next(), WAIT) is GAP
    await hub.stop()


class Flaky:
    """A channel that loses its connection once, as a database restart would."""

    def __init__(self) -> None:
        self.lost = asyncio.Event()
        self.first = notice(1)

    async def publish(self, notices: Sequence[EventNotice]) -> None:
        return None

    async def listen(self) -> AsyncIterator[EventNotice | Listening]:
        yield LISTENING
        yield self.first
        await self.lost.wait()
        yield LISTENING  # listening again, on a new connection
        await asyncio.Event().wait()

    async def close(self) -> None:
        return None


async def test_a_reconnected_channel_sends_every_subscription_to_the_log() -> None:
    channel = Flaky()
    hub = Hub(channel)
    feed = hub.feed()  # before the channel listens: it may miss notices, so a gap first
    assert await asyncio.wait_for(feed.next(), WAIT) is GAP
    assert await asyncio.wait_for(feed.next(), WAIT) == channel.first
    channel.lost.set()
    assert await asyncio.wait_for(feed.next(), WAIT) is GAP
    feed.close()
    assert hub.subscriptions == 0
    await hub.stop()


@pytest.mark.parametrize(
    "text",
    ["", "[]", '{"position": "1"}', '{"position": true, "id": "x"}', "not json", '{"a": 1}'],
)
def test_a_notice_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not an event notice"):
        EventNotice.from_json(text)


def test_the_channel_follows_the_database_unless_told() -> None:
    sqlite = "sqlite+aiosqlite:///var/x.db"
    postgres = "postgresql+asyncpg://postgres@127.0.0.1:5432/x"
    assert isinstance(open_channel(Settings(database_url=sqlite)), MemoryChannel)
    assert isinstance(open_channel(Settings(database_url=postgres)), PostgresChannel)
    redis = Settings(database_url=postgres, graphql_event_channel="redis")
    assert isinstance(open_channel(redis), RedisChannel)
    with pytest.raises(ValueError, match="PostgreSQL"):
        open_channel(Settings(database_url=sqlite, graphql_event_channel="postgres"))
