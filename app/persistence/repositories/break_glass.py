"""Break-the-glass openings, as the data protection officer reads them."""

from __future__ import annotations

from sqlmodel import select

from app.domain.break_glass import OpeningSearch
from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.tables.break_glass import BreakGlassOpening
from app.persistence.uow import UnitOfWork


async def search(uow: UnitOfWork, query: OpeningSearch, page: PageRequest) -> PageOf:
    """Newest first; no access scope, because only the officer, who sees them all, may ask."""
    stmt = select(BreakGlassOpening)
    if query.review_status:
        stmt = stmt.where(BreakGlassOpening.review_status == query.review_status.value)
    if query.child_id:
        stmt = stmt.where(BreakGlassOpening.child_id == query.child_id)
    return trim((await uow.session.exec(keyset(stmt, BreakGlassOpening, page))).all(), page)
