"""Queries of status back: subscriptions, deliveries, the feed, and the dispatchers' claims."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import col, select

from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.tables.webhooks import StatusEvent, WebhookDelivery, WebhookSubscription
from app.persistence.uow import UnitOfWork


async def subscriptions(uow: UnitOfWork, client_id: str | None, page: PageRequest) -> PageOf:
    """A client's subscriptions (every client's for `None`), newest first."""
    stmt = select(WebhookSubscription)
    if client_id is not None:
        stmt = stmt.where(col(WebhookSubscription.client_id) == client_id)
    rows = (await uow.session.exec(keyset(stmt, WebhookSubscription, page))).all()
    return trim(rows, page)


async def deliveries(
    uow: UnitOfWork, subscription_id: uuid.UUID, status: str | None, page: PageRequest
) -> PageOf:
    stmt = select(WebhookDelivery).where(col(WebhookDelivery.subscription_id) == subscription_id)
    if status is not None:
        stmt = stmt.where(col(WebhookDelivery.status) == status)
    return trim((await uow.session.exec(keyset(stmt, WebhookDelivery, page))).all(), page)


async def status_events_of(uow: UnitOfWork, ids: list[uuid.UUID]) -> dict[uuid.UUID, StatusEvent]:
    if not ids:
        return {}
    stmt = select(StatusEvent).where(col(StatusEvent.id).in_(ids))
    return {e.id: e for e in (await uow.session.exec(stmt)).all()}


async def feed(uow: UnitOfWork, client_id: str, after: int, limit: int) -> list[StatusEvent]:
    stmt = (
        select(StatusEvent)
        .where(col(StatusEvent.client_id) == client_id, col(StatusEvent.position) > after)
        .order_by(col(StatusEvent.position))
        .limit(limit)
    )
    return list((await uow.session.exec(stmt)).all())


async def dead_letter_pending(uow: UnitOfWork, subscription_id: uuid.UUID, reason: str) -> None:
    await uow.session.exec(
        update(WebhookDelivery)
        .where(
            col(WebhookDelivery.subscription_id) == subscription_id,
            col(WebhookDelivery.status) == "pending",
        )
        .values(status="dead", last_error=reason[:500], lease_id=None, locked_until=None)
    )


async def delete_deliveries(uow: UnitOfWork, subscription_id: uuid.UUID) -> None:
    await uow.session.exec(
        delete(WebhookDelivery).where(col(WebhookDelivery.subscription_id) == subscription_id)
    )


# ---- the dispatchers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    """What one claimed delivery needs to be sent, read in the claiming transaction."""

    delivery_id: uuid.UUID
    lease_id: uuid.UUID
    attempts: int
    status_event_id: uuid.UUID
    type: str
    payload: dict[str, Any]
    occurred_at: datetime
    subscription_id: uuid.UUID
    url: str
    secret: str
    previous_secret: str | None
    previous_secret_expires_at: datetime | None


async def claim_due(
    uow: UnitOfWork, now: datetime, lease_until: datetime, limit: int
) -> list[Claimed]:
    """Lease up to `limit` due deliveries of enabled subscriptions. On PostgreSQL the rows are
    locked with SKIP LOCKED, so concurrent dispatchers claim disjoint sets; SQLite has one writer
    at a time, which serialises the claims."""
    due = (
        select(col(WebhookDelivery.id))
        .join(
            WebhookSubscription,
            col(WebhookSubscription.id) == col(WebhookDelivery.subscription_id),
        )
        .where(
            col(WebhookDelivery.status) == "pending",
            col(WebhookDelivery.next_attempt_at) <= now,
            col(WebhookSubscription.enabled).is_(True),
        )
        .order_by(col(WebhookDelivery.next_attempt_at))
        .limit(limit)
    )
    if uow.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True, of=WebhookDelivery)
    ids = list((await uow.session.exec(due)).all())
    if not ids:
        return []
    lease = uuid.uuid4()
    await uow.session.exec(
        update(WebhookDelivery)
        .where(col(WebhookDelivery.id).in_(ids))
        .values(
            lease_id=lease,
            locked_until=lease_until,
            next_attempt_at=lease_until,
            attempts=WebhookDelivery.attempts + 1,
        )
    )
    stmt = (
        select(WebhookDelivery, StatusEvent, WebhookSubscription)
        .join(StatusEvent, col(StatusEvent.id) == col(WebhookDelivery.status_event_id))
        .join(
            WebhookSubscription,
            col(WebhookSubscription.id) == col(WebhookDelivery.subscription_id),
        )
        .where(col(WebhookDelivery.id).in_(ids))
        .execution_options(populate_existing=True)
    )
    return [
        Claimed(
            delivery_id=d.id,
            lease_id=lease,
            attempts=d.attempts,
            status_event_id=e.id,
            type=e.type,
            payload=e.payload,
            occurred_at=e.occurred_at,
            subscription_id=s.id,
            url=s.url,
            secret=s.secret,
            previous_secret=s.previous_secret,
            previous_secret_expires_at=s.previous_secret_expires_at,
        )
        for d, e, s in (await uow.session.exec(stmt)).all()
    ]


async def leased(uow: UnitOfWork, delivery_id: uuid.UUID, lease_id: uuid.UUID) -> bool:
    """Whether the delivery is still held under this lease (not expired and taken by another
    dispatcher, nor reset by a redelivery)."""
    stmt = select(col(WebhookDelivery.id)).where(
        col(WebhookDelivery.id) == delivery_id, col(WebhookDelivery.lease_id) == lease_id
    )
    if uow.session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return (await uow.session.exec(stmt)).first() is not None
