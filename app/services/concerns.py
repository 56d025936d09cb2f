"""Recording concerns and deciding them: act in the institution, close, or (from the referrals
service) refer."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.domain.access_policy import RecordKind
from app.domain.actor import Actor
from app.domain.concerns import (
    CONCERN_MACHINE,
    ActInInstitution,
    CloseConcern,
    ConcernAction,
    ConcernChanges,
    ConcernSearch,
    ConcernStatus,
    Decision,
    NewConcern,
    closing_decision,
    may_act_on,
    risk_category_problem,
)
from app.domain.deadlines import DeadlineKind, utcnow
from app.domain.errors import Forbidden, InvalidInput
from app.domain.events import DomainEvent
from app.domain.vocabulary import Indicator, RiskCategory, Urgency
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import concerns as repo
from app.persistence.scoping import visible
from app.persistence.tables.children import Child
from app.persistence.tables.concerns import Concern, ConcernIndicator
from app.persistence.uow import UnitOfWork
from app.services import plans as plan_service
from app.services.common import disclose_listed, load_for_change, named_in_body, read_record
from app.services.deadlines import meet_deadlines, open_deadline

SUBJECT = "concern"


def _event(
    kind: str, concern: Concern, actor: Actor, summary: str, **payload: object
) -> DomainEvent:
    return DomainEvent(
        type=f"concern.{kind}",
        aggregate_type=SUBJECT,
        aggregate_id=concern.id,
        aggregate_version=concern.version,
        child_id=concern.child_id,
        actor_id=actor.professional_id,
        organisation_ids=tuple(dict.fromkeys((concern.organisation_id, actor.organisation_id))),
        summary=summary,
        payload=dict(payload),
    )


def status_of(concern: Concern) -> ConcernStatus:
    return ConcernStatus(concern.status)


def legal_actions(concern: Concern) -> list[str]:
    return CONCERN_MACHINE.legal_actions(status_of(concern))


def check_recorder(actor: Actor, concern: Concern) -> None:
    """Refuse anyone but the institution that recorded the concern (see `may_act_on`)."""
    if not may_act_on(actor.organisation_id, concern.organisation_id):
        raise Forbidden("Only the institution that recorded the concern may do this.")


async def _load_for(
    uow: UnitOfWork, actor: Actor, concern_id: uuid.UUID, expected_version: int | None
) -> Concern:
    """Load a concern for a change: who may change it, then the version. Whether the change is
    legal in its state is for the caller, which knows the action."""
    return await load_for_change(
        uow,
        Concern,
        concern_id,
        "concern",
        expected_version,
        actor,
        may=lambda concern: check_recorder(actor, concern),
    )


@dataclass(frozen=True)
class Origin:
    """Where a concern a sector system pushed came from: intake is idempotent on
    (source_system, external_id), and the decision goes to the institution's designated person."""

    source_system: str
    external_id: str
    assignee_id: uuid.UUID | None = None


async def _open_decision_deadline(
    uow: UnitOfWork, concern: Concern, actor: Actor, assignee_id: uuid.UUID | None = None
) -> None:
    """The decision clock runs from when the concern was recorded, at its urgency's pace."""
    deadline = await open_deadline(
        uow,
        kind=DeadlineKind.CONCERN_DECISION,
        subject_type=SUBJECT,
        subject_id=concern.id,
        child_id=concern.child_id,
        urgency=Urgency(concern.urgency),
        start=concern.created_at,
        organisation_id=concern.organisation_id,
        assignee_id=assignee_id or actor.professional_id,
    )
    concern.due_at = deadline.due_at


def _tag(uow: UnitOfWork, concern: Concern, indicators: Sequence[Indicator]) -> None:
    for indicator in indicators:
        uow.session.add(ConcernIndicator(concern_id=concern.id, indicator=indicator.value))


async def record_concern(
    uow: UnitOfWork, actor: Actor, data: NewConcern, *, origin: Origin | None = None
) -> Concern:
    child = await named_in_body(uow, Child, data.child_id, "#/child_id", "child")
    concern = Concern(
        **data.model_dump(exclude={"child_id", "indicators", "five_questions"}),
        child_id=child.id,
        five_questions={str(k): v for k, v in data.five_questions.items()},
        raised_by_id=actor.professional_id,
        organisation_id=actor.organisation_id,
        sector=actor.sector.value,
        status=ConcernStatus.RECORDED.value,
        # A sector system's concern is its own: it hears what became of it (status back).
        source_system=origin.source_system
        if origin
        else (actor.client_id if not actor.is_professional else None),
        external_id=origin.external_id if origin else None,
    )
    await _open_decision_deadline(uow, concern, actor, origin.assignee_id if origin else None)
    uow.session.add(concern)
    await uow.flush()
    _tag(uow, concern, data.indicators)
    uow.record(
        _event(
            "recorded",
            concern,
            actor,
            f"Concern recorded ({data.urgency})",
            urgency=data.urgency.value,
            indicators=[i.value for i in data.indicators],
        )
    )
    await uow.flush()
    return concern


async def get_concern(uow: UnitOfWork, actor: Actor, concern_id: uuid.UUID) -> Concern:
    return await read_record(uow, actor, Concern, concern_id, "concern")


