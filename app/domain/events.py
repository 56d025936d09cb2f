"""Domain events: every state change is one.

Events are stored with the change (same transaction). They carry ids and the smallest facts a
reader needs; what each outside party may learn is decided where events leave the service
(webhooks, GraphQL subscriptions), not here. `child_id` and `organisation_ids` make routing and
per-subscriber filtering cheap without opening the aggregate.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.deadlines import utcnow

_NAMED_AGGREGATES = uuid.UUID("6f1d3c52-8b0e-4d6a-9c1e-2a7b5e9f0d43")


def named_aggregate_id(aggregate_type: str, name: str) -> uuid.UUID:
    """A stable event aggregate id for a record identified by a name rather than a UUID (an
    OAuth client's client_id, a signing key's kid): the same name always gives the same id, so
    its history reads like any other aggregate's; the name itself goes in the payload."""
    return uuid.uuid5(_NAMED_AGGREGATES, f"{aggregate_type}:{name}")


@dataclass(frozen=True)
class DomainEvent:
    type: str
    aggregate_type: str
    aggregate_id: uuid.UUID
    summary: str
    child_id: uuid.UUID | None = None
    aggregate_version: int | None = None
    actor_id: uuid.UUID | None = None
    organisation_ids: tuple[uuid.UUID, ...] = ()
    payload: dict[str, Any] = field(default_factory=dict)
    occurred_at: datetime = field(default_factory=utcnow)
    id: uuid.UUID = field(default_factory=uuid.uuid4)
