"""Taking in attendance batches and applying the attendance rule.

A batch is kept raw in the inbox first (as every sector message), then processed in one
transaction: rows for schools the registry is not linked to are rejected, the rest stored with
bulk upserts (a batch sent again changes nothing), and the rule is evaluated for the pupils the
batch changed only, with set-based queries. Each new episode is remembered in
`attendance_alerts` and raised as a concern for the school through the intake, with a
deterministic external id, so it is raised once; while the pupil is not yet a child we know, the
alert waits (`pending`) and is raised by a later batch once the registry's id for the pupil is
linked to a child.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from app.domain.actor import Actor
from app.domain.attendance import (
    AttendanceRule,
    Episode,
    Facts,
    Known,
    RuleKind,
    SchoolDay,
    describe,
    episodes,
)
from app.domain.attendance_batches import Batch, Rejection, Row
from app.domain.deadlines import utcnow
from app.domain.errors import DomainError
from app.domain.intake import ChildIdentity, InboundConcern
from app.domain.vocabulary import Indicator, Urgency
from app.persistence.repositories import attendance as repo
from app.persistence.repositories import organisation_identifiers as links
from app.persistence.tables.attendance import AttendanceAlert
from app.persistence.uow import UnitOfWork
from app.services import intake
from app.services.transaction import transaction

PENDING, RAISED = "pending", "raised"


@dataclass
class BatchOutcome:
    message_id: uuid.UUID
    received: int
    accepted: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    raised: list[AttendanceAlert] = field(default_factory=list)
    pending: list[AttendanceAlert] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len({r.row for r in self.rejections})


async def take_in(
    factory: intake.SessionFactory,
    actor: Actor,
    *,
    channel: str,
    content_type: str,
    body: str,
    read: Callable[[str], Batch],
    rule: AttendanceRule,
    request_id: str | None = None,
) -> BatchOutcome:
    """Keep the batch, then record it."""
    message_id = await intake.keep(
        factory, actor, channel=channel, content_type=content_type, body=body
    )
    return await run(factory, actor, message_id, read, rule, request_id)


async def run(
    factory: intake.SessionFactory,
    actor: Actor,
    message_id: uuid.UUID,
    read: Callable[[str], Batch],
    rule: AttendanceRule,
    request_id: str | None = None,
) -> BatchOutcome:
    """Record a kept batch (when it arrives, or again from the inbox once corrected); a batch
    that cannot be read at all (not JSON, no header row) is recorded as failed and refused."""
    try:
        async with transaction(factory, request_id) as uow:
            uow.actor = actor
            body = await intake.body_of(uow, message_id)
            outcome = await record(uow, actor, message_id, read(body), rule)
            await intake.record_processed(
                uow, message_id, duplicate=outcome.accepted == 0 and not outcome.rejections
            )
            return outcome
    except DomainError as exc:
        await intake.record_failure(factory, message_id, exc)
        raise


def _key(row: Row) -> tuple[str, str, str, str]:
    e = row.event
    return (e.schoolId, e.studentUniqueId, e.eventDate.isoformat(), e.sessionName or "")


async def record(
    uow: UnitOfWork, actor: Actor, message_id: uuid.UUID, batch: Batch, rule: AttendanceRule
) -> BatchOutcome:
    client_id = actor.client_id or ""
    outcome = BatchOutcome(message_id, batch.received, rejections=list(batch.rejections))
    schools = await links.organisations_known_as(
        uow, client_id, sorted({r.event.schoolId for r in batch.rows})
    )
    latest: dict[tuple[str, str, str, str], Row] = {}
    for row in batch.rows:
        if row.event.schoolId not in schools:
            outcome.rejections.append(
                Rejection(
                    row.number,
                    "schoolId",
                    f"No organisation is linked to your school id {row.event.schoolId!r}: an "
                    "administrator links your schools' ids before you report for them.",
                    "unknown_school",
                )
            )
            continue
        latest[_key(row)] = row  # a record sent twice in one batch: the later one counts
    outcome.rejections.sort(key=lambda r: r.row)
    now = utcnow()
    values: list[dict[str, Any]] = [
        {
            "client_id": client_id,
            "school_id": r.event.schoolId,
            "student_unique_id": r.event.studentUniqueId,
            "event_date": r.event.eventDate,
            "session": r.event.sessionName or "",
            "organisation_id": schools[r.event.schoolId],
            "category": r.event.attendanceEventCategoryDescriptor.value,
            "duration": r.event.eventDuration,
            "message_id": message_id,
            "recorded_at": now,
        }
        for r in latest.values()
    ]
    valid = sum(1 for r in batch.rows if r.event.schoolId in schools)
    outcome.accepted = await repo.upsert_events(uow, values)
    outcome.unchanged = valid - outcome.accepted
    if outcome.accepted:
        first_day = min(v["event_date"] for v in values)
        outcome.pending = await _apply_rule(uow, client_id, message_id, schools, first_day, rule)
    outcome.raised = await _raise_known(uow, actor)
    raised_ids = {a.id for a in outcome.raised}
    outcome.pending = [a for a in outcome.pending if a.id not in raised_ids]
    return outcome


async def _apply_rule(
    uow: UnitOfWork,
    client_id: str,
    message_id: uuid.UUID,
    schools: dict[str, uuid.UUID],
    first_day: date,
    rule: AttendanceRule,
) -> list[AttendanceAlert]:
    """Evaluate the rule for the pupils this batch changed, from the batch's first day (the
    window before it is context); remember new episodes and extend continuing ones. Returns the
    new alerts."""
    lookback = timedelta(days=rule.window_days + 3 * rule.episode_gap_days)
    days: dict[tuple[str, str], list[SchoolDay]] = defaultdict(list)
    for school, pupil, day, sessions, unexcused in await repo.days_of_touched(
        uow, client_id, message_id, first_day - lookback
    ):
        days[(school, pupil)].append(SchoolDay(day, sessions, unexcused))
    remembered: dict[tuple[str, str], dict[RuleKind, AttendanceAlert]] = defaultdict(dict)
    for alert in await repo.alerts_of_touched(uow, client_id, message_id):
        remembered[(alert.school_id, alert.student_unique_id)][RuleKind(alert.rule)] = alert
    created: list[AttendanceAlert] = []
    for (school, pupil), pupil_days in days.items():
        known = remembered[(school, pupil)]
        found = episodes(
            pupil_days,
            rule,
            evaluate_from=first_day,
            known={k: Known(a.episode_start, a.last_held_on) for k, a in known.items()},
        )
        for episode in found:
            if not episode.new:
                alert = known[episode.kind]
                if episode.last_held > alert.last_held_on:
                    alert.last_held_on = episode.last_held
                    uow.session.add(alert)
                continue
            alert = _alert(client_id, school, pupil, schools[school], episode)
            uow.session.add(alert)
            created.append(alert)
    await uow.flush()
    return created


def _alert(
    client_id: str, school: str, pupil: str, organisation_id: uuid.UUID, episode: Episode
) -> AttendanceAlert:
    facts = episode.facts
    return AttendanceAlert(
        client_id=client_id,
        school_id=school,
        student_unique_id=pupil,
        organisation_id=organisation_id,
        rule=episode.kind.value,
        episode_start=episode.start,
        last_held_on=episode.last_held,
        window_start=facts.window_start,
        window_end=facts.window_end,
        facts={"sessions": facts.sessions, "unexcused": facts.unexcused},
        status=PENDING,
    )


def external_id(alert: AttendanceAlert) -> str:
    return (
        f"attendance:{alert.school_id}:{alert.student_unique_id}:{alert.rule}:"
        f"{alert.episode_start.isoformat()}"
    )


def concern_of(alert: AttendanceAlert) -> InboundConcern:
    """The concern an episode raises: facts only (counts and dates), for the school."""
    kind = RuleKind(alert.rule)
    facts = Facts(
        alert.window_start, alert.window_end, alert.facts["sessions"], alert.facts["unexcused"]
    )
    return InboundConcern(
        external_id=external_id(alert),
        child=ChildIdentity(identifier=alert.student_unique_id),
        organisation_id=alert.organisation_id,
        indicators=[Indicator.ACHIEVING, Indicator.INCLUDED],
        description=describe(kind, facts),
        observed_at=datetime.combine(alert.window_end, time.min, UTC),
        urgency=Urgency.PRIORITY if kind is RuleKind.CONSECUTIVE else Urgency.ROUTINE,
    )


async def _raise_known(uow: UnitOfWork, actor: Actor) -> list[AttendanceAlert]:
    """Raise every pending alert of this registry whose pupil is now a child we know."""
    raised = []
    for alert in await repo.raisable_alerts(uow, actor.client_id or ""):
        taken = await intake.receive(uow, actor, concern_of(alert))
        alert.status, alert.concern_id, alert.raised_at = RAISED, taken.concern.id, utcnow()
        uow.session.add(alert)
        raised.append(alert)
    await uow.flush()
    return raised
