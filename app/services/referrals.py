"""Referring a concern to the guardianship authority, and the authority's answer."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence

from app.domain.access import Disclosure
from app.domain.access_policy import RecordKind
from app.domain.actor import Actor
from app.domain.cases import CaseStage
from app.domain.concerns import CONCERN_MACHINE, ConcernAction, ConcernStatus
from app.domain.deadlines import DeadlineKind, utcnow
from app.domain.errors import Forbidden, InvalidInput
from app.domain.events import DomainEvent
from app.domain.legal_basis import exemption_grounds
from app.domain.referrals import (
    REFERRAL_MACHINE,
    RESPONSES,
    AcceptReferral,
    AssignReferral,
    ChangedBound,
    DeclineReferral,
    NewReferral,
    RedirectReferral,
    ReferralAction,
    ReferralSearch,
    ReferralStatus,
    WithdrawReferral,
    is_guardianship_authority,
    may_answer,
    may_withdraw,
)
from app.domain.vocabulary import Urgency
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import deadlines as deadline_repo
from app.persistence.repositories import referrals as repo
from app.persistence.scoping import visible
from app.persistence.tables.cases import Case
from app.persistence.tables.concerns import Concern
from app.persistence.tables.events import StoredEvent
from app.persistence.tables.organisations import Organisation
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork
from app.services import cases as case_service
from app.services import concerns as concern_service
from app.services import events as event_service
from app.services import sharing_bases
from app.services.common import (
    disclose_listed,
    load_for_change,
    named_in_body,
    open_record,
    read_record,
)
from app.services.deadlines import meet_deadlines, open_deadline
from app.services.reference import organisation_at, professional_at

SUBJECT = "referral"


def _event(
    kind: str,
    referral: Referral,
    actor: Actor,
    summary: str,
    *,
    also: tuple[uuid.UUID, ...] = (),
    **payload: object,
) -> DomainEvent:
    """Both ends of a referral hear of every change: the referrer learns the outcome."""
    organisations = dict.fromkeys(
        (referral.from_organisation_id, referral.to_organisation_id, *also)
    )
    return DomainEvent(
        type=f"referral.{kind}",
        aggregate_type=SUBJECT,
        aggregate_id=referral.id,
        aggregate_version=referral.version,
        child_id=referral.child_id,
        actor_id=actor.professional_id,
        organisation_ids=tuple(organisations),
        summary=summary,
        payload=dict(payload),
    )


def status_of(referral: Referral) -> ReferralStatus:
    return ReferralStatus(referral.status)


def legal_actions(referral: Referral) -> list[str]:
    return REFERRAL_MACHINE.legal_actions(status_of(referral))


async def _authority_at(uow: UnitOfWork, organisation_id: uuid.UUID, pointer: str) -> Organisation:
    organisation = await organisation_at(uow, organisation_id, pointer)
    if not is_guardianship_authority(organisation.kind):
        raise InvalidInput.field(
            pointer,
            f"{organisation.name} is a {organisation.kind}; a referral goes to a guardianship "
            "authority (a mayoralty or a social-assistance directorate).",
        )
    return organisation


async def _open_response_deadline(uow: UnitOfWork, referral: Referral) -> None:
    deadline = await open_deadline(
        uow,
        kind=DeadlineKind.REFERRAL_RESPONSE,
        subject_type=SUBJECT,
        subject_id=referral.id,
        child_id=referral.child_id,
        urgency=Urgency(referral.urgency),
        start=referral.created_at,
        organisation_id=referral.to_organisation_id,
        assignee_id=referral.assignee_id,
    )
    referral.due_at = deadline.due_at


async def create_referral(uow: UnitOfWork, actor: Actor, data: NewReferral) -> Referral:
    concern = await named_in_body(
        uow, Concern, data.concern_id, "#/concern_id", "concern", seen_by=actor
    )
    concern_service.check_recorder(actor, concern)
    await _authority_at(uow, data.to_organisation_id, "#/to_organisation_id")
    # Refused here, before anything changes, with the concern's own state in the message.
    CONCERN_MACHINE.next_state(ConcernStatus(concern.status), ConcernAction.REFER)
    basis = await sharing_bases.basis_for(
        uow,
        actor,
        child_id=concern.child_id,
        urgency=Urgency(concern.urgency),
        given=data.legal_basis,
        recorded_id=data.sharing_basis_id,
        default_grounds=exemption_grounds(concern.risk_category),
    )
    referral = Referral(
        concern_id=concern.id,
        child_id=concern.child_id,
        referred_by_id=actor.professional_id,
        from_organisation_id=actor.organisation_id,
        to_organisation_id=data.to_organisation_id,
        urgency=concern.urgency,
        status=ReferralStatus.RECEIVED.value,
        reason=data.reason,
        sharing_basis_id=basis.id,
    )
    await _open_response_deadline(uow, referral)
    uow.session.add(referral)
    await uow.flush()
    await concern_service.mark_referred(uow, actor, concern, referral.id)
    uow.record(
        _event(
            "received",
            referral,
            actor,
            f"Referral received ({referral.urgency})",
            concern_id=str(concern.id),
            urgency=referral.urgency,
            legal_basis=sharing_bases.fact(basis),
        )
    )
    return referral


async def get_referral(uow: UnitOfWork, actor: Actor, referral_id: uuid.UUID) -> Referral:
    return await read_record(uow, actor, Referral, referral_id, "referral")


async def search_referrals(
    uow: UnitOfWork,
    actor: Actor,
    query: ReferralSearch,
    page: PageRequest,
    *,
    changed: Sequence[ChangedBound] = (),
    states: Sequence[tuple[str, Collection[str] | None]] | None = None,
) -> PageOf:
    """`changed` and `states` serve status feeds (FHIR Task polling): what changed since the
    last poll (or within any window), with the case the referral led to counting as part of
    it."""
    found = await repo.search(
        uow,
        query,
        page,
        utcnow(),
        visible(RecordKind.REFERRAL, Referral, actor),
        changed=changed,
        states=states,
    )
    disclose_listed(uow, actor, "referral", found.rows)
    return found


async def history(uow: UnitOfWork, actor: Actor, referral_id: uuid.UUID) -> list[StoredEvent]:
    """Every transition of the referral: who did it and when."""
    referral, _ = await open_record(uow, actor, Referral, referral_id, "referral")
    uow.disclose(actor, Disclosure("read", "referral_history", referral.id, referral.child_id))
    return await event_service.history(uow, actor, SUBJECT, referral_id)


async def _load_for(
    uow: UnitOfWork,
    actor: Actor,
    referral_id: uuid.UUID,
    action: ReferralAction,
    expected_version: int | None,
) -> Referral:
    """Load a referral for an action: who may act, the version, then whether it may be done now."""

    def may(referral: Referral) -> None:
        if action is ReferralAction.WITHDRAW:
            if not may_withdraw(actor.organisation_id, referral.from_organisation_id):
                raise Forbidden("Only the institution that made a referral may withdraw it.")
        elif not may_answer(actor.organisation_id, referral.to_organisation_id):
            raise Forbidden("Only the receiving guardianship authority may do this.")

    referral = await load_for_change(
        uow, Referral, referral_id, "referral", expected_version, actor, may=may
    )
    REFERRAL_MACHINE.next_state(status_of(referral), action)
    return referral


async def _apply(
    uow: UnitOfWork,
    actor: Actor,
    referral: Referral,
    action: ReferralAction,
    reason: str | None = None,
) -> None:
    """Move the referral on; an answer (or a withdrawal) stops the response clock, clearing
    `due_at` with it, and an answer says who answered. Assigning leaves the clock running."""
    now = utcnow()
    referral.status = REFERRAL_MACHINE.next_state(status_of(referral), action).value
    if action in RESPONSES:
        referral.responded_by_id = actor.professional_id
        referral.responded_at = now
    if reason is not None:
        referral.response_reason = reason
    if action is not ReferralAction.ASSIGN:
        await meet_deadlines(uow, SUBJECT, referral.id, at=now)
        referral.due_at = None
    uow.session.add(referral)
    await uow.flush()


async def _case_to_join(uow: UnitOfWork, referral: Referral, case_id: uuid.UUID) -> Case:
    case = await uow.session.get(Case, case_id)
    if case is None or case.stage == CaseStage.CLOSED.value or case.child_id != referral.child_id:
        raise InvalidInput.field(
            "#/case_id", f"There is no open case {case_id} for this referral's child."
        )
    return case


async def accept_referral(
    uow: UnitOfWork,
    actor: Actor,
    referral_id: uuid.UUID,
    data: AcceptReferral,
    *,
    expected_version: int | None,
) -> Referral:
    """Accept: join the child's open case when one is named, otherwise open a new one."""
    referral = await _load_for(uow, actor, referral_id, ReferralAction.ACCEPT, expected_version)
    await sharing_bases.still_in_force(uow, referral.sharing_basis_id, "accept it")
    if data.case_id is not None:
        case = await _case_to_join(uow, referral, data.case_id)
    else:
        case = await case_service.open_case(
            uow,
            actor,
            child_id=referral.child_id,
            responsible_organisation_id=referral.to_organisation_id,
            urgency=Urgency(referral.urgency),
            opened_via="referral",
            sharing_basis_id=referral.sharing_basis_id,
            lead_professional_id=data.lead_professional_id,
            level_of_need=data.level_of_need,
            concern_id=referral.concern_id,
        )
    referral.case_id = case.id
    await _apply(uow, actor, referral, ReferralAction.ACCEPT)
    joined = data.case_id is not None
    summary = "Referral accepted; joined the open case" if joined else "Referral accepted"
    uow.record(_event("accepted", referral, actor, summary, case_id=str(case.id), joined=joined))
    return referral


