"""The minimal status of what followed a concern, for the institution that raised it.

The practice model promises the referrer that it learns the outcome: that the concern was received,
accepted or declined, what became of the case, and what is expected of the institution itself —
never the case file. So this answer is built from a short list of facts and nothing else: the
concern's own state; each referral's state and, when the authority declined or redirected it, the
reason it gave the referrer; the case's stage and whether and why (as a coded category) it closed;
and the plan actions assigned to the caller's organisation. Assessments, notes, the team, the
plan's objectives and other institutions' actions stay with those running the case.

It is a status, not a record opening: break-the-glass does not apply, and whoever may not see the
concern gets 404 whatever header they send.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.access import Disclosure
from app.domain.actor import Actor
from app.domain.errors import NotFound
from app.domain.referrals import ReferralStatus
from app.persistence.repositories import concern_status as repo
from app.persistence.tables.concerns import Concern
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork
from app.services.common import get_or_404, is_visible
from app.services.concerns import check_recorder

SUBJECT = "concern_status"

REASON_TOLD_TO_REFERRER = frozenset({ReferralStatus.DECLINED, ReferralStatus.REDIRECTED})
"""The authority's reason is for the referrer when it did not take the referral on (so the
referrer knows what to do next); a withdrawal's reason is the referrer's own."""


@dataclass(frozen=True)
class ReferralStatusLine:
    id: uuid.UUID
    status: str
    to_organisation_id: uuid.UUID
    to_organisation_name: str
    created_at: datetime
    responded_at: datetime | None
    response_reason: str | None
    redirected_to_id: uuid.UUID | None


@dataclass(frozen=True)
class CaseStatusLine:
    """The case as the referrer may know it.

    The stage and the closing time say where the help stands. The closure reason is given only as
    its coded category (objectives achieved, family moved …), which tells the referrer how it
    ended; the closure note is free text about the child and the family, written for the case
    file, and is never part of a status.
    """

    id: uuid.UUID
    stage: str
    opened_at: datetime
    closed_at: datetime | None
    closure_reason: str | None


@dataclass(frozen=True)
class ActionStatusLine:
    id: uuid.UUID
    description: str
    status: str
    due_on: date


@dataclass(frozen=True)
class ConcernStatusReport:
    concern: Concern
    referrals: list[ReferralStatusLine]
    case: CaseStatusLine | None
    actions: list[ActionStatusLine]


def _referral_line(referral: Referral, to_name: str) -> ReferralStatusLine:
    told = ReferralStatus(referral.status) in REASON_TOLD_TO_REFERRER
    return ReferralStatusLine(
        id=referral.id,
        status=referral.status,
        to_organisation_id=referral.to_organisation_id,
        to_organisation_name=to_name,
        created_at=referral.created_at,
        responded_at=referral.responded_at,
        response_reason=referral.response_reason if told else None,
        redirected_to_id=referral.redirected_to_id,
    )


async def concern_status(
    uow: UnitOfWork, actor: Actor, concern_id: uuid.UUID
) -> ConcernStatusReport:
    """For the institution that recorded the concern. Anyone who may not see the concern gets
    404; one who may see it for another reason (the authority it was referred to, the team) reads
    the referral and the case themselves, and is refused here (403)."""
    concern = await get_or_404(uow, Concern, concern_id, "concern")
    if not await is_visible(uow, actor, Concern, concern_id, "concern"):
        raise NotFound.of("concern", concern_id)
    check_recorder(actor, concern)

    found = await repo.referrals_of(uow, concern.id)
    referrals = [_referral_line(r, name) for r, name in found]
    # At most one referral of a concern is accepted (a redirection ends the earlier one).
    case_id = next((r.case_id for r, _ in reversed(found) if r.case_id is not None), None)
    case_line, actions = None, []
    if case_id is not None and (case := await repo.case(uow, case_id)) is not None:
        case_line = CaseStatusLine(
            id=case.id,
            stage=case.stage,
            opened_at=case.created_at,
            closed_at=case.closed_at,
            closure_reason=case.closure_reason,
        )
        actions = [
            ActionStatusLine(id=a.id, description=a.description, status=a.status, due_on=a.due_on)
            for a in await repo.actions_for(uow, case.id, actor.organisation_id)
        ]
    uow.disclose(actor, Disclosure("read", SUBJECT, concern.id, concern.child_id))
    return ConcernStatusReport(concern, referrals, case_line, actions)
