"""The pull feed of status events: the same events webhooks push, for a system that polls."""

from __future__ import annotations

from app.domain.actor import Actor
from app.domain.errors import Forbidden
from app.persistence.repositories import webhooks as repo
from app.persistence.tables.webhooks import StatusEvent
from app.persistence.uow import UnitOfWork


async def feed(uow: UnitOfWork, actor: Actor, *, after: int, limit: int) -> list[StatusEvent]:
    """The calling system's own status events after `after`, in the order they were written.
    They are thin (ids and statuses, no child's data beyond our id), so reading them is not a
    disclosure to log."""
    if actor.is_professional or actor.client_id is None:
        raise Forbidden("The status feed is for sector systems.")
    return await repo.feed(uow, actor.client_id, after, limit)
