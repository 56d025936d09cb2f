"""Status events and webhook rules as plain functions: what leaves, where it may go, and when a
failed delivery is tried again."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.errors import InvalidInput
from app.domain.events import DomainEvent
from app.domain.status_events import MAPPINGS, status_draft
from app.domain.webhooks import (
    DeliveryStatus,
    check_addresses,
    message_id,
    new_secret,
    outcome,
    refused_address,
    retry_after,
)

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
SCHEDULE = [5, 300, 1800]


def event(type_: str, **payload: object) -> DomainEvent:
    return DomainEvent(
        type=type_,
        aggregate_type=type_.split(".")[0],
        aggregate_id=uuid.uuid4(),
        summary="Rezumat intern cu numele copilului",
        child_id=uuid.uuid4(),
        payload=dict(payload),
        occurred_at=NOW,
    )


def test_internal_events_never_leave() -> None:
    for type_ in ("assessment.approved", "concern.updated", "plan.drafted", "child.registered"):
        assert status_draft(event(type_)) is None


def test_a_closed_case_says_the_category_and_never_the_note() -> None:
    draft = status_draft(event("case.closed", reason="objectives_achieved", note="Tatăl bea."))
    assert draft is not None
    data = draft.data()
    assert data["closure_reason"] == "objectives_achieved"
    assert "Tatăl" not in str(data)
    assert (draft.via, draft.type.value) == ("case", "case.closed")


def test_every_mapped_event_is_thin() -> None:
    internal = {"note": "x", "description": "x", "summary": "x", "legal_basis": {"x": 1}}
    for type_ in MAPPINGS:
        draft = status_draft(
            event(type_, **internal, responsible_organisation_id=str(uuid.uuid4()))
        )
        assert draft is not None
        assert not set(draft.data()) & set(internal), type_


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("8.8.8.8", False),
        ("2a00:1450:4001:80b::200e", False),
        ("127.0.0.1", True),
        ("10.0.0.1", True),
        ("172.16.5.4", True),
        ("100.64.0.1", True),
        ("169.254.169.254", True),
        ("224.0.0.1", True),
        ("0.0.0.0", True),  # noqa: S104 (an address refused, not bound)
        ("::1", True),
        ("fe80::1", True),
        ("fc00::1", True),
        ("::ffff:192.168.1.1", True),
        ("ff02::1", True),
    ],
)
def test_only_public_addresses_receive_webhooks(address: str, refused: bool) -> None:
    assert (refused_address(address) is not None) is refused


def test_one_private_address_among_public_ones_is_enough_to_refuse() -> None:
    with pytest.raises(InvalidInput):
        check_addresses("hooks.example.md", ["8.8.8.8", "10.0.0.1"], allow_private=False)
    check_addresses("hooks.example.md", ["8.8.8.8", "10.0.0.1"], allow_private=True)


def test_secrets_and_ids_follow_standard_webhooks() -> None:
    secret = new_secret()
    assert secret.startswith("whsec_")
    ident = uuid.uuid4()
    assert message_id(ident) == f"msg_{ident.hex}"


def test_retries_follow_the_schedule_with_jitter_then_die() -> None:
    rng = random.Random(7)
    first = outcome(500, 1, SCHEDULE, NOW, rng=rng)
    assert first.status is DeliveryStatus.PENDING
    assert first.next_attempt_at is not None
    assert timedelta(seconds=4.5) <= first.next_attempt_at - NOW <= timedelta(seconds=5.5)
    assert outcome(None, 3, SCHEDULE, NOW).status is DeliveryStatus.PENDING
    assert outcome(None, 4, SCHEDULE, NOW).status is DeliveryStatus.DEAD
    assert outcome(204, 2, SCHEDULE, NOW).status is DeliveryStatus.DELIVERED
    gone = outcome(410, 1, SCHEDULE, NOW)
    assert (gone.status, gone.disable) == (DeliveryStatus.DEAD, True)


def test_retry_after_wins_when_later_and_only_on_429_and_503() -> None:
    later = outcome(429, 1, SCHEDULE, NOW, retry_after_header="120")
    assert later.next_attempt_at is not None
    assert later.next_attempt_at - NOW == timedelta(seconds=120)
    sooner = outcome(503, 2, SCHEDULE, NOW, retry_after_header="1")
    assert sooner.next_attempt_at is not None
    assert sooner.next_attempt_at - NOW >= timedelta(seconds=270)
    ignored = outcome(500, 1, SCHEDULE, NOW, retry_after_header="3600")
    assert ignored.next_attempt_at is not None
    assert ignored.next_attempt_at - NOW < timedelta(seconds=10)


def test_retry_after_may_be_an_http_date() -> None:
    assert retry_after("Wed, 12 Mar 2025 10:02:00 GMT", NOW) == timedelta(minutes=2)
    assert retry_after("Wed, 12 Mar 2025 09:00:00 GMT", NOW) == timedelta(0)
    assert retry_after("soon", NOW) is None
