"""Identity resolution's queries: candidate children by index, review tasks, merges."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import col, select

from app.domain.actor import Actor
from app.domain.vocabulary import Role
from app.persistence.paging import PageOf, PageRequest, keyset, trim
from app.persistence.tables.assessments import Assessment
from app.persistence.tables.break_glass import BreakGlassOpening
from app.persistence.tables.cases import Case
from app.persistence.tables.children import (
    Child,
    ChildIdentifier,
    ChildInstitution,
    FamilyMember,
)
from app.persistence.tables.concerns import Concern, Observation
from app.persistence.tables.deadlines import Deadline
from app.persistence.tables.identity import ChildMerge, IdentityReview
from app.persistence.tables.intake import InboxMessage
from app.persistence.tables.plans import Plan, Review, WellbeingRating
from app.persistence.tables.referrals import Referral
from app.persistence.tables.sharing_bases import SharingBasis
from app.persistence.uow import UnitOfWork

REVIEWERS = frozenset({Role.SOCIAL_WORKER, Role.CASE_MANAGER, Role.SUPERVISOR})

ABOUT_A_CHILD: tuple[Any, ...] = (
    ChildIdentifier,
    FamilyMember,
    ChildInstitution,
    Observation,
    Concern,
    Referral,
    Case,
    Assessment,
    Plan,
    Review,
    WellbeingRating,
    SharingBasis,
    Deadline,
    BreakGlassOpening,
    InboxMessage,
)
"""Every table whose rows belong to one child (a `child_id` to `children.id`): a merge re-points
them all. The access log and the event log are history, append-only: they keep the ids they
were written with."""


async def candidates(
    uow: UnitOfWork, family_key: str, births: list[date], limit: int
) -> list[Child]:
    """Children who may be the one described: born on the date (or its day-month swap), or of
    the same family-name key born the same year. Two index range reads, each limited; merged
    children are no longer candidates."""
    alive = col(Child.merged_into_id).is_(None)
    by_date = select(Child).where(col(Child.birth_date).in_(births), alive).limit(limit)
    found = {c.id: c for c in (await uow.session.exec(by_date)).all()}
    if family_key:
        year = births[0].year
        by_name = (
            select(Child)
            .where(
                col(Child.match_family) == family_key,
                col(Child.birth_date).between(date(year, 1, 1), date(year, 12, 31)),
                alive,
            )
            .limit(limit)
        )
        for child in (await uow.session.exec(by_name)).all():
            found.setdefault(child.id, child)
    return list(found.values())


def review_scope(actor: Actor) -> Any:
    """Reviews go to the social workers, case managers and supervisors of the territory."""
    if not actor.has_role(*REVIEWERS):
        return col(IdentityReview.id).is_(None)
    return col(IdentityReview.territory_code) == actor.territory_code


async def search_reviews(
    uow: UnitOfWork, actor: Actor, status: str | None, page: PageRequest
) -> PageOf:
    stmt = select(IdentityReview).where(review_scope(actor))
    if status is not None:
        stmt = stmt.where(col(IdentityReview.status) == status)
    return trim((await uow.session.exec(keyset(stmt, IdentityReview, page))).all(), page)


async def review_of(uow: UnitOfWork, actor: Actor, review_id: uuid.UUID) -> IdentityReview | None:
    stmt = select(IdentityReview).where(IdentityReview.id == review_id, review_scope(actor))
    return (await uow.session.exec(stmt)).first()


async def reviews_of_merge(uow: UnitOfWork, merge_id: uuid.UUID) -> list[IdentityReview]:
    stmt = select(IdentityReview).where(IdentityReview.merge_id == merge_id)
    return list((await uow.session.exec(stmt)).all())


async def merges_of(uow: UnitOfWork, child_id: uuid.UUID) -> list[ChildMerge]:
    stmt = select(ChildMerge).where(
        or_(col(ChildMerge.survivor_id) == child_id, col(ChildMerge.merged_id) == child_id)
    )
    return list((await uow.session.exec(stmt.order_by(col(ChildMerge.merged_at)))).all())


async def repoint(uow: UnitOfWork, from_child: uuid.UUID, to_child: uuid.UUID) -> dict[str, Any]:
    """Move every row about `from_child` to `to_child`; which ids moved, per table."""
    moved: dict[str, Any] = {}
    for model in ABOUT_A_CHILD:
        ids = list(
            (await uow.session.exec(select(model.id).where(model.child_id == from_child))).all()
        )
        if ids:
            await _set_child(uow, model, ids, to_child)
            moved[model.__tablename__] = [str(i) for i in ids]
    return moved


async def put_back(uow: UnitOfWork, moved: dict[str, Any], to_child: uuid.UUID) -> None:
    """Undo `repoint`: exactly the recorded ids go back to `to_child`."""
    by_table = {m.__tablename__: m for m in ABOUT_A_CHILD}
    for table, ids in moved.items():
        if table in by_table:
            await _set_child(uow, by_table[table], [uuid.UUID(i) for i in ids], to_child)


async def _set_child(uow: UnitOfWork, model: Any, ids: list[uuid.UUID], child: uuid.UUID) -> None:
    stmt = (
        update(model)
        .where(model.id.in_(ids))
        .values(child_id=child)
        .execution_options(synchronize_session="fetch")
    )
    await uow.session.exec(stmt)
