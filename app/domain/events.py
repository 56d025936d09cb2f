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
