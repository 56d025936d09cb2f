"""Who has seen a child's record: entries of the tamper-evident access log."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from app.api.graphql.positions import Position
from app.persistence.tables.access_log import AccessLogEntry


@strawberry.type(
    description="One disclosure of the child's data: a read of the record or a part of it, or "
    "the child appearing in a list."
)
class Disclosure:
    row: strawberry.Private[AccessLogEntry]
    seq: Position = strawberry.field(description="The entry's place in the hash chain.")
    occurred_at: datetime
    actor_id: uuid.UUID | None = strawberry.field(description="Null for a sector system.")
    organisation_id: uuid.UUID
    client_id: str | None
    operation: str
    resource_type: str
    resource_id: str
    purpose: str | None = strawberry.field(
        description="Why, when it was not the caller's own work (a broken glass)."
    )
    request_id: str | None


@strawberry.type(description="A page of the child's disclosures, newest first.")
class Disclosures:
    entries: list[Disclosure]
    next_before: Position | None = strawberry.field(
        description="Pass it as `before` for the next (older) page; null on the last page."
    )
