"""The legal basis for sharing: recording it with a referral or team membership, reading it, and
withdrawing a consent.

Referrals and the team around the child call `basis_for`, the one place that decides whether what
the caller sent (a new basis, or the id of one already recorded for the child) may be used on
their path, and that records the child-protection exemption when that path needs nothing more.
What a withdrawal changes in who may see what is the access policy's concern, not this module's.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from app.domain.access_policy import SOCIAL_ROLES
from app.domain.actor import Actor
from app.domain.deadlines import utcnow
from app.domain.errors import (
    Conflict,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    LegalBasisRequired,
)
from app.domain.events import DomainEvent
from app.domain.legal_basis import (
    CHILD_PROTECTION_REFERENCE,
    WITHDRAW,
    ConsentGiver,
    ConsentInput,
    LegalBasisInput,
    LegalBasisKind,
    SharingBasisStatus,
    WithdrawConsent,
    exemption_applies,
    legal_actions,
    may_consent_alone,
    status_at,
)
from app.domain.vocabulary import Urgency
from app.persistence.repositories import sharing_bases as repo
from app.persistence.tables.children import Child
from app.persistence.tables.sharing_bases import SharingBasis
from app.persistence.uow import UnitOfWork
from app.services.common import get_or_404, load_for_change, read_record

SUBJECT = "sharing_basis"

Bases = dict[uuid.UUID, SharingBasis]


def kind_of(basis: SharingBasis) -> LegalBasisKind:
    return LegalBasisKind(basis.kind)


def status_of(basis: SharingBasis, at: datetime | None = None) -> SharingBasisStatus:
    return status_at(
        kind_of(basis),
        valid_until=basis.valid_until,
        withdrawn_at=basis.withdrawn_at,
        at=at or utcnow(),
    )


def actions_of(basis: SharingBasis) -> list[str]:
    return legal_actions(kind_of(basis), status_of(basis))


# ---- recording ---------------------------------------------------------------------------------


def _refuse_exemption_off_path(urgency: Urgency, pointer: str) -> None:
    if not exemption_applies(urgency):
        raise InvalidInput.field(
            pointer,
            f"The child-protection exemption applies only on the child-protection path; this "
            f"concern is {urgency.value}. Record the consent of a parent, guardian or legal "
            "representative (or of the child from 14), or record the concern as child "
            "protection if the child is at risk.",
            "exemption_not_applicable",
        )


def _refuse_unless_in_force(basis: SharingBasis, pointer: str) -> None:
    status = status_of(basis)
    if status is SharingBasisStatus.EXPIRED:
        raise InvalidInput.field(
            pointer,
            f"This consent was valid until {basis.valid_until}; it has expired. Obtain the "
            "family's consent again before sharing.",
            "consent_expired",
        )
    if status is SharingBasisStatus.WITHDRAWN:
        raise InvalidInput.field(
            pointer,
            "This consent was withdrawn; it cannot be used to share the child's data again. "
            "Obtain a new consent, or use the child-protection path if the child is at risk.",
            "consent_withdrawn",
        )


def _consent(actor: Actor, child: Child, data: ConsentInput, pointer: str) -> SharingBasis:
    if data.given_by_relationship is ConsentGiver.CHILD and not may_consent_alone(
        child.birth_date, data.given_at
    ):
        raise InvalidInput.field(
            f"{pointer}/given_by_relationship",
            "A child consents alone only from 14 years; this child was younger on that day. "
            "Ask a parent, guardian or legal representative to consent.",
            "child_too_young_to_consent",
        )
    basis = SharingBasis(
        child_id=child.id,
        kind=LegalBasisKind.CONSENT.value,
        given_by_name=data.given_by_name,
        given_by_relationship=data.given_by_relationship.value,
        given_at=data.given_at,
        purpose=data.purpose,
        valid_until=data.valid_until,
        recorded_by_id=actor.professional_id,
    )
    _refuse_unless_in_force(basis, f"{pointer}/valid_until")
    return basis


def exemption(
    actor: Actor, child_id: uuid.UUID, grounds: str, reference: str = CHILD_PROTECTION_REFERENCE
) -> SharingBasis:
    return SharingBasis(
        child_id=child_id,
        kind=LegalBasisKind.CHILD_PROTECTION_EXEMPTION.value,
        grounds=grounds,
        legal_reference=reference,
        recorded_by_id=actor.professional_id,
    )


async def record_exemption(
    uow: UnitOfWork, actor: Actor, child_id: uuid.UUID, grounds: str
) -> SharingBasis:
    """The exemption for what the child-protection path does without asking (a case opened on
    it, its lead); flushed, so its id may be linked."""
    basis = exemption(actor, child_id, grounds)
    uow.session.add(basis)
    await uow.flush()
    return basis


async def _recorded(
    uow: UnitOfWork, child_id: uuid.UUID, basis_id: uuid.UUID, pointer: str
) -> SharingBasis:
    basis = await uow.session.get(SharingBasis, basis_id)
    if basis is None or basis.child_id != child_id:
        raise InvalidInput.field(
            pointer, f"No legal basis {basis_id} is recorded for this child.", "not_found"
        )
    return basis


async def basis_for(
    uow: UnitOfWork,
    actor: Actor,
    *,
    child_id: uuid.UUID,
    urgency: Urgency,
    given: LegalBasisInput | None,
    recorded_id: uuid.UUID | None,
    default_grounds: str,
) -> SharingBasis:
    """The basis a new referral or team membership rests on; flushed, so its id may be linked.

    - A basis already recorded for the child (`sharing_basis_id`) is reused while in force.
    - A new consent is checked: a child consents alone from 14; an expired one is refused.
    - The exemption is refused off the child-protection path, and recorded there by default
      (with `default_grounds`) when nothing is sent.
    - Off that path, nothing sent is refused: the family's consent is needed.
    """
    if recorded_id is not None:
        basis = await _recorded(uow, child_id, recorded_id, "#/sharing_basis_id")
        if kind_of(basis) is LegalBasisKind.CHILD_PROTECTION_EXEMPTION:
            _refuse_exemption_off_path(urgency, "#/sharing_basis_id")
        _refuse_unless_in_force(basis, "#/sharing_basis_id")
        return basis
    if given is None:
        if not exemption_applies(urgency):
            raise LegalBasisRequired.at(
                "#/legal_basis",
                f"Off the child-protection path (this is {urgency.value}), a child's data is "
                "shared only with consent. Record the consent of a parent, guardian or legal "
                "representative (or of the child from 14) in "
                "`legal_basis`, or name a consent already recorded in `sharing_basis_id`. If the "
                "child is at risk of violence, neglect, exploitation or trafficking, use the "
                "child-protection path instead.",
            )
        basis = exemption(actor, child_id, default_grounds)
    elif isinstance(given, ConsentInput):
        child = await get_or_404(uow, Child, child_id, "child")
        basis = _consent(actor, child, given, "#/legal_basis")
    else:
        _refuse_exemption_off_path(urgency, "#/legal_basis/kind")
        basis = exemption(actor, child_id, given.grounds, given.legal_reference)
    uow.session.add(basis)
    await uow.flush()
    return basis


async def still_in_force(
    uow: UnitOfWork, basis_id: uuid.UUID | None, doing: str
) -> SharingBasis | None:
    """The basis a referral carries into what is done with it next (sent on to another
    authority, a case opened on it): that shares the data again, so a consent no longer in force
    stops it. Legacy referrals carry none."""
    if basis_id is None:
        return None
    basis = await get_or_404(uow, SharingBasis, basis_id, "sharing basis")
    status = status_of(basis)
    if status is not SharingBasisStatus.ACTIVE:
        raise Conflict(
            f"The consent this referral rests on is {status.value}, so it cannot be used to "
            f"{doing}. Decline the referral, or ask the referrer to obtain the family's consent "
            "again and refer anew.",
            extra={"sharing_basis_id": str(basis.id), "legal_basis_status": status.value},
        )
    return basis


def fact(basis: SharingBasis | None) -> dict[str, str] | None:
    """What an event says of the basis a record was made on."""
    return None if basis is None else {"id": str(basis.id), "kind": basis.kind}


# ---- reading -----------------------------------------------------------------------------------


async def get_sharing_basis(uow: UnitOfWork, actor: Actor, basis_id: uuid.UUID) -> SharingBasis:
    return await read_record(uow, actor, SharingBasis, basis_id, "sharing_basis")


async def shown_with(uow: UnitOfWork, basis_ids: Iterable[uuid.UUID | None]) -> Bases:
    """The bases of referrals or team members being shown: their read is the records' own."""
    return await repo.by_ids(uow, basis_ids)


