"""Event channels: how every API process hears that events were committed, wherever.

A channel carries `EventNotice`s, never the events themselves: the brokers in between (a
PostgreSQL channel, Redis) can be read, and written, by anyone who reaches them, so a notice is
only a hint that a subscription confirms by reading the log under the access policy.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from app.persistence.tables.events import StoredEvent


@dataclass(frozen=True)
class EventNotice:
    """That an event was stored: its place in the log and the record it is about."""

    position: int
    id: uuid.UUID
    type: str
    aggregate_type: str
    aggregate_id: uuid.UUID
    child_id: uuid.UUID | None = None

    @classmethod
    def of(cls, row: StoredEvent) -> EventNotice:
        if row.position is None:
            raise ValueError("an event has a position only once it is flushed")
        return cls(
            position=row.position,
            id=row.id,
            type=row.type,
            aggregate_type=row.aggregate_type,
            aggregate_id=row.aggregate_id,
            child_id=row.child_id,
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "position": self.position,
                "id": str(self.id),
                "type": self.type,
                "aggregate_type": self.aggregate_type,
                "aggregate_id": str(self.aggregate_id),
                "child_id": None if self.child_id is None else str(self.child_id),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> EventNotice:
        """The notice in `text`; ValueError for anything else (a channel is not trusted)."""
        try:
            data: Any = json.loads(text)
            child = data["child_id"]
            position = data["position"]
            if not isinstance(position, int) or isinstance(position, bool):
                raise TypeError("position")
            return cls(
                position=position,
                id=uuid.UUID(data["id"]),
                type=str(data["type"]),
                aggregate_type=str(data["aggregate_type"]),
                aggregate_id=uuid.UUID(data["aggregate_id"]),
                child_id=None if child is None else uuid.UUID(child),
            )
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise ValueError(f"not an event notice: {text!r:.200}") from exc


class Listening:
    """Yielded by a channel's `listen()` each time it starts (again) to listen. Whatever was
    published while it was not listening may have been missed: subscribers read the log."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "LISTENING"


LISTENING = Listening()
