"""Subscriptions: changes to the records a subscriber may see, fed from the event log.

A subscription is checked when it starts (the REST rule it mirrors, and a named record must be
one the subscriber may see: otherwise it is refused, as REST's 404 or 403 would be). Then, for
every event about a record of its kind, a transaction of its own checks the token again (an
expired or revoked token, or a deactivated professional, ends the stream), asks the access
policy whether the subscriber may see that record now (a record out of reach is skipped without
a word), and reads it through the same service read as REST, so that each delivery is recorded in
the access log. That transaction is committed before the event is sent (`DeliveryExtension`):
the log never misses a record that left the service.

Notices come from the process's channel (`app.services.event_channel`); the event log decides.
A subscription reads the log after its cursor when it starts (`after`, or the log's end when it
was accepted), and again whenever it may have missed notices (a reconnected channel, a full
queue), so it receives every change committed after it was accepted, each once.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import strawberry
import structlog
from graphql import GraphQLError
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from app.api.authentication import authenticate
from app.api.authorization import authorize
from app.api.graphql.context import Context, current_event, event_scope
from app.api.graphql.errors import shaped
from app.api.graphql.relay import uuid_of
from app.api.route_policy import ROUTES, V1
from app.domain.actor import Actor
from app.domain.errors import InvalidInput, NotFound
from app.persistence.tables.events import StoredEvent
from app.persistence.uow import UnitOfWork
from app.services import events as event_service
from app.services.common import is_visible
from app.services.event_channel import Gap, Hub
from app.services.transaction import transaction

log = structlog.get_logger()

R = TypeVar("R")
T = TypeVar("T")

REPLAY_LIMIT = 500
"""The most changes a subscription reads from the log at once (after a cursor, or after it fell
behind); more, and the subscriber is asked to read the current state again instead."""
REMEMBERED = 2048
"""Positions a subscription remembers delivering, so that a change read from the log and also
announced by the channel is sent once."""


@strawberry.type(description="An event from the log: what happened to the record, and when.")
class ChangeEvent:
    cursor: str = strawberry.field(
        description="The event's place in the log. Subscribe again with `after` set to the last "
        "cursor you received to be sent what you missed meanwhile."
    )
    type: str = strawberry.field(description="For example referral.accepted, case.closed.")
    occurred_at: datetime
    summary: str

    @classmethod
    def of(cls, row: StoredEvent) -> ChangeEvent:
        return cls(
            cursor=str(row.position),
            type=row.type,
            occurred_at=row.occurred_at,
            summary=row.summary,
        )


@dataclass(frozen=True)
class Followed(Generic[R]):
    """A kind of record subscribers may follow."""

    kind: str
    """The access policy's kind, which is also the events' aggregate type."""
    node: str
    """The GraphQL type, whose global ids name the record."""
    model: type[SQLModel]
    path: str
    """The REST read the subscription mirrors: its rule admits the subscriber."""
    read: Callable[[UnitOfWork, Actor, uuid.UUID], Awaitable[R]]
    """The service read REST uses for one record: it applies the policy and logs the read."""

    def __post_init__(self) -> None:
        if ("GET", V1 + self.path) not in ROUTES:
            raise ValueError(f"GET {self.path} has no rule in the route table")

    def authorize(self, actor: Actor) -> None:
        # A Strawberry field extension cannot wrap a subscription's stream, so the rule is
        # applied here, at the start and for every event.
        authorize(actor, "GET", V1 + self.path)


async def follow(
    info: strawberry.Info,
    followed: Followed[R],
    build: Callable[[ChangeEvent, R], T],
    id: strawberry.ID | None,
    after: str | None,
) -> AsyncIterator[T]:
    """The subscription's checks, then its stream. Being a coroutine that returns the stream
    (not a generator itself), a refusal here is the operation's error, before anything runs."""
    context: Context = info.context
    actor = context.actor
    followed.authorize(actor)
    record_id = None if id is None else uuid_of(id, followed.node)
    cursor = _cursor(after)
    if context.hub is None:
        raise RuntimeError("the app was started without an event hub")
    start = await _uninterrupted(_start(context, actor, followed, record_id, cursor))
    return _Stream(context, context.hub, followed, record_id, start).run(build)


async def _start(
    context: Context,
    actor: Actor,
    followed: Followed[R],
    record_id: uuid.UUID | None,
    cursor: int | None,
) -> int:
    """Refuse a record out of reach (as missing); the cursor to start from."""
    async with transaction(context.session_factory, context.request_id) as uow:
        if record_id is not None and not await is_visible(
            uow, actor, followed.model, record_id, followed.kind
        ):
            raise NotFound.of(followed.kind, record_id)
        return await event_service.last_position(uow) if cursor is None else cursor


def _cursor(after: str | None) -> int | None:
    if after is None:
        return None
    if not (after.isascii() and after.isdigit()) or len(after) > 18:
        raise InvalidInput.field("after", "Send a cursor this API gave you (an event's cursor).")
    return int(after)


