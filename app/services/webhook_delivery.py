"""The dispatchers' side of webhooks: claim due deliveries, then record what the receiver said.

Each step is its own short transaction, and the HTTP request is made between them, outside any
transaction: a slow receiver holds no lock and no connection. The claim is a lease; an outcome is
recorded only while that lease is still the delivery's, so a dispatcher that was too slow (its
lease expired and another sent the delivery) cannot overwrite the other's result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from app.domain.deadlines import utcnow
from app.domain.webhooks import DeliveryStatus, outcome
from app.persistence.repositories import webhooks as repo
from app.persistence.repositories.webhooks import Claimed
from app.persistence.tables.webhooks import WebhookDelivery, WebhookSubscription
from app.persistence.uow import UnitOfWork

Factory = async_sessionmaker[AsyncSession]


async def claim(factory: Factory, *, lease: timedelta, limit: int) -> list[Claimed]:
    async with UnitOfWork(factory) as uow:
        now = utcnow()
        claimed = await repo.claim_due(uow, now, now + lease, limit)
        await uow.commit()
    return claimed


@dataclass(frozen=True)
class Attempt:
    """What one attempt got: a status code, or an error before any answer."""

    claimed: Claimed
    status_code: int | None
    error: str | None
    retry_after: str | None = None


async def record(
    factory: Factory, attempts: Sequence[Attempt], schedule: Sequence[float]
) -> list[DeliveryStatus]:
    """Store each attempt's outcome in one transaction; a 410 disables the subscription and
    dead-letters its pending deliveries."""
    results: list[DeliveryStatus] = []
    async with UnitOfWork(factory) as uow:
        for attempt in attempts:
            results.append(await _record_one(uow, attempt, schedule))
        await uow.commit()
    return results


async def _record_one(
    uow: UnitOfWork, attempt: Attempt, schedule: Sequence[float]
) -> DeliveryStatus:
    c = attempt.claimed
    if not await repo.leased(uow, c.delivery_id, c.lease_id):
        return DeliveryStatus.PENDING  # another dispatcher (or a redelivery) has it now
    delivery = await uow.session.get(WebhookDelivery, c.delivery_id, populate_existing=True)
    assert delivery is not None
    now = utcnow()
    result = outcome(
        attempt.status_code, c.attempts, schedule, now, retry_after_header=attempt.retry_after
    )
    delivery.last_attempt_at = now
    delivery.last_status_code = attempt.status_code
    delivery.last_error = attempt.error or _error_of(attempt.status_code)
    if delivery.last_error:
        delivery.last_error = delivery.last_error[:500]
    delivery.status = result.status.value
    delivery.lease_id = None
    delivery.locked_until = None
    if result.status is DeliveryStatus.DELIVERED:
        delivery.delivered_at = now
    if result.next_attempt_at is not None:
        delivery.next_attempt_at = result.next_attempt_at
    uow.session.add(delivery)
    await uow.flush()
    if result.disable:
        await _disable(uow, c, now)
    return result.status


def _error_of(status_code: int | None) -> str | None:
    if status_code is None or 200 <= status_code < 300:
        return None
    return f"The receiver answered {status_code}."


async def _disable(uow: UnitOfWork, c: Claimed, now: datetime) -> None:
    subscription = await uow.session.get(WebhookSubscription, c.subscription_id)
    if subscription is None:
        return
    reason = f"The receiver answered 410 Gone at {now:%Y-%m-%dT%H:%M:%SZ}."
    subscription.enabled = False
    subscription.disabled_reason = reason
    subscription.updated_at = now
    uow.session.add(subscription)
    await uow.flush()
    await repo.dead_letter_pending(uow, c.subscription_id, reason)
