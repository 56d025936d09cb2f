"""Assessments: drafting, submitting for a supervisor's decision, approving or returning, and
revising an approved one."""

from __future__ import annotations

import uuid
from datetime import datetime

from app.domain.access_policy import RecordKind
from app.domain.actor import Actor
from app.domain.assessments import (
    ASSESSMENT_MACHINE,
    EDITABLE_STATUSES,
    AssessmentAction,
    AssessmentChanges,
    AssessmentFields,
    AssessmentSearch,
    AssessmentStatus,
    NewAssessment,
    ReturnDecision,
    check_complete,
    check_may_decide,
    why_not_editable,
)
from app.domain.cases import CaseStage
from app.domain.deadlines import DeadlineKind, utcnow
from app.domain.errors import Conflict
from app.domain.events import DomainEvent
from app.domain.vocabulary import Urgency
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import assessments as repo
from app.persistence.scoping import visible
from app.persistence.tables.assessments import Assessment
from app.persistence.tables.cases import Case
from app.persistence.uow import UnitOfWork
from app.services.common import (
    disclose_listed,
    get_or_404,
    load_for_change,
    named_in_body,
    open_record,
    read_record,
)
from app.services.deadlines import meet_deadlines, open_deadline
from app.services.wellbeing import record_ratings

# What an assessment records, as opposed to its workflow fields; a revision copies these.
CONTENT_FIELDS = tuple(AssessmentFields.model_fields)


def _event(
    kind: str, assessment: Assessment, case: Case, actor: Actor, summary: str, **payload: object
) -> DomainEvent:
    organisations = dict.fromkeys((case.responsible_organisation_id, actor.organisation_id))
    return DomainEvent(
        type=f"assessment.{kind}",
        aggregate_type="assessment",
        aggregate_id=assessment.id,
        aggregate_version=assessment.version,
        child_id=assessment.child_id,
        actor_id=actor.professional_id,
        organisation_ids=tuple(organisations),
        summary=summary,
        payload={"case_id": str(case.id), **payload},
    )


def legal_actions(assessment: Assessment) -> list[str]:
    return ASSESSMENT_MACHINE.legal_actions(AssessmentStatus(assessment.status))


async def _case_of(uow: UnitOfWork, assessment: Assessment) -> Case:
    return await get_or_404(uow, Case, assessment.case_id, "case")


async def _load(
    uow: UnitOfWork, actor: Actor, assessment_id: uuid.UUID, expected_version: int | None
) -> tuple[Assessment, Case]:
    assessment = await load_for_change(
        uow, Assessment, assessment_id, "assessment", expected_version, actor
    )
    return assessment, await _case_of(uow, assessment)


def _move(assessment: Assessment, action: AssessmentAction) -> AssessmentStatus:
    after = ASSESSMENT_MACHINE.next_state(AssessmentStatus(assessment.status), action)
    assessment.status = after.value
    return after


# ---- drafting --------------------------------------------------------------------------------


async def create_assessment(uow: UnitOfWork, actor: Actor, data: NewAssessment) -> Assessment:
    case = await named_in_body(
        uow, Case, data.case_id, "#/case_id", "case", seen_by=actor, as_kind="assessment"
    )
    if case.stage == CaseStage.CLOSED:
        raise Conflict("The case is closed; reopen it before assessing again.")
    assessment = Assessment(
        case_id=case.id,
        child_id=case.child_id,
        kind=data.kind.value,
        status=AssessmentStatus.DRAFT.value,
        author_id=actor.person(),
        **data.contents(),
    )
    uow.session.add(assessment)
    await uow.flush()
    uow.record(
        _event("created", assessment, case, actor, f"Assessment ({data.kind.value}) started")
    )
    return assessment


async def update_assessment(
    uow: UnitOfWork,
    actor: Actor,
    assessment_id: uuid.UUID,
    changes: AssessmentChanges,
    *,
    expected_version: int | None,
) -> Assessment:
    assessment, case = await _load(uow, actor, assessment_id, expected_version)
    status = AssessmentStatus(assessment.status)
    if status not in EDITABLE_STATUSES:
        raise Conflict(
            why_not_editable(status, assessment.id),
            extra={"state": status.value, "legal_actions": legal_actions(assessment)},
        )
    fields = changes.contents()
    for name, value in fields.items():
        setattr(assessment, name, value)
    uow.session.add(assessment)
    await uow.flush()
    uow.record(
        _event("updated", assessment, case, actor, "Assessment updated", fields=sorted(fields))
    )
    return assessment


async def revise_assessment(uow: UnitOfWork, actor: Actor, assessment_id: uuid.UUID) -> Assessment:
    """Start a new draft from an approved assessment; the approved one stays as it was, and the
    new one says which it supersedes. Only one revision of an assessment may exist."""
    approved, _ = await open_record(uow, actor, Assessment, assessment_id, "assessment")
    ASSESSMENT_MACHINE.next_state(AssessmentStatus(approved.status), AssessmentAction.REVISE)
    existing = await repo.revision_of(uow, approved.id)
    if existing is not None:
        raise Conflict(
            f"Assessment {approved.id} has already been revised; change the revision instead.",
            extra={"existing_id": str(existing.id)},
        )
    case = await _case_of(uow, approved)
    if case.stage == CaseStage.CLOSED:
        raise Conflict("The case is closed; reopen it before revising its assessments.")
    revision = Assessment(
        case_id=approved.case_id,
        child_id=approved.child_id,
        kind=approved.kind,
        revision=approved.revision + 1,
        supersedes_id=approved.id,
        status=AssessmentStatus.DRAFT.value,
        author_id=actor.person(),
        **{name: getattr(approved, name) for name in CONTENT_FIELDS},
    )
    uow.session.add(revision)
    await uow.flush()
    uow.record(
        _event(
            "revised",
            revision,
            case,
            actor,
            f"Revision {revision.revision} of an approved assessment started",
            supersedes_id=str(approved.id),
        )
    )
    return revision


