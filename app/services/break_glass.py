"""The data protection officer's review of break-the-glass openings.

Every opening of a record outside the opener's scope is flagged `pending` (`common.ensure_visible`);
here the officer lists them, reads one, and records whether the emergency justified it. Reading an
opening is itself a disclosure, because it names the child and the emergency as the opener told it.
The review is a change, so it is a domain event, told to the opener's organisation and the
officer's; the officer's note stays on the opening and is not copied into the event, which other
readers of the organisation's feed may see.
"""

from __future__ import annotations

import uuid

from app.domain.access import Disclosure
from app.domain.actor import Actor
from app.domain.break_glass import (
    OpeningSearch,
    ReviewOpening,
    ReviewStatus,
    check_may_review,
    check_reviewable,
    reviewed_status,
)
from app.domain.break_glass import legal_actions as _legal_actions
from app.domain.deadlines import utcnow
from app.domain.events import DomainEvent
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import break_glass as repo
from app.persistence.tables.break_glass import BreakGlassOpening
from app.persistence.uow import UnitOfWork
from app.services.common import disclose_listed, get_or_404, load_for_change

SUBJECT = "break_glass_opening"


def status_of(opening: BreakGlassOpening) -> ReviewStatus:
    return ReviewStatus(opening.review_status)


def legal_actions(opening: BreakGlassOpening) -> list[str]:
    return _legal_actions(status_of(opening))


async def search_openings(
    uow: UnitOfWork, actor: Actor, query: OpeningSearch, page: PageRequest
) -> PageOf:
    check_may_review(actor)
    found = await repo.search(uow, query, page)
    disclose_listed(uow, actor, SUBJECT, found.rows)
    return found


async def get_opening(uow: UnitOfWork, actor: Actor, opening_id: uuid.UUID) -> BreakGlassOpening:
    check_may_review(actor)
    opening = await get_or_404(uow, BreakGlassOpening, opening_id, SUBJECT)
    uow.disclose(actor, Disclosure("read", SUBJECT, opening.id, opening.child_id))
    return opening


async def review_opening(
    uow: UnitOfWork,
    actor: Actor,
    opening_id: uuid.UUID,
    data: ReviewOpening,
    *,
    expected_version: int | None,
) -> BreakGlassOpening:
    """Record the officer's finding, once: a reviewed opening is final (409)."""
    check_may_review(actor)
    reviewer = actor.person()
    opening = await load_for_change(uow, BreakGlassOpening, opening_id, SUBJECT, expected_version)
    check_reviewable(status_of(opening))
    opening.review_status = reviewed_status(data.outcome).value
    opening.reviewed_by_id = reviewer
    opening.reviewed_at = utcnow()
    opening.review_note = data.note
    uow.session.add(opening)
    await uow.flush()
    uow.record(
        DomainEvent(
            type="break_glass.reviewed",
            aggregate_type=SUBJECT,
            aggregate_id=opening.id,
            aggregate_version=opening.version,
            child_id=opening.child_id,
            actor_id=reviewer,
            organisation_ids=tuple(dict.fromkeys((opening.organisation_id, actor.organisation_id))),
            summary=f"Break-the-glass opening reviewed: {data.outcome.value}",
            payload={
                "outcome": data.outcome.value,
                "professional_id": str(opening.professional_id),
                "record_kind": opening.record_kind,
                "record_id": str(opening.record_id),
            },
        )
    )
    return opening
