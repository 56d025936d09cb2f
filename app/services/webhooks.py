"""Webhook subscriptions: a sector system registers where its status events are pushed.

Each system manages its own subscriptions only (another's is 404, as any record out of scope);
an administrator may read them all, to help a system whose deliveries fail, but changes none.
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from dataclasses import dataclass

from app.domain.actor import Actor
from app.domain.deadlines import utcnow
from app.domain.errors import Conflict, Forbidden, NotFound
from app.domain.vocabulary import Role
from app.domain.webhooks import (
    ROTATION_OVERLAP,
    DeliveryStatus,
    NewSubscription,
    SubscriptionChanges,
    check_addresses,
    check_scheme,
    new_secret,
    url_host,
)
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import webhooks as repo
from app.persistence.tables.webhooks import StatusEvent, WebhookDelivery, WebhookSubscription
from app.persistence.uow import UnitOfWork
from app.services.common import check_version

KIND = "webhook subscription"


# ---- where a webhook may point -----------------------------------------------------------


async def resolve(host: str, port: int) -> list[str]:
    """The addresses a host name resolves to (a literal address is itself), in the resolver's
    order of preference, each once."""
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in found))


async def checked_addresses(url: str, *, allow_private: bool) -> list[str]:
    """Resolve the URL's host once and return the addresses that passed the check, or refuse
    (422 at `#/url`) a URL that is not https or whose host resolves to an address that is not
    public. A delivery connects to one of these very addresses: resolving the name again on
    connect would let a hostile DNS server answer a public address here and a private one a
    moment later (DNS rebinding)."""
    check_scheme(url, allow_private=allow_private)
    host, port = url_host(url)
    addresses = await resolve(host, port)
    check_addresses(host, addresses, allow_private=allow_private)
    return addresses


async def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse a URL a webhook may not point at, when a subscription is made or changed."""
    await checked_addresses(url, allow_private=allow_private)


# ---- who may see what ----------------------------------------------------------------------


def _system(actor: Actor) -> str:
    if actor.is_professional or actor.client_id is None:
        raise Forbidden("Webhook subscriptions are made by sector systems for themselves.")
    return actor.client_id


def _reader(actor: Actor) -> str | None:
    """The client whose subscriptions the actor may read; None for an administrator (all)."""
    if actor.is_professional:
        if not actor.has_role(Role.ADMINISTRATOR):
            raise Forbidden("Only sector systems and administrators read webhook subscriptions.")
        return None
    return _system(actor)


async def _subscription(
    uow: UnitOfWork, client_id: str | None, subscription_id: uuid.UUID
) -> WebhookSubscription:
    row = await uow.session.get(WebhookSubscription, subscription_id)
    if row is None or (client_id is not None and row.client_id != client_id):
        raise NotFound.of(KIND, subscription_id)
    return row


# ---- the use cases -------------------------------------------------------------------------


async def create_subscription(
    uow: UnitOfWork, actor: Actor, data: NewSubscription, *, allow_private: bool
) -> WebhookSubscription:
    client_id = _system(actor)
    url = str(data.url)
    await check_url(url, allow_private=allow_private)
    row = WebhookSubscription(
        client_id=client_id,
        url=url,
        description=data.description,
        event_types=data.event_types,
        secret=new_secret(),
    )
    uow.session.add(row)
    await uow.flush()
    return row


async def list_subscriptions(uow: UnitOfWork, actor: Actor, page: PageRequest) -> PageOf:
    return await repo.subscriptions(uow, _reader(actor), page)


async def get_subscription(
    uow: UnitOfWork, actor: Actor, subscription_id: uuid.UUID
) -> WebhookSubscription:
    return await _subscription(uow, _reader(actor), subscription_id)


async def _for_change(
    uow: UnitOfWork, actor: Actor, subscription_id: uuid.UUID, expected_version: int | None
) -> WebhookSubscription:
    row = await _subscription(uow, _system(actor), subscription_id)
    check_version(row, expected_version)
    return row


