"""Reading the event log: the feed, and the history of one aggregate."""

from __future__ import annotations

import uuid

from sqlmodel import SQLModel

from app.domain.actor import Actor
from app.persistence.repositories import events as repo
from app.persistence.scoping import visible
from app.persistence.tables.events import StoredEvent
from app.persistence.uow import UnitOfWork
from app.services.common import POLICY_KINDS


async def feed(
    uow: UnitOfWork, actor: Actor, *, after: int, limit: int, types: list[str] | None = None
) -> list[StoredEvent]:
    """The events that involve the caller's organisation: a sector system hears what became of
    what it sent, a guardianship authority what happens in its cases; nobody reads the whole
    country's stream."""
    return await repo.after(uow, after, limit, types=types, organisation_id=actor.organisation_id)


async def history(
    uow: UnitOfWork, actor: Actor, aggregate_type: str, aggregate_id: uuid.UUID
) -> list[StoredEvent]:
    """Who did what to one record, and when (every transition of a referral, a case ...)."""
    return await repo.of_aggregate(uow, aggregate_type, aggregate_id)


# ---- for subscriptions -------------------------------------------------------------------------


async def last_position(uow: UnitOfWork) -> int:
    """Where the log ends now: a subscription without a cursor starts here."""
    return await repo.last_position(uow)


async def stored(uow: UnitOfWork, position: int) -> StoredEvent | None:
    return await repo.at(uow, position)


async def missed(
    uow: UnitOfWork,
    actor: Actor,
    model: type[SQLModel],
    kind: str,
    *,
    after: int,
    limit: int,
    aggregate_id: uuid.UUID | None = None,
) -> list[StoredEvent]:
    """Events after `after` about records of `kind` the actor may see now, judged in SQL by the
    same policy as every list. Nothing is disclosed: each is read (and logged) when delivered."""
    scope = visible(POLICY_KINDS[kind], model, actor)
    return await repo.about_visible(
        uow, model, kind, after, limit, scope, aggregate_id=aggregate_id
    )
