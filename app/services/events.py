"""Reading the event log: the feed, and the history of one aggregate."""

from __future__ import annotations

import uuid

from app.domain.actor import Actor
from app.persistence.repositories import events as repo
from app.persistence.tables.events import StoredEvent
from app.persistence.uow import UnitOfWork


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