async def update_subscription(
    uow: UnitOfWork,
    actor: Actor,
    subscription_id: uuid.UUID,
    changes: SubscriptionChanges,
    *,
    expected_version: int | None,
    allow_private: bool,
) -> WebhookSubscription:
    """Change the URL, the event types, or enable/disable. Enabling again clears the reason it
    was disabled (a 410 from the receiver); deliveries dead-lettered then stay dead (redeliver
    them one by one), and the feed still holds every event."""
    row = await _for_change(uow, actor, subscription_id, expected_version)
    fields = changes.model_dump(exclude_unset=True)
    if fields.get("url") is not None:
        row.url = str(changes.url)
        await check_url(row.url, allow_private=allow_private)
    if fields.get("event_types") is not None:
        row.event_types = list(changes.event_types or [])
    if "description" in fields:
        row.description = changes.description
    if fields.get("enabled") is not None:
        row.enabled = bool(changes.enabled)
        if row.enabled:
            row.disabled_reason = None
        else:
            row.disabled_reason = "Disabled by the client."
    row.updated_at = utcnow()
    uow.session.add(row)
    await uow.flush()
    return row


async def delete_subscription(
    uow: UnitOfWork, actor: Actor, subscription_id: uuid.UUID, *, expected_version: int | None
) -> None:
    """Its deliveries go with it; the status events stay in the client's feed."""
    row = await _for_change(uow, actor, subscription_id, expected_version)
    await repo.delete_deliveries(uow, row.id)
    await uow.session.delete(row)
    await uow.flush()


async def rotate_secret(
    uow: UnitOfWork, actor: Actor, subscription_id: uuid.UUID, *, expected_version: int | None
) -> WebhookSubscription:
    """A new secret signs from now on; the old one signs beside it (a second signature in
    `webhook-signature`) for `ROTATION_OVERLAP`, so the receiver can switch without refusing
    anything."""
    row = await _for_change(uow, actor, subscription_id, expected_version)
    row.previous_secret = row.secret
    row.previous_secret_expires_at = utcnow() + ROTATION_OVERLAP
    row.secret = new_secret()
    row.updated_at = utcnow()
    uow.session.add(row)
    await uow.flush()
    return row


@dataclass(frozen=True)
class DeliveryRecord:
    delivery: WebhookDelivery
    event: StatusEvent


async def list_deliveries(
    uow: UnitOfWork,
    actor: Actor,
    subscription_id: uuid.UUID,
    status: DeliveryStatus | None,
    page: PageRequest,
) -> tuple[list[DeliveryRecord], str | None]:
    subscription = await _subscription(uow, _reader(actor), subscription_id)
    found = await repo.deliveries(uow, subscription.id, status.value if status else None, page)
    events = await repo.status_events_of(uow, [d.status_event_id for d in found.rows])
    records = [DeliveryRecord(d, events[d.status_event_id]) for d in found.rows]
    return records, found.next_cursor


async def redeliver(
    uow: UnitOfWork, actor: Actor, subscription_id: uuid.UUID, delivery_id: uuid.UUID
) -> DeliveryRecord:
    """Send a delivery again as soon as a dispatcher is free, with the same `webhook-id`: a dead
    one after the receiver was fixed, or a delivered one the receiver lost. Its attempts start
    again from the first delay of the schedule."""
    subscription = await _subscription(uow, _system(actor), subscription_id)
    delivery = await uow.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.subscription_id != subscription.id:
        raise NotFound.of("webhook delivery", delivery_id)
    if not subscription.enabled:
        raise Conflict(
            "The subscription is disabled"
            + (f" ({subscription.disabled_reason})" if subscription.disabled_reason else "")
            + ": enable it first."
        )
    delivery.status = DeliveryStatus.PENDING.value
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
    delivery.lease_id = None
    delivery.locked_until = None
    uow.session.add(delivery)
    await uow.flush()
    events = await repo.status_events_of(uow, [delivery.status_event_id])
    return DeliveryRecord(delivery, events[delivery.status_event_id])
