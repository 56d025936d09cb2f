"""Webhook subscriptions of sector systems, and their deliveries.

A system manages its own subscriptions (scope `webhooks:manage`); an administrator may read any,
to help a system whose deliveries fail. The signing secret appears in two answers only, creation
and rotation (Idempotency-Key is ignored for both, so no stored replay keeps it).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import ConfigDict
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, ExpectedVersion, Uow, set_etag
from app.api.rest.pagination import Page, Paging
from app.api.rest.responses import CHANGE, CREATE, LIST, READ, forbidden
from app.api.rest.views import View
from app.domain.webhooks import DeliveryStatus, NewSubscription, SubscriptionChanges, message_id
from app.persistence.tables.webhooks import WebhookSubscription
from app.services import webhooks as service
from app.services.webhooks import DeliveryRecord
from app.settings import Settings

router = APIRouter(prefix="/webhooks", tags=["status back"])

SYSTEMS_ONLY = forbidden(
    "Only sector systems manage webhooks",
    "Webhook subscriptions are made by sector systems for themselves.",
)

SUBSCRIPTION: JsonDict = {
    "id": "3c9e2f0a-51d4-4b8e-9a7c-6d2e1f0b4a93",
    "client_id": "sime-calarasi",
    "url": "https://sime.calarasi.md/girfec/webhooks",
    "description": "Registrul școlar: starea semnalărilor trimise",
    "event_types": ["case.closed", "referral.accepted", "referral.declined"],
    "enabled": True,
    "disabled_reason": None,
    "previous_secret_expires_at": None,
    "version": 1,
    "created_at": "2025-03-03T09:00:00Z",
    "updated_at": "2025-03-03T09:00:00Z",
}
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw0b8pK3o6gXQ="  # noqa: S105 (an example)


class SubscriptionView(View):
    """A subscription. Its secret is never shown here."""

    model_config = ConfigDict(json_schema_extra={"examples": [SUBSCRIPTION]})

    id: uuid.UUID
    client_id: str
    url: str
    description: str | None
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None
    previous_secret_expires_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class SubscriptionWithSecretView(SubscriptionView):
    model_config = ConfigDict(json_schema_extra={"examples": [{**SUBSCRIPTION, "secret": SECRET}]})

    secret: str
    """Shown once (creation, rotation): verify every delivery with it (Standard Webhooks)."""


DELIVERY: JsonDict = {
    "id": "8b1f3e2d-4c5a-4e6f-9a0b-1c2d3e4f5a6b",
    "subscription_id": SUBSCRIPTION["id"],
    "status_event_id": "e5d4c3b2-a190-4f8e-8d7c-6b5a4f3e2d1c",
    "webhook_id": "msg_e5d4c3b2a1904f8e8d7c6b5a4f3e2d1c",
    "type": "referral.accepted",
    "status": "pending",
    "attempts": 2,
    "next_attempt_at": "2025-03-12T10:50:05Z",
    "last_attempt_at": "2025-03-12T10:20:05Z",
    "last_status_code": 503,
    "last_error": "The receiver answered 503.",
    "delivered_at": None,
    "created_at": "2025-03-12T10:15:00Z",
}


class DeliveryView(View):
    model_config = ConfigDict(json_schema_extra={"examples": [DELIVERY]})

    id: uuid.UUID
    subscription_id: uuid.UUID
    status_event_id: uuid.UUID
    webhook_id: str
    type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, record: DeliveryRecord) -> DeliveryView:
        d = record.delivery
        return cls(
            id=d.id,
            subscription_id=d.subscription_id,
            status_event_id=d.status_event_id,
            webhook_id=message_id(d.status_event_id),
            type=record.event.type,
            status=DeliveryStatus(d.status),
            attempts=d.attempts,
            next_attempt_at=d.next_attempt_at if d.status == "pending" else None,
            last_attempt_at=d.last_attempt_at,
            last_status_code=d.last_status_code,
            last_error=d.last_error,
            delivered_at=d.delivered_at,
            created_at=d.created_at,
        )


def _allow_private(request: Request) -> bool:
    settings: Settings = request.app.state.settings
    return settings.webhook_allow_private_urls


def _shown(row: WebhookSubscription, response: Response) -> SubscriptionView:
    set_etag(response, row.version)
    return SubscriptionView.model_validate(row)


def _with_secret(row: WebhookSubscription, response: Response) -> SubscriptionWithSecretView:
    set_etag(response, row.version)
    return SubscriptionWithSecretView.model_validate(row)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Subscribe to status events",
    description="Status events of this system (see `GET /status-events`) are pushed to `url`, "
    "signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) "
    "with the `secret` of this answer, **shown once**. `event_types` empty means all. The URL "
    "must be https and its host resolve to public addresses only (422 at `#/url`).",
    responses={**CREATE, **SYSTEMS_ONLY},
)
async def create(
    uow: Uow,
    actor: CurrentActor,
    data: NewSubscription,
    request: Request,
    response: Response,
) -> SubscriptionWithSecretView:
    row = await service.create_subscription(uow, actor, data, allow_private=_allow_private(request))
    response.headers["Location"] = f"/api/v1/webhooks/{row.id}"
    return _with_secret(row, response)


@router.get(
    "",
    summary="List webhook subscriptions",
    description="The calling system's subscriptions, newest first (an administrator: all).",
    responses={**LIST, **SYSTEMS_ONLY},
)
async def list_subscriptions(uow: Uow, actor: CurrentActor, page: Paging) -> Page[SubscriptionView]:
    found = await service.list_subscriptions(uow, actor, page)
    items = [SubscriptionView.model_validate(r) for r in found.rows]
    return Page(items=items, next_cursor=found.next_cursor)


@router.get(
    "/{subscription_id}",
    summary="Read a webhook subscription",
    description="One of the calling system's subscriptions; another system's is 404.",
    responses={**READ, **SYSTEMS_ONLY},
)
async def get_subscription(
    uow: Uow, actor: CurrentActor, subscription_id: uuid.UUID, response: Response
) -> SubscriptionView:
    return _shown(await service.get_subscription(uow, actor, subscription_id), response)


@router.patch(
    "/{subscription_id}",
    summary="Change a webhook subscription",
    description="Change the URL (checked again), the event types, the description, or "
    "enable/disable it (enabling clears the reason it was disabled). Needs If-Match.",
    responses={**CHANGE, **SYSTEMS_ONLY},
)
async def update_subscription(
    uow: Uow,
    actor: CurrentActor,
    subscription_id: uuid.UUID,
    changes: SubscriptionChanges,
    expected_version: ExpectedVersion,
    request: Request,
    response: Response,
) -> SubscriptionView:
    row = await service.update_subscription(
        uow,
        actor,
        subscription_id,
        changes,
        expected_version=expected_version,
        allow_private=_allow_private(request),
    )
    return _shown(row, response)


@router.delete(
    "/{subscription_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a webhook subscription",
    description="Nothing more is pushed to it and its deliveries are deleted; the status events "
    "stay in the feed. Needs If-Match.",
    responses={**CHANGE, **SYSTEMS_ONLY},
)
async def delete_subscription(
    uow: Uow, actor: CurrentActor, subscription_id: uuid.UUID, expected_version: ExpectedVersion
) -> Response:
    await service.delete_subscription(
        uow, actor, subscription_id, expected_version=expected_version
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{subscription_id}/rotate-secret",
    summary="Rotate a subscription's signing secret",
    description="A new secret, **shown in this answer only**, signs from now on; for 24 hours "
    "deliveries carry a second signature made with the previous secret, so the receiver may "
    "switch at any time in between. Needs If-Match.",
    responses={**CHANGE, **SYSTEMS_ONLY},
)
async def rotate_secret(
    uow: Uow,
    actor: CurrentActor,
    subscription_id: uuid.UUID,
    expected_version: ExpectedVersion,
    response: Response,
) -> SubscriptionWithSecretView:
    row = await service.rotate_secret(
        uow, actor, subscription_id, expected_version=expected_version
    )
    return _with_secret(row, response)


@router.get(
    "/{subscription_id}/deliveries",
    summary="List a subscription's deliveries",
    description="Newest first, with attempts, the last answer or error and when the next "
    "attempt is due; filter by `status` (`pending`, `delivered`, `dead`).",
    responses={**READ, **LIST, **SYSTEMS_ONLY},
)
async def list_deliveries(
    uow: Uow,
    actor: CurrentActor,
    subscription_id: uuid.UUID,
    page: Paging,
    status: Annotated[DeliveryStatus | None, Query(description="Only this status")] = None,
) -> Page[DeliveryView]:
    records, cursor = await service.list_deliveries(uow, actor, subscription_id, status, page)
    return Page(items=[DeliveryView.of(r) for r in records], next_cursor=cursor)


@router.post(
    "/{subscription_id}/deliveries/{delivery_id}/redeliver",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send a delivery again",
    description="A dead (or delivered) delivery is sent again soon, with the same `webhook-id`; "
    "its attempts start again. 409 while the subscription is disabled.",
    responses={**READ, **CHANGE, **SYSTEMS_ONLY},
)
async def redeliver(
    uow: Uow, actor: CurrentActor, subscription_id: uuid.UUID, delivery_id: uuid.UUID
) -> DeliveryView:
    return DeliveryView.of(await service.redeliver(uow, actor, subscription_id, delivery_id))
