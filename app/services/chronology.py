"""The child's chronology and well-being trajectory.

The chronology is not a table of its own: every state change is already a stored event carrying
the child's id, so one timeline per child is a query on the event log, and a practitioner's note is
one more event. The trajectory is the rating rows written by assessments, reviews and observations.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import AwareDatetime, ConfigDict, Field, field_validator

from app.domain.access import Disclosure
from app.domain.access_policy import OWN_PART_OF_HISTORY_ROLES
from app.domain.actor import Actor
from app.domain.commands import Command
from app.domain.deadlines import utcnow
from app.domain.errors import InvalidInput
from app.domain.events import DomainEvent
from app.domain.vocabulary import Indicator, ProtectiveFactor
from app.persistence.repositories import chronology as repo
from app.persistence.tables.children import Child
from app.persistence.tables.events import StoredEvent
from app.persistence.tables.plans import WellbeingRating
from app.persistence.uow import UnitOfWork
from app.services.common import is_visible, open_record


class NewNote(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": "Vizită la domiciliul bunicii, în Bravicea: Ana are cameră proprie, "
                    "condiții bune; tatăl nu a fost prezent.",
                    "occurred_at": "2025-03-12T16:00:00+02:00",
                }
            ]
        }
    )

    text: str = Field(min_length=1, max_length=4000)
    occurred_at: AwareDatetime | None = Field(
        default=None,
        description="When what the note records happened; defaults to now. Not in the future.",
    )

    @field_validator("occurred_at")
    @classmethod
    def _not_future(cls, value: datetime | None) -> datetime | None:
        if value is not None and value > utcnow():
            raise ValueError("A note records what has happened; this time is in the future.")
        return value


@dataclass(frozen=True)
class Timeline:
    rows: list[StoredEvent]
    next_before: int | None


@dataclass
class Trajectory:
    """Rating rows per code, oldest first; every indicator and protective factor is present, so
    a chart shows the wheel's gaps as well as its points."""

    child_id: uuid.UUID
    indicators: dict[str, list[WellbeingRating]] = field(
        default_factory=lambda: {i.value: [] for i in Indicator}
    )
    protective_factors: dict[str, list[WellbeingRating]] = field(
        default_factory=lambda: {f.value: [] for f in ProtectiveFactor}
    )


@dataclass(frozen=True)
class HistoryScope:
    purpose: str | None = None
    organisation_id: uuid.UUID | None = None
    """Set when the caller sees only the events that involve their own organisation."""


async def history_scope(uow: UnitOfWork, actor: Actor, child_id: uuid.UUID) -> HistoryScope:
    """The whole history for those running the child's case; the institution's own part of it
    for its designated person; 404 (or a break of the glass) for everyone else."""
    if await is_visible(uow, actor, Child, child_id, "chronology"):
        return HistoryScope()
    if actor.has_role(*OWN_PART_OF_HISTORY_ROLES) and await is_visible(
        uow, actor, Child, child_id, "child"
    ):
        return HistoryScope(organisation_id=actor.organisation_id)
    _, purpose = await open_record(uow, actor, Child, child_id, "chronology")
    return HistoryScope(purpose=purpose)


async def timeline(
    uow: UnitOfWork,
    actor: Actor,
    child_id: uuid.UUID,
    *,
    limit: int,
    before: int | None = None,
    types: list[str] | None = None,
) -> Timeline:
    """Newest first. `before` is the position of the last event of the previous page; the page
    goes on from that event's place in the timeline."""
    scope = await history_scope(uow, actor, child_id)
    cursor = None
    if before is not None:
        last = await repo.event_of_child(uow, child_id, before)
        if last is None:
            raise InvalidInput.field(
                "before", "Pass the `next_before` of the previous page of this child's chronology."
            )
        cursor = (last.occurred_at, before)
    rows = await repo.timeline(
        uow, child_id, limit + 1, before=cursor, types=types, organisation_id=scope.organisation_id
    )
    uow.disclose(actor, Disclosure("read", "chronology", child_id, child_id, purpose=scope.purpose))
    if len(rows) <= limit:
        return Timeline(rows, None)
    return Timeline(rows[:limit], rows[limit - 1].position)


async def record_note(
    uow: UnitOfWork, actor: Actor, child_id: uuid.UUID, data: NewNote
) -> StoredEvent:
    child, _ = await open_record(uow, actor, Child, child_id, "child")
    event = DomainEvent(
        type="note.recorded",
        aggregate_type="child",
        aggregate_id=child.id,
        aggregate_version=child.version,
        child_id=child.id,
        actor_id=actor.professional_id,
        organisation_ids=(actor.organisation_id,),
        summary=data.text,
        occurred_at=data.occurred_at or utcnow(),
    )
    uow.record(event)
    await uow.flush()
    stored = await repo.event_by_id(uow, event.id)
    assert stored is not None
    return stored


async def trajectory(uow: UnitOfWork, actor: Actor, child_id: uuid.UUID) -> Trajectory:
    scope = await history_scope(uow, actor, child_id)
    uow.disclose(actor, Disclosure("read", "trajectory", child_id, child_id, purpose=scope.purpose))
    found = Trajectory(child_id)
    for row in await repo.ratings_of(uow, child_id, scope.organisation_id):
        series = found.indicators if row.dimension == "indicator" else found.protective_factors
        series.setdefault(row.code, []).append(row)
    return found
