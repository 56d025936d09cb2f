"""A referral as its referrer follows it: the referral's own state and, once accepted, the
stage of the case it led to — the facts the status events carry, as a pull feed for sector
systems (FHIR Task polling).

Only the institution that made the referral sees it here, even where the access policy would
show it for another reason (the receiving authority reads the referral itself). Reads go through
the referral service, so each is in the access log.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from app.domain.actor import Actor
from app.domain.cases import CaseStage
from app.domain.errors import NotFound
from app.domain.referrals import ChangedBound, ReferralSearch, ReferralStatus
from app.persistence.paging import PageRequest
from app.persistence.repositories import referrals as repo
from app.persistence.tables.cases import Case
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork
from app.services import referrals as referral_service


@dataclass(frozen=True)
class Progress:
    referral: Referral
    case_stage: CaseStage | None
    case_changed_at: datetime | None

    @property
    def status(self) -> ReferralStatus:
        return ReferralStatus(self.referral.status)

    @property
    def last_modified(self) -> datetime:
        changed = self.referral.updated_at
        if self.case_changed_at is not None and self.case_changed_at > changed:
            return self.case_changed_at
        return changed


@dataclass(frozen=True)
class ProgressPage:
    items: list[Progress]
    next_cursor: str | None


def _progress(referral: Referral, cases: dict[uuid.UUID, Case]) -> Progress:
    case = cases.get(referral.case_id) if referral.case_id else None
    if case is None:
        return Progress(referral, None, None)
    return Progress(referral, CaseStage(case.stage), case.updated_at)


async def progress_of(uow: UnitOfWork, actor: Actor, referral_id: uuid.UUID) -> Progress:
    referral = await referral_service.get_referral(uow, actor, referral_id)
    if referral.from_organisation_id != actor.organisation_id:
        raise NotFound.of("referral", referral_id)
    cases = await repo.cases_of(uow, [referral.case_id] if referral.case_id else [])
    return _progress(referral, cases)


async def progress_of_referrals(
    uow: UnitOfWork,
    actor: Actor,
    page: PageRequest,
    *,
    concern_id: uuid.UUID | None = None,
    changed: Sequence[ChangedBound] = (),
    states: Sequence[tuple[str, Collection[str] | None]] | None = None,
) -> ProgressPage:
    """The referrals the actor's organisation made, newest first, optionally only those whose
    last change (theirs or their case's) is within the bounds."""
    query = ReferralSearch(from_organisation_id=actor.organisation_id, concern_id=concern_id)
    found = await referral_service.search_referrals(
        uow, actor, query, page, changed=changed, states=states
    )
    rows: list[Referral] = list(found.rows)
    cases = await repo.cases_of(uow, {r.case_id for r in rows if r.case_id})
    return ProgressPage([_progress(r, cases) for r in rows], found.next_cursor)
