"""Webhook subscriptions and the rules of delivering to them (Standard Webhooks).

Plain rules a test runs without a network: which addresses a webhook may point at, how secrets
look, when a failed delivery is tried again and when it is given up.
"""

from __future__ import annotations

import base64
import ipaddress
import random
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Literal
from urllib.parse import urlsplit

from pydantic import ConfigDict, Field, HttpUrl, field_validator

from app.domain.commands import Command
from app.domain.errors import InvalidInput
from app.domain.status_events import StatusEventType

SECRET_PREFIX = "whsec_"  # noqa: S105 (the prefix every secret carries, not a secret)
SECRET_BYTES = 32
"""Standard Webhooks asks for 24 to 64 random bytes; 32 is HMAC-SHA256's own block strength."""
ROTATION_OVERLAP = timedelta(hours=24)
"""After a rotation deliveries are signed with the old secret too, for this long, so a receiver
can deploy the new secret without refusing anything in between."""
DEFAULT_RETRY_SCHEDULE = (5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
"""Seconds to wait after each failed attempt (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h,
24 h): the schedule Standard Webhooks suggests, three days in all."""
JITTER = 0.1


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def message_id(status_event_id: object) -> str:
    """The `webhook-id`: the status event's, so every attempt (and a redelivery) carries the same
    id and a receiver can drop what it has already processed."""
    return f"msg_{getattr(status_event_id, 'hex', status_event_id)}"


EVENT_TYPES = [t.value for t in StatusEventType]


class _Fields(Command):
    description: str | None = Field(default=None, max_length=300)

    @field_validator("event_types", check_fields=False)
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return value
        unknown = sorted(set(value) - set(EVENT_TYPES))
        if unknown:
            raise ValueError(f"unknown event types: {', '.join(unknown)}")
        return sorted(set(value))


class NewSubscription(_Fields):
    """A sector system asks to be told of status events at `url`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": "https://sime.calarasi.md/girfec/webhooks",
                    "description": "Registrul școlar: starea semnalărilor trimise",
                    "event_types": ["referral.accepted", "referral.declined", "case.closed"],
                }
            ]
        }
    )

    url: HttpUrl
    event_types: list[str] = Field(
        default_factory=list, description="Only these types; empty for every type."
    )


class SubscriptionChanges(_Fields):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"enabled": False}, {"event_types": []}]}
    )

    url: HttpUrl | None = None
    event_types: list[str] | None = None
    enabled: bool | None = None


# ---- where a webhook may point -------------------------------------------------------------


def refused_address(address: str) -> str | None:
    """Why a resolved address may not receive webhooks, or None. Anything not globally routable
    is refused: a webhook must never become a way to reach the service's own network (SSRF)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for reason, refused in (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("not globally routable", not ip.is_global),
    ):
        if refused:
            return reason
    return None


def url_host(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or "", port


def check_scheme(url: str, *, allow_private: bool) -> None:
    scheme = urlsplit(url).scheme
    if scheme != "https" and not (scheme == "http" and allow_private):
        raise InvalidInput.field("#/url", "A webhook URL must use https.")


def check_addresses(host: str, addresses: Iterable[str], *, allow_private: bool) -> None:
    """Refuse a host that resolves to nothing, or to any address that is not public (one bad
    address is enough: the connection may use any of them)."""
    found = list(addresses)
    if not found:
        raise InvalidInput.field("#/url", f"{host} does not resolve to any address.")
    if allow_private:
        return
    for address in found:
        reason = refused_address(address)
        if reason is not None:
            raise InvalidInput.field(
                "#/url", f"{host} resolves to {address}, a {reason} address: refused."
            )


# ---- retries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: DeliveryStatus
    next_attempt_at: datetime | None
    disable: bool = False
    """410 Gone: the receiver says the endpoint is no more; stop sending to it."""


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """A Retry-After header (seconds, or an HTTP date) as a delay from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when - now, timedelta(0))


def outcome(
    status_code: int | None,
    attempts: int,
    schedule: Sequence[float],
    now: datetime,
    *,
    retry_after_header: str | None = None,
    rng: random.Random | None = None,
) -> Outcome:
    """What follows an attempt (`attempts` counts it): 2xx is delivered; 410 disables; anything
    else (no answer, a redirect, 4xx, 5xx) is tried again after the schedule's next delay, with
    ±10% jitter so that receivers coming back up are not hit by every sender at once, or after
    Retry-After on 429/503 when that is later; after the last delay it is dead."""
    if status_code is not None and 200 <= status_code < 300:
        return Outcome(DeliveryStatus.DELIVERED, None)
    if status_code == 410:
        return Outcome(DeliveryStatus.DEAD, None, disable=True)
    if attempts > len(schedule):
        return Outcome(DeliveryStatus.DEAD, None)
    jitter = (rng or random).uniform(1 - JITTER, 1 + JITTER)
    delay = timedelta(seconds=schedule[attempts - 1] * jitter)
    if status_code in (429, 503):
        asked = retry_after(retry_after_header, now)
        if asked is not None:
            delay = max(delay, asked)
    return Outcome(DeliveryStatus.PENDING, now + delay)


DispatcherMode = Literal["auto", "in-process", "off"]
