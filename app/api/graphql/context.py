"""What every resolver receives: the caller, the request's unit of work, the DataLoaders.

Queries of one HTTP request share one unit of work (one transaction, committed with the answer,
its disclosures sealed). Each mutation runs in a transaction of its own (`mutations.act`), as a
REST request would, so one refused mutation in a document never undoes another that succeeded.
A WebSocket has no request-long transaction: each event a subscription considers opens its own.
"""

from __future__ import annotations

import asyncio
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

    def __post_init__(self) -> None:
        super().__init__()

    @property
    def actor(self) -> Actor:
        if self.actor_ is None:
            raise Unauthenticated("Send an access token in connection_init or the request.")
        return self.actor_

    @property
    def uow(self) -> UnitOfWork:
        if self.uow_ is None:
            raise RuntimeError("this operation has no unit of work (a WebSocket)")
        return self.uow_

    @property
    def loaders(self) -> Loaders:
        if self.loaders_ is None:
            from app.api.graphql.loaders import Loaders

            self.loaders_ = Loaders(self.uow, self.actor, self.lock)
        return self.loaders_
