"""A real webhook receiver for the delivery tests: a small ASGI app served by uvicorn on
127.0.0.1, verifying every delivery with `standardwebhooks` as an integrator would."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass
class Received:
    webhook_id: str
    headers: dict[str, str]
    body: bytes
    verified: bool
    status: int

    @property
    def document(self) -> dict[str, Any]:
        return dict(json.loads(self.body))


Answer = tuple[int, dict[str, str]]
Behaviour = Callable[["Receiver", dict[str, str]], Awaitable[Answer]]


async def ok(_: Receiver, __: dict[str, str]) -> Answer:
    return 204, {}


@dataclass
class Receiver:
    """Records every request; answers as `behaviour` says (204 by default)."""

    secret: str = ""
    behaviour: Behaviour = ok
    received: list[Received] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    """Set to let requests held by a hanging behaviour go."""

    def verifies(self, r: Received, secret: str | None = None) -> bool:
        try:
            Webhook(secret or self.secret).verify(r.body, r.headers)
        except WebhookVerificationError:
            return False
        return True

    def ids(self) -> list[str]:
        return [r.webhook_id for r in self.received]

    def seen(self, webhook_id: str) -> int:
        return sum(1 for r in self.received if r.webhook_id == webhook_id)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        record = Received(headers.get("webhook-id", ""), headers, body, False, 0)
        record.verified = self.verifies(record)
        self.received.append(record)
        status, extra = await self.behaviour(self, headers)
        record.status = status
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(k.encode(), v.encode()) for k, v in extra.items()],
            }
        )
        await send({"type": "http.response.body", "body": b""})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def serving(
    receiver: Receiver, port: int, *, certificate: str | None = None
) -> AsyncIterator[None]:
    """Serve `receiver` on 127.0.0.1:`port` in a task of the test's event loop; over TLS when
    given `certificate`, a PEM file holding the private key and the certificate chain."""
    config = uvicorn.Config(
        receiver,
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
        timeout_graceful_shutdown=1,
        ssl_certfile=certificate,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield
    finally:
        receiver.release.set()
        server.should_exit = True
        await task
