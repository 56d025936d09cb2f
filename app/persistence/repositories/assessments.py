from __future__ import annotations

import uuid

from sqlmodel import select

from app.domain.assessments import AssessmentSearch, AssessmentStatus
from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.scoping import Scope
from app.persistence.tables.assessments import Assessment
from app.persistence.uow import UnitOfWork


async def search(
    uow: UnitOfWork, query: AssessmentSearch, page: PageRequest, scope: Scope
) -> PageOf:
    stmt = select(Assessment).where(scope)
    if query.case_id:
        stmt = stmt.where(Assessment.case_id == query.case_id)
    if query.child_id:
        stmt = stmt.where(Assessment.child_id == query.child_id)
    if query.status:
        stmt = stmt.where(Assessment.status == query.status.value)
    rows = (await uow.session.exec(keyset(stmt, Assessment, page))).all()
    return trim(rows, page)


async def revision_of(uow: UnitOfWork, assessment_id: uuid.UUID) -> Assessment | None:
    """The assessment that supersedes this one, if a revision has been started."""
    stmt = select(Assessment).where(Assessment.supersedes_id == assessment_id)
    return (await uow.session.exec(stmt)).first()


async def submitted_of_case(uow: UnitOfWork, case_id: uuid.UUID) -> list[Assessment]:
    stmt = select(Assessment).where(
        Assessment.case_id == case_id, Assessment.status == AssessmentStatus.SUBMITTED.value
    )
    return list((await uow.session.exec(stmt)).all())
