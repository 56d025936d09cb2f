from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import col, select

from app.domain.referrals import ChangedBound, Compare, ReferralSearch, ReferralStatus
from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.scoping import Scope
from app.persistence.tables.cases import Case
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork


async def search(
    uow: UnitOfWork,
    query: ReferralSearch,
    page: PageRequest,
    now: datetime,
    scope: Scope,
    *,
    changed: Sequence[ChangedBound] = (),
    states: Sequence[tuple[str, Collection[str] | None]] | None = None,
) -> PageOf:
    """`changed`: when the referral last changed — the later of its own change and its case's —
    is within every bound (a status feed's poll). `states`: any of these (referral status, case
    stages or None for any) pairs."""
    stmt = select(Referral).where(scope)
    for bound in changed:
        stmt = stmt.where(_changed(bound))
    if states is not None:
        stmt = stmt.where(or_(*(_in_state(status, stages) for status, stages in states)))
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


def _changed(bound: ChangedBound) -> ColumnElement[bool]:
    """The last change is the later of two times: it is after a bound when either is, and
    before one when both are (a referral without a case has only its own)."""
    after = bound.compare in (Compare.GT, Compare.GE)
    strict = bound.compare in (Compare.GT, Compare.LT)

    def holds(column: Any) -> ColumnElement[bool]:
        compared: ColumnElement[bool]
        if after:
            compared = column > bound.at if strict else column >= bound.at
        else:
            compared = column < bound.at if strict else column <= bound.at
        return compared

    cases = select(col(Case.id)).where(holds(col(Case.updated_at)))
    if after:
        return or_(holds(col(Referral.updated_at)), col(Referral.case_id).in_(cases))
    return and_(
        holds(col(Referral.updated_at)),
        or_(col(Referral.case_id).is_(None), col(Referral.case_id).in_(cases)),
    )


def _in_state(status: str, stages: Collection[str] | None) -> ColumnElement[bool]:
    if stages is None:
        return col(Referral.status) == status
    at_stage = select(col(Case.id)).where(col(Case.stage).in_(list(stages)))
    return and_(col(Referral.status) == status, col(Referral.case_id).in_(at_stage))


async def cases_of(uow: UnitOfWork, case_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Case]:
    """The cases some referrals led to, in one statement."""
    if not case_ids:
        return {}
    rows = (await uow.session.exec(select(Case).where(col(Case.id).in_(list(case_ids))))).all()
    return {case.id: case for case in rows}
