from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from app.domain.referrals import ReferralSearch, ReferralStatus
from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.scoping import Scope
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork


async def search(
    uow: UnitOfWork, query: ReferralSearch, page: PageRequest, now: datetime, scope: Scope
) -> PageOf:
    stmt = select(Referral).where(scope)
    if query.status:
        stmt = stmt.where(Referral.status == query.status.value)
    if query.overdue:
        # Only a referral still waiting for its answer can be late.
        stmt = stmt.where(
            Referral.status == ReferralStatus.RECEIVED.value, col(Referral.due_at) < now
        )
    for column, value in (
        (Referral.assignee_id, query.assignee_id),
        (Referral.to_organisation_id, query.to_organisation_id),
        (Referral.from_organisation_id, query.from_organisation_id),
        (Referral.child_id, query.child_id),
        (Referral.concern_id, query.concern_id),
    ):
        if value is not None:
            stmt = stmt.where(col(column) == value)
    return trim((await uow.session.exec(keyset(stmt, Referral, page))).all(), page)
