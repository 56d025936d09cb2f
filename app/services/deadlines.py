"""Open, meet and list deadlines; read the policy table the law's durations live in."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import ConfigDict, Field
from sqlalchemy import update
from sqlmodel import col

from app.domain.access_policy import RecordKind
from app.domain.actor import Actor
from app.domain.commands import Command
from app.domain.deadlines import (
    DeadlineKind,
    DeadlinePolicy,
    DeadlineRule,
    DurationUnit,
    utcnow,
)
from app.domain.errors import Forbidden, NotFound
from app.domain.events import DomainEvent
from app.domain.vocabulary import Role, Urgency
from app.persistence.repositories import deadlines as repo
from app.persistence.scoping import visible
from app.persistence.tables.deadlines import Deadline, DeadlinePolicyRow
from app.persistence.uow import UnitOfWork


async def load_policy(uow: UnitOfWork) -> DeadlinePolicy:
    rows = await repo.policy_rows(uow)
    return DeadlinePolicy(
        DeadlineRule(
            DeadlineKind(r.kind), Urgency(r.urgency), r.amount, DurationUnit(r.unit), r.legal_basis
        )
        for r in rows
    )


async def open_deadline(
    uow: UnitOfWork,
    *,
    kind: DeadlineKind,
    subject_type: str,
    subject_id: uuid.UUID,
    child_id: uuid.UUID,
    urgency: Urgency,
    start: datetime | None = None,
    organisation_id: uuid.UUID | None = None,
    assignee_id: uuid.UUID | None = None,
    due_at: datetime | None = None,
) -> Deadline:
    """Open a deadline for a subject, due per the policy unless an explicit `due_at` is given.

    Any deadline still open for the same subject is met first: a subject waits on one thing at a
    time (a referral for a response, a case for its current stage).
    """
    started = start or utcnow()
    await meet_deadlines(uow, subject_type, subject_id, at=started)
    if due_at is None:
        due_at = (await load_policy(uow)).due_at(kind, urgency, started)
    row = Deadline(
        kind=kind.value,
        subject_type=subject_type,
        subject_id=subject_id,
        child_id=child_id,
        organisation_id=organisation_id,
        assignee_id=assignee_id,
        urgency=urgency.value,
        started_at=started,
        due_at=due_at,
    )
    uow.session.add(row)
    return row


async def meet_deadlines(
    uow: UnitOfWork, subject_type: str, subject_id: uuid.UUID, *, at: datetime | None = None
) -> None:
    await uow.session.exec(
        update(Deadline)
        .where(
            col(Deadline.subject_type) == subject_type,
            col(Deadline.subject_id) == subject_id,
            col(Deadline.met_at).is_(None),
        )
        .values(met_at=at or utcnow())
    )


async def reassign_open_deadline(
    uow: UnitOfWork, subject_type: str, subject_id: uuid.UUID, assignee_id: uuid.UUID
) -> None:
    """The open deadline follows the person now responsible for the subject (a case's or a
    plan's lead), so it is on their list and not their predecessor's."""
    deadline = await repo.open_for(uow, subject_type, subject_id)
    if deadline is not None:
        deadline.assignee_id = assignee_id
        uow.session.add(deadline)


async def overdue(
    uow: UnitOfWork,
    actor: Actor,
    *,
    limit: int = 100,
    organisation_id: uuid.UUID | None = None,
    assignee_id: uuid.UUID | None = None,
    kind: DeadlineKind | None = None,
    now: datetime | None = None,
) -> list[Deadline]:
    return await repo.overdue(
        uow,
        now or utcnow(),
        limit,
        organisation_id=organisation_id,
        assignee_id=assignee_id,
        kind=kind.value if kind else None,
        scope=visible(RecordKind.DEADLINE, Deadline, actor),
    )


async def policy(uow: UnitOfWork, actor: Actor) -> list[DeadlinePolicyRow]:
    return await repo.policy_rows(uow)


class RuleChange(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "amount": 2,
                    "unit": "working_days",
                    "legal_basis": "GD 143/2018 as amended: priority concern, 2 working days",
                }
            ]
        }
    )

    amount: int = Field(ge=1, le=8760)
    unit: DurationUnit
    legal_basis: str = Field(min_length=3, max_length=300)


async def change_rule(
    uow: UnitOfWork, actor: Actor, kind: DeadlineKind, urgency: Urgency, change: RuleChange
) -> DeadlinePolicyRow:
    """Change a duration when the law changes. New items use it; open items keep their due time."""
    if not actor.has_role(Role.ADMINISTRATOR):
        raise Forbidden("Only an administrator may change the deadline policy.")
    row = await repo.policy_row(uow, kind.value, urgency.value)
    if row is None:
        raise NotFound.of("deadline rule", f"{kind}/{urgency}")
    before = {"amount": row.amount, "unit": row.unit}
    row.amount, row.unit, row.legal_basis = change.amount, change.unit.value, change.legal_basis
    row.updated_at = utcnow()
    uow.session.add(row)
    uow.record(
        DomainEvent(
            type="deadline_policy.changed",
            aggregate_type="deadline_policy",
            aggregate_id=uuid.uuid5(uuid.NAMESPACE_URL, f"deadline:{kind}:{urgency}"),
            actor_id=actor.professional_id,
            summary=f"Deadline rule {kind}/{urgency} changed",
            payload={
                "before": before,
                "after": {"amount": change.amount, "unit": change.unit.value},
            },
        )
    )
    await uow.flush()
    return row
