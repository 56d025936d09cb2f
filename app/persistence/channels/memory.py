"""The embedded default: one process, so what it commits is all there is to hear."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

from app.persistence.channels import LISTENING, EventNotice, Listening


class MemoryChannel:
    def __init__(self) -> None:
        self._listeners: set[asyncio.Queue[EventNotice]] = set()

    async def publish(self, notices: Sequence[EventNotice]) -> None:
        # Unbounded: the one reader (the process's hub) only hands notices on, never waits.
        for queue in self._listeners:
            for notice in notices:
                queue.put_nowait(notice)

    async def listen(self) -> AsyncIterator[EventNotice | Listening]:
        queue: asyncio.Queue[EventNotice] = asyncio.Queue()
        self._listeners.add(queue)
        try:
            yield LISTENING
            while True:
                yield await queue.get()
        finally:
            self._listeners.discard(queue)

    async def close(self) -> None:
        return None
