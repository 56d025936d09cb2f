"""Identity review tasks: a social worker says whether two records are one child."""

from __future__ import annotations

import uuid

from app.domain.actor import Actor
from app.domain.deadlines import utcnow
from app.domain.errors import IllegalTransition, NotFound
from app.domain.events import DomainEvent
from app.domain.identity import (
    DECIDE,
    DecideIdentity,
    IdentityDecision,
    IdentityReviewStatus,
    legal_actions,
)
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import identity as repo
from app.persistence.tables.identity import IdentityReview
from app.persistence.uow import UnitOfWork
from app.services.common import check_version
from app.services.merges import merge_children

SUBJECT = "identity review"


async def search_reviews(
    uow: UnitOfWork, actor: Actor, status: IdentityReviewStatus | None, page: PageRequest
) -> PageOf:
    return await repo.search_reviews(uow, actor, status.value if status else None, page)


async def get_review(uow: UnitOfWork, actor: Actor, review_id: uuid.UUID) -> IdentityReview:
    review = await repo.review_of(uow, actor, review_id)
    if review is None:
        raise NotFound.of(SUBJECT, review_id)
    return review


async def decide(
    uow: UnitOfWork,
    actor: Actor,
    review_id: uuid.UUID,
    data: DecideIdentity,
    *,
    expected_version: int | None,
) -> IdentityReview:
    """ "same" merges the child registered from the message into the known candidate; "different"
    closes the task, both records staying."""
    review = await get_review(uow, actor, review_id)
    if DECIDE not in legal_actions(review.status):
        raise IllegalTransition.build(SUBJECT, review.status, DECIDE, legal_actions(review.status))
    check_version(review, expected_version)
    if data.decision is IdentityDecision.SAME:
        merge = await merge_children(uow, actor, review.candidate_id, review.child_id)
        review.merge_id = merge.id
        review.status = IdentityReviewStatus.SAME.value
    else:
        review.status = IdentityReviewStatus.DIFFERENT.value
    review.decided_by_id = actor.person()
    review.decided_at = utcnow()
    uow.session.add(review)
    await uow.flush()
    uow.record(
        DomainEvent(
            type="identity_review.decided",
            aggregate_type="identity_review",
            aggregate_id=review.id,
            aggregate_version=review.version,
            child_id=review.candidate_id,
            actor_id=actor.professional_id,
            organisation_ids=(actor.organisation_id,),
            summary=f"Identity review decided: {review.status}",
            payload={"decision": review.status, "child_id": str(review.child_id)},
        )
    )
    return review
