from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import and_, case, or_
from sqlmodel import col, select

from app.persistence.repositories.events import involves
from app.persistence.tables.concerns import Observation
from app.persistence.tables.events import StoredEvent
from app.persistence.tables.plans import Plan, Review, WellbeingRating
from app.persistence.uow import UnitOfWork


async def event_of_child(uow: UnitOfWork, child_id: uuid.UUID, position: int) -> StoredEvent | None:
    stmt = select(StoredEvent).where(
        StoredEvent.child_id == child_id, col(StoredEvent.position) == position
    )
    return (await uow.session.exec(stmt)).first()


async def event_by_id(uow: UnitOfWork, event_id: uuid.UUID) -> StoredEvent | None:
    return (await uow.session.exec(select(StoredEvent).where(StoredEvent.id == event_id))).first()


async def timeline(
    uow: UnitOfWork,
    child_id: uuid.UUID,
    limit: int,
    *,
    before: tuple[datetime, int] | None = None,
    types: list[str] | None = None,
    organisation_id: uuid.UUID | None = None,
) -> list[StoredEvent]:
    """Newest first by when things happened, ties by position; keyset on both, so a note written
    (or back-dated) while someone pages never shifts or repeats what they have yet to read."""
    occurred, position = col(StoredEvent.occurred_at), col(StoredEvent.position)
    stmt = select(StoredEvent).where(StoredEvent.child_id == child_id)
    if types:
        stmt = stmt.where(col(StoredEvent.type).in_(types))
    if organisation_id is not None:
        stmt = stmt.where(involves(organisation_id))
    if before is not None:
        at, last = before
        stmt = stmt.where(or_(occurred < at, and_(occurred == at, position < last)))
    stmt = stmt.order_by(occurred.desc(), position.desc()).limit(limit)
    return list((await uow.session.exec(stmt)).all())


# On one day an observation is the lightest judgement and a review the most considered one, so a
# review rated the same day as an assessment is the child's latest point, never the other way round.
_SAME_DAY_ORDER = case(
    {"observation": 0, "assessment": 1, "review": 2},
    value=col(WellbeingRating.source_type),
    else_=3,
)


async def ratings_of(
    uow: UnitOfWork, child_id: uuid.UUID, organisation_id: uuid.UUID | None = None
) -> list[WellbeingRating]:
    """Every trajectory point of one child, oldest first, in one indexed query; with an
    organisation, only the points it made itself: its observations and the reviews of its own
    single-agency plans."""
    stmt = select(WellbeingRating).where(WellbeingRating.child_id == child_id)
    if organisation_id is not None:
        own_observations = select(col(Observation.id)).where(
            col(Observation.organisation_id) == organisation_id
        )
        own_reviews = (
            select(col(Review.id))
            .join(Plan, col(Plan.id) == col(Review.plan_id))
            .where(col(Plan.organisation_id) == organisation_id, col(Plan.concern_id).is_not(None))
        )
        stmt = stmt.where(
            or_(
                (col(WellbeingRating.source_type) == "observation")
                & col(WellbeingRating.source_id).in_(own_observations),
                (col(WellbeingRating.source_type) == "review")
                & col(WellbeingRating.source_id).in_(own_reviews),
            )
        )
    stmt = stmt.order_by(col(WellbeingRating.recorded_on), _SAME_DAY_ORDER, col(WellbeingRating.id))
    return list((await uow.session.exec(stmt)).all())
