"""What every resolver receives: the caller, the request's unit of work, the DataLoaders.

Queries of one HTTP request share one unit of work (one transaction, committed with the answer,
its disclosures sealed). Each mutation runs in a transaction of its own (`mutations.act`), as a
REST request would, so one refused mutation in a document never undoes another that succeeded.
A WebSocket has no request-long transaction: each event a subscription considers opens its own,
and while that event is resolved the context answers with the event's unit of work, the actor as
checked for it, and loaders of its own (`event_scope`): one socket's context is shared by all
its subscriptions, and each subscription runs in a task of its own, hence a context variable.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from strawberry.fastapi import BaseContext

from app.domain.actor import Actor
from app.domain.errors import Unauthenticated
from app.persistence.uow import UnitOfWork
from app.settings import Settings

if TYPE_CHECKING:
    from app.api.graphql.loaders import Loaders
    from app.services.event_channel import Hub


@dataclass
class EventScope:
    uow: UnitOfWork
    actor: Actor
    loaders_: Loaders | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def loaders(self) -> Loaders:
        if self.loaders_ is None:
            from app.api.graphql.loaders import Loaders

            self.loaders_ = Loaders(self.uow, self.actor, self.lock)
        return self.loaders_


_event: ContextVar[EventScope | None] = ContextVar("graphql_event", default=None)


@contextmanager
def event_scope(uow: UnitOfWork, actor: Actor, lock: asyncio.Lock) -> Iterator[EventScope]:
    """`lock` is the one the event's loaders take turns on: whoever ends the event's
    transaction takes it too, so as not to pull the session from under a loader mid-read."""
    scope = EventScope(uow, actor, lock=lock)
    _event.set(scope)
    try:
        yield scope
    finally:
        _event.set(None)


def current_event() -> EventScope | None:
    return _event.get()


@dataclass
class Context(BaseContext):
    settings: Settings
    session_factory: async_sessionmaker[AsyncSession]
    request_id: str | None
    uow_: UnitOfWork | None = None
    actor_: Actor | None = None
    loaders_: Loaders | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    extra: dict[str, Any] = field(default_factory=dict)
    authorization: str | None = None
    """The token sent in connection_init, checked again for every subscription event."""
    hub: Hub | None = None

    def __post_init__(self) -> None:
        super().__init__()

    @property
    def actor(self) -> Actor:
        if (event := _event.get()) is not None:
            return event.actor
        if self.actor_ is None:
            raise Unauthenticated("Send an access token in connection_init or the request.")
        return self.actor_

    @property
    def uow(self) -> UnitOfWork:
        if (event := _event.get()) is not None:
            return event.uow
        if self.uow_ is None:
            raise RuntimeError("this operation has no unit of work (a WebSocket)")
        return self.uow_

    @property
    def loaders(self) -> Loaders:
        if (event := _event.get()) is not None:
            return event.loaders
        if self.loaders_ is None:
            from app.api.graphql.loaders import Loaders

            self.loaders_ = Loaders(self.uow, self.actor, self.lock)
        return self.loaders_
