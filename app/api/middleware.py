"""ASGI middleware: request id, body size limit, Idempotency-Key.

Pure ASGI (not BaseHTTPMiddleware) so the body is read once, bounded, and streamed on unchanged.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, select

from app.domain.deadlines import utcnow
from app.persistence.tables.idempotency import IdempotencyRecord

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PROBLEM = b"application/problem+json"
NOT_KEPT = "idempotency_not_kept"
"""Set in the request state by a handler whose answer must not be replayed although it is 2xx."""
NOT_IDEMPOTENT_PREFIXES = ("/oauth/", "/api/v1/admin/clients", "/api/v1/webhooks")
"""Endpoints whose answers are credentials (tokens; a client's new secret; a webhook's signing
secret): a stored replay would keep them in the clear, and clients retry by asking again."""


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", []):
        if k.lower() == name:
            return str(v.decode("latin-1"))
    return None


async def _send_problem(
    send: Send, scope: Scope, status: int, code: str, title: str, detail: str
) -> None:
    body = json.dumps(
        {
            "type": f"/problems/{code}",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": scope.get("path", ""),
            "request_id": scope.get("state", {}).get("request_id"),
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", PROBLEM), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestContextMiddleware:
    """Gives every request an id (or keeps the caller's X-Request-ID) for logs and problems."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and len(incoming) <= 100 else str(uuid.uuid4())
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            structlog.contextvars.unbind_contextvars("request_id")


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None when it is larger than `limit`."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


BATCH_ROUTES = frozenset({"/api/v1/integrations/school/attendance"})
"""Routes that take large batches: their limit is `max_batch_bytes`."""


class BodyLimitMiddleware:
    """413 above `max_bytes` (`max_batch_bytes` on batch routes), whether or not the client
    declared Content-Length."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_batch_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_batch_bytes = max_batch_bytes if max_batch_bytes is not None else max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        limit = self.max_batch_bytes if scope["path"] in BATCH_ROUTES else self.max_bytes
        declared = _header(scope, b"content-length")
        too_big_detail = (
            f"The body is larger than {limit} bytes. Split the input (bulk endpoints take batches)."
        )
        if declared and declared.isdigit() and int(declared) > limit:
            await _send_problem(
                send,
                scope,
                413,
                "payload-too-large",
                "The request body is too large",
                too_big_detail,
            )
            return
        body = await _read_body(receive, limit)
        if body is None:
            await _send_problem(
                send,
                scope,
                413,
                "payload-too-large",
                "The request body is too large",
                too_big_detail,
            )
            return
        await self.app(scope, _replay(body), send)


class IdempotencyMiddleware:
    """Idempotency-Key on POST: the same key with the same request replays the first response;
    the same key with a different request is refused.

    A key is claimed (unique per caller) before the request runs, so two concurrent requests with
    one key cannot both act; the claim is released when the request fails, so the caller may fix
    and retry with the same key. Only successful (2xx) responses are kept.
    """

    def __init__(self, app: ASGIApp, ttl_hours: int) -> None:
        self.app = app
        self.ttl = timedelta(hours=ttl_hours)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, b"idempotency-key") if scope["type"] == "http" else None
        if (
            key is None
            or scope["method"] != "POST"
            or scope["path"].startswith(NOT_IDEMPOTENT_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        if not 1 <= len(key) <= 255:
            await _send_problem(
                send,
                scope,
                422,
                "validation-error",
                "The request has invalid fields",
                "Idempotency-Key must be 1 to 255 characters (a UUID is a good choice).",
            )
            return
        body = await _read_body(receive, 1 << 62) or b""
        principal = _header(scope, b"authorization") or _header(scope, b"x-actor-id") or "-"
        principal = hashlib.sha256(principal.encode()).hexdigest()[:64]
        target = scope["path"] + (
            "?" + scope["query_string"].decode() if scope.get("query_string") else ""
        )
        digest = hashlib.sha256(b"POST " + target.encode() + b"\n" + body).hexdigest()
        factory = scope["app"].state.session_factory

        async with factory() as session:
            now = utcnow()
            await session.exec(
                delete(IdempotencyRecord).where(col(IdempotencyRecord.expires_at) < now)
            )
            existing = (
                await session.exec(
                    select(IdempotencyRecord).where(
                        IdempotencyRecord.principal == principal, IdempotencyRecord.key == key
                    )
                )
            ).first()
            if existing is not None:
                await session.commit()
                await self._answer_existing(existing, digest, scope, send)
                return
            session.add(
                IdempotencyRecord(
                    principal=principal,
                    key=key,
                    method="POST",
                    path=target[:500],
                    request_hash=digest,
                    expires_at=now + self.ttl,
                )
            )
            try:
                await session.commit()
            except IntegrityError:
                await _send_problem(
                    send,
                    scope,
                    409,
                    "idempotency-key-in-progress",
                    "A request with this Idempotency-Key is still being processed",
                    "Another request with this key is running; retry after it finishes.",
                )
                return

        captured: dict[str, Any] = {"status": 500, "headers": [], "body": []}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                if scope.get("state", {}).get(NOT_KEPT):
                    # A GraphQL answer in which a mutation was refused: 200 by GraphQL's rules,
                    # but released like a refused REST request.
                    captured["status"] = 0
                captured["headers"] = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                captured["body"].append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, _replay(body), capture)
        finally:
            await self._settle(factory, principal, key, captured)

    async def _answer_existing(
        self, record: IdempotencyRecord, digest: str, scope: Scope, send: Send
    ) -> None:
        if record.request_hash != digest:
            await _send_problem(
                send,
                scope,
                422,
                "idempotency-key-reused",
                "This Idempotency-Key was used with a different request",
                "The key was first used for a different body or address. Use a new key for a "
                "new request.",
            )
            return
        if not record.completed:
            await _send_problem(
                send,
                scope,
                409,
                "idempotency-key-in-progress",
                "A request with this Idempotency-Key is still being processed",
                "Another request with this key is running; retry after it finishes.",
            )
            return
        body = record.response_body or b""
        headers = [(k.encode(), v.encode()) for k, v in record.response_headers.items()]
        headers.append((b"idempotent-replayed", b"true"))
        await send(
            {"type": "http.response.start", "status": record.response_status, "headers": headers}
        )
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    async def _settle(factory: Any, principal: str, key: str, captured: dict[str, Any]) -> None:
        async with factory() as session:
            record = (
                await session.exec(
                    select(IdempotencyRecord).where(
                        IdempotencyRecord.principal == principal, IdempotencyRecord.key == key
                    )
                )
            ).first()
            if record is None:
                return
            if 200 <= captured["status"] < 300:
                keep = {b"content-type", b"etag", b"location"}
                record.completed = True
                record.response_status = captured["status"]
                record.response_headers = {
                    k.decode(): v.decode() for k, v in captured["headers"] if k.lower() in keep
                }
                record.response_body = b"".join(captured["body"])
                session.add(record)
            else:
                await session.delete(record)
            await session.commit()
