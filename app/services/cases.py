"""Cases: opening one, moving it through its stages, closing and reopening it, and the team around
the child."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import partial

from app.domain.access import Disclosure
from app.domain.access_policy import RecordKind
from app.domain.actor import Actor
from app.domain.cases import (
    CASE_MACHINE,
    LEAD_PROFESSIONAL_ROLE,
    NOT_A_MANAGER,
    CaseAction,
    CaseChanges,
    CaseClosure,
    CaseOrigin,
    CaseReopening,
    CaseSearch,
    CaseStage,
    NewCase,
    NewTeamMember,
    check_may_close,
    default_level_of_need,
    may_manage,
    stage_deadline,
)
from app.domain.deadlines import utcnow
from app.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.domain.events import DomainEvent
from app.domain.legal_basis import exemption_applies
from app.domain.vocabulary import (
    GUARDIANSHIP_AUTHORITY_KINDS,
    LevelOfNeed,
    OrganisationKind,
    Urgency,
)
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import cases as repo
from app.persistence.repositories import sharing_bases as basis_repo
from app.persistence.scoping import visible
from app.persistence.tables.cases import Case, TeamMember
from app.persistence.tables.children import Child
from app.persistence.tables.concerns import Concern
from app.persistence.tables.organisations import Organisation
from app.persistence.uow import UnitOfWork
from app.services import sharing_bases
from app.services.assessments import stop_waiting_for_decisions
from app.services.common import (
    disclose_listed,
    get_or_404,
    load_for_change,
    named_in_body,
    open_record,
    read_record,
)
from app.services.deadlines import meet_deadlines, open_deadline, reassign_open_deadline
from app.services.plans import end_plans_of_owner
from app.services.reference import professional_at

# The role a former lead keeps on the team: they stay to hand over, but are no longer the lead.
FORMER_LEAD_ROLE = "former lead professional"

# The grounds recorded when a child-protection case's team grows without a basis being sent.
TEAM_EXEMPTION_GROUNDS = (
    "Team around the child of a child-protection case (recorded automatically)."
)
LEAD_EXEMPTION_GROUNDS = "Lead professional of a child-protection case (recorded automatically)."


def _event(
    kind: str,
    case: Case,
    actor: Actor,
    summary: str,
    payload: Mapping[str, object] | None = None,
    *,
    also: tuple[uuid.UUID, ...] = (),
) -> DomainEvent:
    """Every case event reaches the responsible organisation and the actor's own; `also` adds
    others who need to know (a team member's organisation)."""
    organisations = dict.fromkeys((case.responsible_organisation_id, actor.organisation_id, *also))
    return DomainEvent(
        type=f"case.{kind}",
        aggregate_type="case",
        aggregate_id=case.id,
        aggregate_version=case.version,
        child_id=case.child_id,
        actor_id=actor.professional_id,
        organisation_ids=tuple(organisations),
        summary=summary,
        payload=dict(payload or {}),
    )


async def _sync_stage_deadline(uow: UnitOfWork, case: Case) -> None:
    """Open the deadline the current stage runs against (which meets the previous one), or only
    meet the previous one when the stage has none. `due_at` mirrors whatever is open now."""
    kind = stage_deadline(CaseStage(case.stage))
    if kind is None:
        await meet_deadlines(uow, "case", case.id, at=case.stage_entered_at)
        case.due_at = None
        return
    deadline = await open_deadline(
        uow,
        kind=kind,
        subject_type="case",
        subject_id=case.id,
        child_id=case.child_id,
        urgency=Urgency(case.urgency),
        start=case.stage_entered_at,
        organisation_id=case.responsible_organisation_id,
        assignee_id=case.lead_professional_id,
    )
    case.due_at = deadline.due_at


async def _join_team(
    uow: UnitOfWork,
    case: Case,
    professional_id: uuid.UUID,
    role: str,
    pointer: str,
    sharing_basis_id: uuid.UUID | None,
) -> TeamMember:
    professional = await professional_at(uow, professional_id, pointer)
    if await repo.active_member(uow, case.id, professional.id) is not None:
        raise Conflict(
            f"Professional {professional.id} is already on the team around the child.",
            extra={"pointer": f"{pointer}"},
        )
    member = TeamMember(
        case_id=case.id,
        professional_id=professional.id,
        organisation_id=professional.organisation_id,
        role=role,
        sharing_basis_id=sharing_basis_id,
    )
    uow.session.add(member)
    return member


# ---- opening ---------------------------------------------------------------------------------


async def open_case(
    uow: UnitOfWork,
    actor: Actor,
    *,
    child_id: uuid.UUID,
    responsible_organisation_id: uuid.UUID,
    urgency: Urgency,
    opened_via: str,
    lead_professional_id: uuid.UUID | None = None,
    level_of_need: LevelOfNeed | None = None,
    concern_id: uuid.UUID | None = None,
    reason: str | None = None,
    sharing_basis_id: uuid.UUID | None = None,
) -> Case:
    """Open a case at initial assessment, with its first deadline and the lead on the team.

    Called from referral acceptance (`opened_via="referral"`) and from the child-protection path
    (`opened_via="child_protection"`); the concern and reason, when given, go into the event.
    The lead joins on `sharing_basis_id`: the accepted referral's basis, or the exemption the
    child-protection path recorded.
    """
    child = await get_or_404(uow, Child, child_id, "child")
    origin = CaseOrigin(opened_via)
    if lead_professional_id is not None:
        await professional_at(uow, lead_professional_id, "#/lead_professional_id")
    case = Case(
        child_id=child.id,
        territory_code=child.territory_code,
        responsible_organisation_id=responsible_organisation_id,
        lead_professional_id=lead_professional_id,
        opened_via=origin.value,
        urgency=urgency.value,
        level_of_need=(level_of_need or default_level_of_need(urgency)).value,
        stage=CaseStage.INITIAL_ASSESSMENT.value,
        stage_entered_at=utcnow(),
    )
    # The deadline is set before the first flush so the new case is stored once, at version 1.
    await _sync_stage_deadline(uow, case)
    uow.session.add(case)
    await uow.flush()
    if lead_professional_id is not None:
        await _join_team(
            uow,
            case,
            lead_professional_id,
            LEAD_PROFESSIONAL_ROLE,
            "#/lead_professional_id",
            sharing_basis_id,
        )
    payload: dict[str, object] = {"opened_via": origin.value, "urgency": urgency.value}
    if concern_id is not None:
        payload["concern_id"] = str(concern_id)
    if reason:
        payload["reason"] = reason
    uow.record(_event("opened", case, actor, "Case opened", payload))
    await uow.flush()
    return case


async def _guardianship_authority_of(uow: UnitOfWork, actor: Actor) -> Organisation:
    organisation = await get_or_404(uow, Organisation, actor.organisation_id, "organisation")
    if OrganisationKind(organisation.kind) not in GUARDIANSHIP_AUTHORITY_KINDS:
        raise Forbidden(
            "Only a guardianship authority (a mayoralty or a territorial social-assistance "
            "directorate) may open a case on the child-protection path."
        )
    return organisation


async def open_child_protection_case(uow: UnitOfWork, actor: Actor, data: NewCase) -> Case:
    """GD 270/2014: the guardianship authority told of suspected violence, neglect, exploitation
    or trafficking opens the case at once, without waiting for a referral."""
    organisation = await _guardianship_authority_of(uow, actor)
    await named_in_body(uow, Child, data.child_id, "#/child_id", "child")
    if data.concern_id is not None:
        concern = await uow.session.get(Concern, data.concern_id)
        if concern is None or concern.child_id != data.child_id:
            raise InvalidInput.field(
                "#/concern_id", f"No concern {data.concern_id} is recorded for this child."
            )
    # The lead joins the team on the exemption; without a lead there is no one to share with yet.
    basis = (
        await sharing_bases.record_exemption(uow, actor, data.child_id, data.reason)
        if data.lead_professional_id is not None
        else None
    )
    return await open_case(
        uow,
        actor,
        child_id=data.child_id,
        responsible_organisation_id=organisation.id,
        urgency=Urgency.CHILD_PROTECTION,
        opened_via=CaseOrigin.CHILD_PROTECTION.value,
        lead_professional_id=data.lead_professional_id,
        level_of_need=data.level_of_need,
        concern_id=data.concern_id,
        reason=data.reason,
        sharing_basis_id=basis.id if basis else None,
    )


# ---- reading ---------------------------------------------------------------------------------


async def get_case(uow: UnitOfWork, actor: Actor, case_id: uuid.UUID) -> Case:
    return await read_record(uow, actor, Case, case_id, "case")


async def search_cases(
    uow: UnitOfWork, actor: Actor, query: CaseSearch, page: PageRequest
) -> PageOf:
    found = await repo.search(uow, query, page, utcnow(), visible(RecordKind.CASE, Case, actor))
    disclose_listed(uow, actor, "case", found.rows)
    return found


async def caseload(uow: UnitOfWork, actor: Actor, page: PageRequest) -> PageOf:
    """The signed-in professional's own work: the open cases they lead or are on the team of now,
    newest first. The access policy still applies, so a membership resting on a consent the family
    has withdrawn no longer brings the case."""
    found = await repo.caseload(uow, actor.person(), page, visible(RecordKind.CASE, Case, actor))
    disclose_listed(uow, actor, "case", found.rows)
    return found


async def caseload_size(uow: UnitOfWork, actor: Actor) -> int:
    """How many cases `caseload` holds in all; a number names no child, so nothing is logged."""
    return await repo.caseload_size(uow, actor.person(), visible(RecordKind.CASE, Case, actor))


async def parts_of(uow: UnitOfWork, case: Case) -> tuple[list[TeamMember], list[uuid.UUID]]:
    """The team and the referrals shown inside a case the caller has just read or changed. That
    read or change was judged by the access policy (and recorded) already, so they are not asked
    again: a second check would cost statements and, for a record opened by breaking the glass,
    flag the same opening twice."""
    return await repo.team_of(uow, case.id), await repo.referral_ids(uow, case.id)


def legal_actions(case: Case) -> list[str]:
    return CASE_MACHINE.legal_actions(CaseStage(case.stage))


# ---- changing --------------------------------------------------------------------------------


def check_manager(actor: Actor, case: Case) -> None:
    if not may_manage(
        actor, case.lead_professional_id, case.responsible_organisation_id, case.territory_code
    ):
        raise Forbidden(NOT_A_MANAGER)


def _refuse_if_closed(case: Case, what: str) -> None:
    if case.stage == CaseStage.CLOSED:
        raise Conflict(
            f"The case is closed; reopen it before you {what}.",
            extra={"legal_actions": legal_actions(case)},
        )


async def _basis_of_the_case(uow: UnitOfWork, actor: Actor, case: Case) -> uuid.UUID | None:
    """The basis a new lead joins on without being asked for one: the lead works for the
    responsible authority, which holds the case on the basis it was opened on — the exemption on
    the child-protection path, otherwise the basis of the referral that led to the case (none for
    a case from before bases were recorded). Whether a withdrawn consent still lets the authority
    work is the access policy's question, not this hand-over's."""
    if exemption_applies(Urgency(case.urgency)):
        basis = await sharing_bases.record_exemption(
            uow, actor, case.child_id, LEAD_EXEMPTION_GROUNDS
        )
        return basis.id
    return await basis_repo.opening_referral_basis(uow, case.id)


async def _hand_lead_to(uow: UnitOfWork, actor: Actor, case: Case, lead_id: uuid.UUID) -> None:
    """The new lead is an active team member with the lead's role; the former lead stays on the
    team to hand over; the open deadline follows the lead."""
    await professional_at(uow, lead_id, "#/lead_professional_id")
    if case.lead_professional_id is not None:
        former = await repo.active_member(uow, case.id, case.lead_professional_id)
        if former is not None:
            former.role = FORMER_LEAD_ROLE
            uow.session.add(former)
    member = await repo.active_member(uow, case.id, lead_id)
    if member is None:
        basis_id = await _basis_of_the_case(uow, actor, case)
        await _join_team(
            uow, case, lead_id, LEAD_PROFESSIONAL_ROLE, "#/lead_professional_id", basis_id
        )
    else:
        member.role = LEAD_PROFESSIONAL_ROLE
        uow.session.add(member)
    await reassign_open_deadline(uow, "case", case.id, lead_id)
    case.lead_professional_id = lead_id


async def update_case(
    uow: UnitOfWork,
    actor: Actor,
    case_id: uuid.UUID,
    changes: CaseChanges,
    *,
    expected_version: int | None,
) -> Case:
    case = await load_for_change(
        uow, Case, case_id, "case", expected_version, actor, may=partial(check_manager, actor)
    )
    _refuse_if_closed(case, "change it")
    fields = changes.model_dump(exclude_unset=True)
    for name, value in fields.items():
        if value is None:
            raise InvalidInput.field(f"#/{name}", "This field cannot be emptied.")
    former_lead = case.lead_professional_id
    new_lead = changes.lead_professional_id
    lead_changes = new_lead is not None and new_lead != former_lead
    if new_lead is not None and lead_changes:
        await _hand_lead_to(uow, actor, case, new_lead)
    if changes.level_of_need is not None:
        case.level_of_need = changes.level_of_need.value
    uow.session.add(case)
    await uow.flush()
    if lead_changes:
        payload = {"from": str(former_lead) if former_lead else None, "to": str(new_lead)}
        uow.record(_event("lead_changed", case, actor, "Lead professional changed", payload))
    if "level_of_need" in fields:
        updated = {"fields": ["level_of_need"], "level_of_need": case.level_of_need}
        uow.record(_event("updated", case, actor, "Case updated", updated))
    return case


def _enter(case: Case, action: CaseAction) -> tuple[CaseStage, CaseStage]:
    before = CaseStage(case.stage)
    after = CASE_MACHINE.next_state(before, action)
    case.stage = after.value
    case.stage_entered_at = utcnow()
    return before, after


async def advance_case(
    uow: UnitOfWork,
    actor: Actor,
    case_id: uuid.UUID,
    action: CaseAction,
    *,
    expected_version: int | None,
) -> Case:
    """Move the case to its next working stage (every action except close and reopen, which
    take a reason and have their own functions)."""
    if action in (CaseAction.CLOSE, CaseAction.REOPEN):
        raise ValueError(f"{action} has its own service function")
    case = await load_for_change(
        uow, Case, case_id, "case", expected_version, actor, may=partial(check_manager, actor)
    )
    before, after = _enter(case, action)
    await _sync_stage_deadline(uow, case)
    uow.session.add(case)
    await uow.flush()
    payload = {"from": before.value, "to": after.value}
    uow.record(_event("stage_changed", case, actor, f"Case moved to {after.value}", payload))
    return case


async def close_case(
    uow: UnitOfWork,
    actor: Actor,
    case_id: uuid.UUID,
    data: CaseClosure,
    *,
    expected_version: int | None,
) -> Case:
    """Nothing of a closed case stays expected of anyone: its plans are cancelled (with their
    actions and review deadlines), and its submitted assessments stop waiting for a decision."""
    case = await load_for_change(
        uow, Case, case_id, "case", expected_version, actor, may=partial(check_manager, actor)
    )
    CASE_MACHINE.next_state(CaseStage(case.stage), CaseAction.CLOSE)  # 409 before 403
    check_may_close(actor, Urgency(case.urgency))
    before, _ = _enter(case, CaseAction.CLOSE)
    await _sync_stage_deadline(uow, case)
    case.closure_reason = data.reason.value
    case.closure_note = data.note
    case.closed_at = case.stage_entered_at
    uow.session.add(case)
    await uow.flush()
    payload = {"from": before.value, "reason": data.reason.value, "note": data.note}
    uow.record(_event("closed", case, actor, f"Case closed ({data.reason.value})", payload))
    await end_plans_of_owner(uow, actor, case_id=case.id, reason="the case was closed")
    await stop_waiting_for_decisions(uow, case.id, at=case.stage_entered_at)
    return case


async def reopen_case(
    uow: UnitOfWork,
    actor: Actor,
    case_id: uuid.UUID,
    data: CaseReopening,
    *,
    expected_version: int | None,
) -> Case:
    """A closed case starts again at initial assessment; its closure stays in the event log."""
    case = await load_for_change(
        uow, Case, case_id, "case", expected_version, actor, may=partial(check_manager, actor)
    )
    _enter(case, CaseAction.REOPEN)
    await _sync_stage_deadline(uow, case)
    previous = {"closure_reason": case.closure_reason, "closed_at": case.closed_at}
    case.closure_reason = case.closure_note = case.closed_at = None
    case.reopen_count += 1
    uow.session.add(case)
    await uow.flush()
    payload = {
        "reason": data.reason,
        "reopen_count": case.reopen_count,
        "previous_closure_reason": previous["closure_reason"],
    }
    uow.record(_event("reopened", case, actor, "Case reopened", payload))
    return case


# ---- the team around the child ----------------------------------------------------------------


async def team(
    uow: UnitOfWork,
    actor: Actor,
    case_id: uuid.UUID,
    *,
    include_former: bool = False,
) -> list[TeamMember]:
    case, _ = await open_record(uow, actor, Case, case_id, "case")
    members = await repo.team_of(uow, case_id, include_former=include_former)
    uow.disclose(actor, [Disclosure("list", "team_member", m.id, case.child_id) for m in members])
    return members


async def add_team_member(
    uow: UnitOfWork, actor: Actor, case_id: uuid.UUID, data: NewTeamMember
) -> TeamMember:
    """The case's path decides the basis. A case has its own `urgency` — child protection when
    it was opened on that path or from a child-protection referral, else that of the referral
    that opened it — so a member joins a child-protection case on the exemption by default, and
    any other case only on the family's consent."""
    case, _ = await open_record(uow, actor, Case, case_id, "case")
    check_manager(actor, case)
    _refuse_if_closed(case, "add to its team")
    basis = await sharing_bases.basis_for(
        uow,
        actor,
        child_id=case.child_id,
        urgency=Urgency(case.urgency),
        given=data.legal_basis,
        recorded_id=data.sharing_basis_id,
        default_grounds=TEAM_EXEMPTION_GROUNDS,
    )
    member = await _join_team(
        uow, case, data.professional_id, data.role, "#/professional_id", basis.id
    )
    await uow.flush()
    payload = {
        "member_id": str(member.id),
        "professional_id": str(member.professional_id),
        "role": member.role,
        "legal_basis": sharing_bases.fact(basis),
    }
    uow.record(
        _event(
            "team_member_added",
            case,
            actor,
            f"Joined the team around the child as {member.role}",
            payload,
            also=(member.organisation_id,),
        )
    )
    return member


async def remove_team_member(
    uow: UnitOfWork, actor: Actor, case_id: uuid.UUID, member_id: uuid.UUID
) -> TeamMember:
    case, _ = await open_record(uow, actor, Case, case_id, "case")
    check_manager(actor, case)
    member = await uow.session.get(TeamMember, member_id)
    if member is None or member.case_id != case.id:
        raise NotFound.of("team member", member_id)
    if member.left_at is not None:
        raise Conflict("This professional has already left the team.")
    if member.professional_id == case.lead_professional_id:
        raise Conflict(
            "The lead professional cannot leave the team while lead; hand the lead to someone "
            "else first (PATCH the case's lead_professional_id)."
        )
    member.left_at = utcnow()
    uow.session.add(member)
    await uow.flush()
    payload = {"member_id": str(member.id), "professional_id": str(member.professional_id)}
    uow.record(
        _event(
            "team_member_removed",
            case,
            actor,
            "Left the team around the child",
            payload,
            also=(member.organisation_id,),
        )
    )
    return member
