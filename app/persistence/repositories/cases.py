from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import col, select

from app.domain.cases import CaseSearch, CaseStage
from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.scoping import Scope
from app.persistence.tables.cases import Case, TeamMember
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork


async def search(
    uow: UnitOfWork, query: CaseSearch, page: PageRequest, now: datetime, scope: Scope
) -> PageOf:
    stmt = select(Case).where(scope)
    if query.stage:
        stmt = stmt.where(Case.stage == query.stage.value)
    if query.lead_professional_id:
        stmt = stmt.where(Case.lead_professional_id == query.lead_professional_id)
    if query.child_id:
        stmt = stmt.where(Case.child_id == query.child_id)
    if query.territory_code:
        stmt = stmt.where(Case.territory_code == query.territory_code)
    if query.responsible_organisation_id:
        stmt = stmt.where(Case.responsible_organisation_id == query.responsible_organisation_id)
    if query.overdue:
        # `due_at` mirrors the open deadline and is cleared when none is open.
        stmt = stmt.where(col(Case.due_at) < now)
    rows = (await uow.session.exec(keyset(stmt, Case, page))).all()
    return trim(rows, page)


def _caseload(professional_id: uuid.UUID, scope: Scope) -> list[Any]:
    """The open cases a professional leads or is on the team of now. The memberships come off the
    partial index of present members by professional; the led cases off the lead's index."""
    member_of = select(col(TeamMember.case_id)).where(
        col(TeamMember.professional_id) == professional_id,
        col(TeamMember.left_at).is_(None),
    )
    return [
        scope,
        col(Case.stage) != CaseStage.CLOSED.value,
        or_(col(Case.lead_professional_id) == professional_id, col(Case.id).in_(member_of)),
    ]


async def caseload(
    uow: UnitOfWork, professional_id: uuid.UUID, page: PageRequest, scope: Scope
) -> PageOf:
    stmt = select(Case).where(*_caseload(professional_id, scope))
    rows = (await uow.session.exec(keyset(stmt, Case, page))).all()
    return trim(rows, page)


async def caseload_size(uow: UnitOfWork, professional_id: uuid.UUID, scope: Scope) -> int:
    """One professional's open cases are few (tens), so counting them is as cheap as a page."""
    stmt = select(func.count()).select_from(Case).where(*_caseload(professional_id, scope))
    return int((await uow.session.exec(stmt)).one())


async def teams_of(
    uow: UnitOfWork, case_ids: Sequence[uuid.UUID], *, include_former: bool = False
) -> list[TeamMember]:
    """The members of these cases (present ones only, unless `include_former`), in order of
    joining: one statement for one case or a page of them."""
    stmt = select(TeamMember).where(col(TeamMember.case_id).in_(list(case_ids)))
    if not include_former:
        stmt = stmt.where(col(TeamMember.left_at).is_(None))
    stmt = stmt.order_by(col(TeamMember.joined_at), col(TeamMember.id))
    return list((await uow.session.exec(stmt)).all())


async def team_of(
    uow: UnitOfWork, case_id: uuid.UUID, *, include_former: bool = False
) -> list[TeamMember]:
    return await teams_of(uow, [case_id], include_former=include_former)


async def active_member(
    uow: UnitOfWork, case_id: uuid.UUID, professional_id: uuid.UUID
) -> TeamMember | None:
    stmt = select(TeamMember).where(
        TeamMember.case_id == case_id,
        TeamMember.professional_id == professional_id,
        col(TeamMember.left_at).is_(None),
    )
    return (await uow.session.exec(stmt)).first()


async def referral_ids(uow: UnitOfWork, case_id: uuid.UUID) -> list[uuid.UUID]:
    stmt = (
        select(Referral.id)
        .where(Referral.case_id == case_id)
        .order_by(col(Referral.created_at), col(Referral.id))
    )
    return list((await uow.session.exec(stmt)).all())
