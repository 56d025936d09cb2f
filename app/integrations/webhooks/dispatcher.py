"""The dispatcher: claims due deliveries, sends them signed, records what the receiver said.

At-least-once: a delivery is leased before it is sent and its outcome recorded after, in two
transactions around the HTTP request. A dispatcher stopped or killed in between leaves the lease,
which expires, and the delivery is sent again — by another dispatcher or this one restarted —
with the same `webhook-id`, so a receiver that remembers ids processes it once. Several
dispatchers may run at once (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import structlog
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from app.domain.deadlines import utcnow
from app.domain.errors import InvalidInput
from app.domain.webhooks import message_id
from app.integrations.webhooks import pinned, signing
from app.persistence.repositories.webhooks import Claimed
from app.services import webhook_delivery, webhooks
from app.services.webhook_delivery import Attempt
from app.settings import Settings

log = structlog.get_logger()


class Dispatcher:
    def __init__(
        self,
        factory: async_sessionmaker[AsyncSession],
        settings: Settings,
        *,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.factory = factory
        self.settings = settings
        self._client = client
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # ---- one round -----------------------------------------------------------------------

    async def run_once(self) -> int:
        """Claim a batch of due deliveries and send them concurrently; how many were claimed."""
        claimed = await webhook_delivery.claim(
            self.factory,
            lease=timedelta(seconds=self.settings.webhook_lease),
            limit=self.settings.webhook_batch_size,
        )
        if claimed:
            async with self._http() as client:
                await asyncio.gather(*(self._deliver(client, c) for c in claimed))
        return len(claimed)

    @contextlib.asynccontextmanager
    async def _http(self) -> AsyncIterator[httpx.AsyncClient]:
        if self._client is not None:
            yield self._client
            return
        async with pinned.client(self.settings.webhook_timeout) as client:
            yield client

    async def _deliver(self, client: httpx.AsyncClient, c: Claimed) -> None:
        attempt = await self._send(client, c)
        await webhook_delivery.record(self.factory, [attempt], self.settings.webhook_retry_schedule)

    async def _send(self, client: httpx.AsyncClient, c: Claimed) -> Attempt:
        try:
            # Checked again now: the name may resolve elsewhere than when it was registered; the
            # request then goes to one of these addresses, the name is not resolved again.
            addresses = await webhooks.checked_addresses(
                c.url, allow_private=self.settings.webhook_allow_private_urls
            )
        except InvalidInput as exc:
            return Attempt(c, None, exc.detail)
        now = utcnow()
        secrets = [c.secret]
        if (
            c.previous_secret
            and c.previous_secret_expires_at
            and c.previous_secret_expires_at > now
        ):
            secrets.append(c.previous_secret)
        payload = signing.body(c.type, c.occurred_at, c.payload)
        headers = signing.headers(message_id(c.status_event_id), now, payload, secrets)
        try:
            response = await pinned.post(
                client,
                c.url,
                addresses,
                content=payload.encode(),
                headers=headers,
            )
        except httpx.HTTPError as exc:
            return Attempt(c, None, f"{type(exc).__name__}: {exc}"[:500] or type(exc).__name__)
        log.info(
            "webhook.sent",
            delivery_id=str(c.delivery_id),
            status_code=response.status_code,
            attempt=c.attempts,
        )
        return Attempt(c, response.status_code, None, response.headers.get("retry-after"))

    # ---- running -------------------------------------------------------------------------

    async def run(self) -> None:
        """Deliver until `stop()`: at once while there is work, then every poll interval."""
        self._stopping.clear()
        while not self._stopping.is_set():
            try:
                busy = await self.run_once()
            except Exception:
                # A database hiccup must not end the loop: the work is still in the table.
                log.warning("webhook.dispatcher_failed", exc_info=True)
                busy = 0
            if busy:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._stopping.wait(), timeout=self.settings.webhook_poll_interval
                )

    def start(self) -> asyncio.Task[None]:
        self._task = asyncio.create_task(self.run(), name="webhook-dispatcher")
        return self._task

    async def stop(self, grace: float = 5.0) -> None:
        """Let the round in flight finish (up to `grace` seconds), then cancel it: what it had
        claimed is sent again when its lease ends."""
        self._stopping.set()
        task, self._task = self._task, None
        if task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=grace)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
