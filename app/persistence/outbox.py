"""The outbox: status events and their webhook deliveries, written with the change.

`UnitOfWork.commit` calls `write` with the domain events of its transaction, just before the
commit, so a status event exists if and only if the change it tells of was committed. The
audience of a whole transaction is found in a handful of statements whatever its size (one per
kind of route, then the subscriptions), never one per event.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from app.domain.deadlines import utcnow
from app.domain.events import DomainEvent
from app.domain.status_events import StatusDraft, status_draft, wants
from app.persistence.tables.concerns import Concern
from app.persistence.tables.oauth import OAuthClient
from app.persistence.tables.referrals import Referral
from app.persistence.tables.webhooks import StatusEvent, WebhookDelivery, WebhookSubscription

_STATUS_EVENTS = StatusEvent.__table__  # type: ignore[attr-defined]
_DELIVERIES = WebhookDelivery.__table__  # type: ignore[attr-defined]


async def write(session: AsyncSession, events: Sequence[DomainEvent]) -> int:
    """Store the status events `events` give rise to, and a delivery for each subscription that
    wants one. Returns how many status events were written."""
    drafts = [d for d in map(status_draft, events) if d is not None]
    if not drafts:
        return 0
    audience = await _audience(session, drafts)
    rows: list[dict[str, Any]] = []
    for draft in drafts:
        for client_id in audience.get(id(draft), ()):
            rows.append(_row(draft, client_id))
    if not rows:
        return 0
    await (await session.connection()).execute(insert(_STATUS_EVENTS), rows)
    await _deliveries(session, rows)
    return len(rows)


def _row(draft: StatusDraft, client_id: str) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "client_id": client_id,
        "type": draft.type.value,
        "aggregate_type": draft.source.aggregate_type,
        "aggregate_id": draft.source.aggregate_id,
        "domain_event_id": draft.source.id,
        "payload": draft.data(),
        "occurred_at": draft.source.occurred_at,
    }


async def _audience(session: AsyncSession, drafts: Sequence[StatusDraft]) -> dict[int, list[str]]:
    """Each draft's OAuth clients, keyed by the draft's identity. Read after the transaction's
    last flush, so a referral accepted into a case in this very transaction already names it."""
    keys: dict[str, set[uuid.UUID]] = defaultdict(set)
    for d in drafts:
        keys[d.via].add(d.key)
        if d.also_concern is not None:
            keys["concern"].add(d.also_concern)
    by_concern = await _concern_sources(session, keys["concern"])
    by_referral = await _referral_sources(session, keys["referral"])
    by_case = await _case_sources(session, keys["case"])
    by_organisation = await _organisation_systems(session, keys["organisation"])
    found: dict[int, list[str]] = {}
    for d in drafts:
        table = {
            "concern": by_concern,
            "referral": by_referral,
            "case": by_case,
            "organisation": by_organisation,
        }[d.via]
        clients = set(table.get(d.key, ()))
        if d.also_concern is not None:
            clients.update(by_concern.get(d.also_concern, ()))
        found[id(d)] = sorted(clients)
    return found


def _grouped(pairs: Iterable[Any]) -> dict[uuid.UUID, set[str]]:
    out: dict[uuid.UUID, set[str]] = defaultdict(set)
    for key, client in pairs:
        if client:
            out[key].add(client)
    return out


async def _concern_sources(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, set[str]]:
    if not ids:
        return {}
    stmt = select(col(Concern.id), col(Concern.source_system)).where(
        col(Concern.id).in_(ids), col(Concern.source_system).is_not(None)
    )
    return _grouped((await (await session.connection()).execute(stmt)).all())


async def _referral_sources(
    session: AsyncSession, ids: set[uuid.UUID]
) -> dict[uuid.UUID, set[str]]:
    if not ids:
        return {}
    stmt = (
        select(col(Referral.id), col(Concern.source_system))
        .join(Concern, col(Concern.id) == col(Referral.concern_id))
        .where(col(Referral.id).in_(ids), col(Concern.source_system).is_not(None))
    )
    return _grouped((await (await session.connection()).execute(stmt)).all())


async def _case_sources(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, set[str]]:
    """The senders of the concerns whose referrals were accepted into each case."""
    if not ids:
        return {}
    stmt = (
        select(col(Referral.case_id), col(Concern.source_system))
        .join(Concern, col(Concern.id) == col(Referral.concern_id))
        .where(col(Referral.case_id).in_(ids), col(Concern.source_system).is_not(None))
        .distinct()
    )
    return _grouped((await (await session.connection()).execute(stmt)).all())


async def _organisation_systems(
    session: AsyncSession, ids: set[uuid.UUID]
) -> dict[uuid.UUID, set[str]]:
    """The active sector systems acting for each organisation."""
    if not ids:
        return {}
    stmt = select(col(OAuthClient.organisation_id), col(OAuthClient.client_id)).where(
        col(OAuthClient.organisation_id).in_(ids),
        col(OAuthClient.kind) == "system",
        col(OAuthClient.active).is_(True),
    )
    return _grouped((await (await session.connection()).execute(stmt)).all())


async def _deliveries(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    clients = {r["client_id"] for r in rows}
    stmt = select(
        col(WebhookSubscription.id),
        col(WebhookSubscription.client_id),
        col(WebhookSubscription.event_types),
    ).where(
        col(WebhookSubscription.client_id).in_(clients),
        col(WebhookSubscription.enabled).is_(True),
    )
    subscriptions: dict[str, list[tuple[uuid.UUID, list[str]]]] = defaultdict(list)
    for sub_id, client_id, types in (await (await session.connection()).execute(stmt)).all():
        subscriptions[client_id].append((sub_id, list(types or [])))
    now = utcnow()
    deliveries = [
        _delivery(sub_id, row["id"], now)
        for row in rows
        for sub_id, types in subscriptions.get(row["client_id"], ())
        if wants(types, row["type"])
    ]
    if deliveries:
        await (await session.connection()).execute(insert(_DELIVERIES), deliveries)


def _delivery(subscription_id: uuid.UUID, status_event_id: uuid.UUID, now: datetime) -> Any:
    return {
        "id": uuid.uuid4(),
        "subscription_id": subscription_id,
        "status_event_id": status_event_id,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