# ---- withdrawing -------------------------------------------------------------------------------


async def withdraw_consent(
    uow: UnitOfWork,
    actor: Actor,
    basis_id: uuid.UUID,
    data: WithdrawConsent,
    *,
    expected_version: int | None,
) -> SharingBasis:
    """The family takes its consent back. The referrals and team memberships resting on it keep
    pointing at it and show it `withdrawn`; it cannot be used for anything new."""

    def may(basis: SharingBasis) -> None:
        # The family tells the social worker, or the professional who took their consent.
        if not (actor.has_role(*SOCIAL_ROLES) or actor.professional_id == basis.recorded_by_id):
            raise Forbidden(
                "A consent is withdrawn by a social worker or by the professional who recorded "
                "it, on the family's word."
            )

    basis = await load_for_change(
        uow, SharingBasis, basis_id, "sharing basis", expected_version, actor, may=may
    )
    status = status_of(basis)
    allowed = legal_actions(kind_of(basis), status)
    if WITHDRAW not in allowed:
        what = "child-protection exemption" if basis.kind != LegalBasisKind.CONSENT else "consent"
        state = "in force" if status is SharingBasisStatus.ACTIVE else status.value
        raise IllegalTransition.build(what, state, WITHDRAW, allowed)
    basis.withdrawn_at = utcnow()
    basis.withdrawn_by_id = actor.professional_id
    basis.withdrawal_reason = data.reason
    uow.session.add(basis)
    await uow.flush()
    relying = await repo.organisations_relying_on(uow, basis.id)
    uow.record(
        DomainEvent(
            type=f"{SUBJECT}.consent_withdrawn",
            aggregate_type=SUBJECT,
            aggregate_id=basis.id,
            aggregate_version=basis.version,
            child_id=basis.child_id,
            actor_id=actor.professional_id,
            organisation_ids=tuple(dict.fromkeys((*relying, actor.organisation_id))),
            summary="Consent to share withdrawn",
            payload={"reason": data.reason},
        )
    )
    return basis