async def search_concerns(
    uow: UnitOfWork, actor: Actor, query: ConcernSearch, page: PageRequest
) -> PageOf:
    found = await repo.search(
        uow, query, page, utcnow(), visible(RecordKind.CONCERN, Concern, actor)
    )
    disclose_listed(uow, actor, "concern", found.rows)
    return found


async def indicators(
    uow: UnitOfWork, concern_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    """Each concern's indicators in the wheel's order, for the views."""
    order = {code.value: n for n, code in enumerate(Indicator)}
    grouped: dict[uuid.UUID, list[str]] = {cid: [] for cid in concern_ids}
    for row in await repo.indicators_of(uow, concern_ids):
        grouped[row.concern_id].append(row.indicator)
    return {cid: sorted(codes, key=order.__getitem__) for cid, codes in grouped.items()}


def _check_risk(fields: dict[str, object], concern: Concern) -> None:
    urgency = fields.get("urgency", concern.urgency)
    risk = fields.get("risk_category", concern.risk_category)
    problem = risk_category_problem(
        Urgency(str(urgency)), RiskCategory(str(risk)) if risk else None
    )
    if problem:
        raise InvalidInput.field("#/risk_category", problem)


async def update_concern(
    uow: UnitOfWork,
    actor: Actor,
    concern_id: uuid.UUID,
    changes: ConcernChanges,
    *,
    expected_version: int | None,
) -> Concern:
    """Correct an undecided concern. A new urgency moves its decision deadline, still counted
    from when the concern was recorded."""
    concern = await _load_for(uow, actor, concern_id, expected_version)
    CONCERN_MACHINE.next_state(status_of(concern), ConcernAction.UPDATE)
    fields = changes.model_dump(exclude_unset=True, mode="json")
    _check_risk(fields, concern)
    new_indicators = fields.pop("indicators", None)
    urgency_changed = fields.get("urgency", concern.urgency) != concern.urgency
    for name, value in fields.items():
        setattr(concern, name, value)
    if new_indicators is not None:
        await repo.clear_indicators(uow, concern.id)
        _tag(uow, concern, [Indicator(i) for i in new_indicators])
        # The indicators are rows of their own; touching the concern makes the change a new
        # version of it, so a correction made from a stale read is refused (412), not merged.
        concern.updated_at = utcnow()
    if urgency_changed:
        await meet_deadlines(uow, SUBJECT, concern.id)
        await _open_decision_deadline(uow, concern, actor)
    uow.session.add(concern)
    await uow.flush()
    changed = sorted([*fields, *(["indicators"] if new_indicators is not None else [])])
    uow.record(_event("updated", concern, actor, "Concern corrected", fields=changed))
    return concern


async def _decide(
    uow: UnitOfWork,
    concern: Concern,
    action: ConcernAction,
    decision: Decision | None,
    at: datetime,
) -> None:
    """Move the concern on. Every decision meets the decision deadline, so `due_at`, which
    mirrors the open deadline, is cleared with it."""
    concern.status = CONCERN_MACHINE.next_state(status_of(concern), action).value
    if decision is not None:
        concern.decision = decision.value
        concern.decided_at = at
    await meet_deadlines(uow, SUBJECT, concern.id, at=at)
    concern.due_at = None


async def act_in_institution(
    uow: UnitOfWork,
    actor: Actor,
    concern_id: uuid.UUID,
    data: ActInInstitution,
    *,
    expected_version: int | None,
) -> Concern:
    concern = await _load_for(uow, actor, concern_id, expected_version)
    now = utcnow()
    await _decide(uow, concern, ConcernAction.ACT_IN_INSTITUTION, Decision.ACT_IN_INSTITUTION, now)
    uow.session.add(concern)
    await uow.flush()
    uow.record(
        _event(
            "decided",
            concern,
            actor,
            "The institution acts on the concern itself (single-agency plan)",
            decision=Decision.ACT_IN_INSTITUTION.value,
            note=data.note,
        )
    )
    return concern


async def close_concern(
    uow: UnitOfWork,
    actor: Actor,
    concern_id: uuid.UUID,
    data: CloseConcern,
    *,
    expected_version: int | None,
) -> Concern:
    concern = await _load_for(uow, actor, concern_id, expected_version)
    now = utcnow()
    decision = closing_decision(status_of(concern))
    await _decide(uow, concern, ConcernAction.CLOSE, decision, now)
    concern.closure_reason = data.reason
    uow.session.add(concern)
    await uow.flush()
    summary = "Concern closed: no further action" if decision else "Concern resolved and closed"
    uow.record(_event("closed", concern, actor, summary, decision=concern.decision))
    # Its single-agency plans end with it; a referral, by contrast, keeps them going while the
    # authority decides.
    await plan_service.end_plans_of_owner(
        uow, actor, concern_id=concern.id, reason=f"the concern was closed ({data.reason})"
    )
    return concern


async def mark_referred(
    uow: UnitOfWork, actor: Actor, concern: Concern, referral_id: uuid.UUID
) -> None:
    """Called by the referrals service: a concern is referred by creating a referral from it,
    so the two change in one transaction or not at all. The referrals service has already
    checked that the actor's institution recorded it (`check_recorder`)."""
    now = utcnow()
    await _decide(uow, concern, ConcernAction.REFER, Decision.REFER, now)
    uow.session.add(concern)
    await uow.flush()
    uow.record(
        _event(
            "referred",
            concern,
            actor,
            "Concern referred to the guardianship authority",
            referral_id=str(referral_id),
        )
    )