async def decline_referral(
    uow: UnitOfWork,
    actor: Actor,
    referral_id: uuid.UUID,
    data: DeclineReferral,
    *,
    expected_version: int | None,
) -> Referral:
    referral = await _load_for(uow, actor, referral_id, ReferralAction.DECLINE, expected_version)
    await _apply(uow, actor, referral, ReferralAction.DECLINE, data.reason)
    uow.record(_event("declined", referral, actor, "Referral declined", reason=data.reason))
    return referral


async def redirect_referral(
    uow: UnitOfWork,
    actor: Actor,
    referral_id: uuid.UUID,
    data: RedirectReferral,
    *,
    expected_version: int | None,
) -> Referral:
    """Send the referral on to the authority that should act. The new referral keeps the
    original referrer, so the institution that raised the concern still learns the outcome."""
    referral = await _load_for(uow, actor, referral_id, ReferralAction.REDIRECT, expected_version)
    target = await _authority_at(uow, data.to_organisation_id, "#/to_organisation_id")
    if target.id == referral.to_organisation_id:
        raise InvalidInput.field(
            "#/to_organisation_id", "Redirect to another authority than the one that has it."
        )
    basis = await sharing_bases.still_in_force(
        uow, referral.sharing_basis_id, "send it on to another authority"
    )
    onward = Referral(
        concern_id=referral.concern_id,
        child_id=referral.child_id,
        referred_by_id=referral.referred_by_id,
        from_organisation_id=referral.from_organisation_id,
        to_organisation_id=target.id,
        urgency=referral.urgency,
        status=ReferralStatus.RECEIVED.value,
        reason=referral.reason,
        redirected_from_id=referral.id,
        # The family consented to the referral, not to one authority: the basis goes with it.
        sharing_basis_id=basis.id if basis else None,
    )
    await _open_response_deadline(uow, onward)
    uow.session.add(onward)
    # The new row is stored before the old one points at it (the link is a foreign key).
    await uow.flush()
    referral.redirected_to_id = onward.id
    await _apply(uow, actor, referral, ReferralAction.REDIRECT, data.reason)
    uow.record(
        _event(
            "redirected",
            referral,
            actor,
            "Referral redirected",
            also=(target.id,),
            reason=data.reason,
            redirected_to_id=str(onward.id),
        )
    )
    uow.record(
        _event(
            "received",
            onward,
            actor,
            f"Referral received by redirection ({onward.urgency})",
            concern_id=str(onward.concern_id),
            urgency=onward.urgency,
            redirected_from_id=str(referral.id),
            legal_basis=sharing_bases.fact(basis),
        )
    )
    return referral