# ---- deciding --------------------------------------------------------------------------------


async def submit_assessment(
    uow: UnitOfWork, actor: Actor, assessment_id: uuid.UUID, *, expected_version: int | None
) -> Assessment:
    """Send the assessment to a supervisor; their decision is due per the policy table."""
    assessment, case = await _load(uow, actor, assessment_id, expected_version)
    ASSESSMENT_MACHINE.next_state(AssessmentStatus(assessment.status), AssessmentAction.SUBMIT)
    if case.stage == CaseStage.CLOSED:
        raise Conflict(
            "The case is closed; reopen it before submitting its assessments.",
            extra={"owner_state": case.stage},
        )
    check_complete(assessment.indicator_ratings)
    _move(assessment, AssessmentAction.SUBMIT)
    assessment.submitted_at = utcnow()
    assessment.decided_by_id = assessment.decided_at = None
    deadline = await open_deadline(
        uow,
        kind=DeadlineKind.ASSESSMENT_APPROVAL,
        subject_type="assessment",
        subject_id=assessment.id,
        child_id=assessment.child_id,
        urgency=Urgency(case.urgency),
        start=assessment.submitted_at,
        organisation_id=case.responsible_organisation_id,
    )
    assessment.due_at = deadline.due_at
    uow.session.add(assessment)
    await uow.flush()
    uow.record(_event("submitted", assessment, case, actor, "Assessment submitted for approval"))
    return assessment


async def stop_waiting_for_decisions(uow: UnitOfWork, case_id: uuid.UUID, *, at: datetime) -> None:
    """When the case closes, its submitted assessments stay submitted (a supervisor may decide
    them if it is reopened) but no decision is due any more: their deadlines are met."""
    for assessment in await repo.submitted_of_case(uow, case_id):
        await meet_deadlines(uow, "assessment", assessment.id, at=at)
        assessment.due_at = None
        uow.session.add(assessment)
    await uow.flush()


async def _decide(
    uow: UnitOfWork,
    actor: Actor,
    assessment_id: uuid.UUID,
    action: AssessmentAction,
    expected_version: int | None,
) -> tuple[Assessment, Case]:
    """What approving and returning share: a supervisor's decision on a submitted assessment,
    which meets the approval deadline."""
    assessment, case = await _load(uow, actor, assessment_id, expected_version)
    ASSESSMENT_MACHINE.next_state(AssessmentStatus(assessment.status), action)
    check_may_decide(actor)
    _move(assessment, action)
    assessment.decided_by_id = actor.professional_id
    assessment.decided_at = utcnow()
    assessment.due_at = None
    await meet_deadlines(uow, "assessment", assessment.id, at=assessment.decided_at)
    return assessment, case


async def approve_assessment(
    uow: UnitOfWork, actor: Actor, assessment_id: uuid.UUID, *, expected_version: int | None
) -> Assessment:
    """Approval makes the ratings part of the child's well-being trajectory."""
    assessment, case = await _decide(
        uow, actor, assessment_id, AssessmentAction.APPROVE, expected_version
    )
    assessment.return_reason = None
    uow.session.add(assessment)
    record_ratings(
        uow,
        child_id=assessment.child_id,
        source_type="assessment",
        source_id=assessment.id,
        recorded_on=utcnow().date(),
        indicators=assessment.indicator_ratings,
        protective_factors=assessment.protective_factors,
    )
    await uow.flush()
    uow.record(_event("approved", assessment, case, actor, "Assessment approved"))
    return assessment


async def return_assessment(
    uow: UnitOfWork,
    actor: Actor,
    assessment_id: uuid.UUID,
    data: ReturnDecision,
    *,
    expected_version: int | None,
) -> Assessment:
    assessment, case = await _decide(
        uow, actor, assessment_id, AssessmentAction.RETURN, expected_version
    )
    assessment.return_reason = data.reason
    uow.session.add(assessment)
    await uow.flush()
    uow.record(
        _event("returned", assessment, case, actor, "Assessment returned", reason=data.reason)
    )
    return assessment


# ---- reading ---------------------------------------------------------------------------------


async def get_assessment(uow: UnitOfWork, actor: Actor, assessment_id: uuid.UUID) -> Assessment:
    return await read_record(uow, actor, Assessment, assessment_id, "assessment")


async def search_assessments(
    uow: UnitOfWork, actor: Actor, query: AssessmentSearch, page: PageRequest
) -> PageOf:
    found = await repo.search(uow, query, page, visible(RecordKind.CASE_RECORD, Assessment, actor))
    disclose_listed(uow, actor, "assessment", found.rows)
    return found