class _Stream(Generic[R]):
    def __init__(
        self,
        context: Context,
        hub: Hub,
        followed: Followed[R],
        record_id: uuid.UUID | None,
        cursor: int,
    ) -> None:
        self.context = context
        self.hub = hub
        self.followed = followed
        self.record_id = record_id
        self.cursor = cursor
        """The furthest position considered: the log is read after it when notices were lost."""
        self.request_id = str(uuid.uuid4())
        """Names this subscription's deliveries in the access log, as a request id does."""
        self._delivered: deque[int] = deque(maxlen=REMEMBERED)

    async def run(self, build: Callable[[ChangeEvent, R], T]) -> AsyncIterator[T]:
        # Listening before the log is read after the cursor: whatever is committed meanwhile is
        # in the one or comes through the other.
        feed = self.hub.feed()
        try:
            due = deque(await _uninterrupted(self._missed()))
            while True:
                if not due:
                    item = await feed.next()
                    if isinstance(item, Gap):
                        due.extend(await _uninterrupted(self._missed()))
                    elif self._concerns(item.aggregate_type, item.aggregate_id):
                        due.append(item.position)
                    continue
                position = due.popleft()
                if position in self._delivered:
                    continue
                self._delivered.append(position)
                self.cursor = max(self.cursor, position)
                async with self._delivery() as (uow, lock):
                    found = await _uninterrupted(self._prepare(uow, position))
                    if found is None:
                        continue
                    actor, event, row = found
                    with event_scope(uow, actor, lock):
                        # Resolved, committed (`DeliveryExtension`) and sent before this resumes.
                        yield build(ChangeEvent.of(event), row)
        finally:
            feed.close()

    @asynccontextmanager
    async def _delivery(self) -> AsyncIterator[tuple[UnitOfWork, asyncio.Lock]]:
        """One event's transaction (`transaction`), whose end a subscriber who leaves meanwhile
        cannot cut short."""
        boundary = transaction(self.context.session_factory, self.request_id)
        uow = await boundary.__aenter__()
        lock = asyncio.Lock()
        try:
            yield uow, lock
        except BaseException as exc:
            if not await _uninterrupted(_end(boundary, lock, exc)):
                raise
        else:
            await _uninterrupted(_end(boundary, lock, None))

    async def _prepare(self, uow: UnitOfWork, position: int) -> tuple[Actor, StoredEvent, R] | None:
        actor = await self._actor(uow)
        found = await self._read(uow, actor, position)
        return None if found is None else (actor, *found)

    def _concerns(self, aggregate_type: str, aggregate_id: uuid.UUID) -> bool:
        return aggregate_type == self.followed.kind and (
            self.record_id is None or aggregate_id == self.record_id
        )

    async def _actor(self, uow: UnitOfWork) -> Actor:
        """The subscriber as the token says now: still valid, and still admitted by the rule."""
        actor = await authenticate(uow, self.context.settings, self.context.authorization)
        self.followed.authorize(actor)
        return actor

    async def _missed(self) -> list[int]:
        async with transaction(self.context.session_factory, self.request_id) as uow:
            actor = await self._actor(uow)
            rows = await event_service.missed(
                uow,
                actor,
                self.followed.model,
                self.followed.kind,
                after=self.cursor,
                limit=REPLAY_LIMIT + 1,
                aggregate_id=self.record_id,
            )
        if len(rows) > REPLAY_LIMIT:
            raise InvalidInput.field(
                "after",
                f"More than {REPLAY_LIMIT} changes were made since this cursor. Read the current "
                "state with a query, then subscribe again without `after`.",
            )
        return [r.position for r in rows if r.position is not None]

    async def _read(
        self, uow: UnitOfWork, actor: Actor, position: int
    ) -> tuple[StoredEvent, R] | None:
        """The event and its record as the subscriber may see it now, or None. The notice was
        only a hint: what is sent is what the log and the record say."""
        event = await event_service.stored(uow, position)
        if event is None or not self._concerns(event.aggregate_type, event.aggregate_id):
            return None
        try:
            # The same read as REST's GET: the policy, then the read logged as a disclosure.
            # Without break-the-glass (never over a socket), out of reach is NotFound.
            row = await self.followed.read(uow, actor, event.aggregate_id)
        except NotFound:
            return None
        return event, row


async def _uninterrupted(work: Awaitable[T]) -> T:
    """`work` run to its end even if this task is cancelled meanwhile (as it is when the
    subscriber leaves); the cancellation then goes on. A database call cut off half-way may leave
    its connection holding locks (SQLite's one write lock) until the garbage collector finds it."""
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        while not task.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(task)
        raise


async def _end(
    boundary: AbstractAsyncContextManager[UnitOfWork],
    lock: asyncio.Lock,
    exc: BaseException | None,
) -> bool:
    async with lock:  # a loader of the event may still be reading on its session
        if exc is None:
            return bool(await boundary.__aexit__(None, None, None))
        return bool(await boundary.__aexit__(type(exc), exc, exc.__traceback__))


class DeliveryExtension(SchemaExtension):
    """Around each result a stream sends (a subscription's events; an operation sent over the
    socket): the event's transaction is committed before it leaves, so that a delivery whose
    access-log entries could not be written is not sent; and errors are shaped as over HTTP."""

    async def on_stream_result(self, result: Any) -> AsyncIterator[None]:
        event = current_event()
        if event is not None and isinstance(result, ExecutionResult):
            try:
                await _uninterrupted(event.uow.commit())
            except SQLAlchemyError:
                log.exception("graphql.delivery_not_recorded")
                result.data = None
                result.errors = [
                    GraphQLError(
                        "The change could not be delivered; subscribe again with your last cursor.",
                        extensions={"code": "internal-error", "status": 500},
                    )
                ]
        if isinstance(result, ExecutionResult) and result.errors:
            request_id = getattr(self.execution_context.context, "request_id", None)
            result.errors = [shaped(e, request_id) for e in result.errors]
        yield