async def withdraw_referral(
    uow: UnitOfWork,
    actor: Actor,
    referral_id: uuid.UUID,
    data: WithdrawReferral,
    *,
    expected_version: int | None,
) -> Referral:
    referral = await _load_for(uow, actor, referral_id, ReferralAction.WITHDRAW, expected_version)
    await _apply(uow, actor, referral, ReferralAction.WITHDRAW, data.reason)
    uow.record(_event("withdrawn", referral, actor, "Referral withdrawn", reason=data.reason))
    return referral


async def assign_referral(
    uow: UnitOfWork,
    actor: Actor,
    referral_id: uuid.UUID,
    data: AssignReferral,
    *,
    expected_version: int | None,
) -> Referral:
    """Give the referral to one professional of the receiving authority; the open response
    deadline follows, so their overdue list shows it."""
    referral = await _load_for(uow, actor, referral_id, ReferralAction.ASSIGN, expected_version)
    assignee = await professional_at(uow, data.assignee_id, "#/assignee_id")
    if assignee.organisation_id != referral.to_organisation_id:
        raise InvalidInput.field(
            "#/assignee_id", "The assignee must work for the authority that received the referral."
        )
    referral.assignee_id = assignee.id
    deadline = await deadline_repo.open_for(uow, SUBJECT, referral.id)
    if deadline is not None:
        deadline.assignee_id = assignee.id
        uow.session.add(deadline)
    await _apply(uow, actor, referral, ReferralAction.ASSIGN)
    uow.record(
        _event(
            "assigned",
            referral,
            actor,
            f"Referral assigned to {assignee.given_name} {assignee.family_name}",
            assignee_id=str(assignee.id),
        )
    )
    return referral
