"""A child's chronology (every recorded event, and notes) and well-being trajectory."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import ConfigDict
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, Uow
from app.api.rest.pagination import MAX_POSITION
from app.api.rest.responses import CREATE, READ
from app.api.rest.views import View
from app.domain import examples as ex
from app.persistence.tables.plans import WellbeingRating
from app.services import chronology as service

router = APIRouter(prefix="/children", tags=["children"])


ACCEPTED: JsonDict = {
    "position": 1287,
    "occurred_at": ex.ACCEPTED_AT,
    "type": "referral.accepted",
    "summary": "Referral accepted",
    "aggregate_type": "referral",
    "aggregate_id": ex.REFERRAL_ID,
    "actor_id": ex.SOCIAL_WORKER_ID,
}
RECEIVED: JsonDict = {
    "position": 1283,
    "occurred_at": ex.REFERRED_AT,
    "type": "referral.received",
    "summary": "Referral received (child_protection)",
    "aggregate_type": "referral",
    "aggregate_id": ex.REFERRAL_ID,
    "actor_id": ex.DESIGNATED_PERSON_ID,
}
NOTE: JsonDict = {
    "position": 1302,
    "occurred_at": "2025-03-12T14:00:00Z",
    "type": "note.recorded",
    "summary": "Vizită la domiciliul bunicii, în Bravicea: Ana are cameră proprie, condiții "
    "bune; tatăl nu a fost prezent.",
    "aggregate_type": "child",
    "aggregate_id": ex.ANA_RUSU_ID,
    "actor_id": ex.SOCIAL_WORKER_ID,
}


def _example_point(recorded_on: str, rating: int, source_type: str, source_id: str) -> JsonDict:
    return {
        "recorded_on": recorded_on,
        "rating": rating,
        "source_type": source_type,
        "source_id": source_id,
    }


def _example_series(*points: JsonDict) -> JsonDict:
    return {"points": list(points), "latest": points[-1] if points else None}


# Ana's ratings: the school's observation, the initial assessment, the first review.
SAFE_SERIES = _example_series(
    _example_point("2025-02-28", 3, "observation", ex.OBSERVATION_ID),
    _example_point("2025-03-13", 1, "assessment", ex.ASSESSMENT_ID),
    _example_point("2025-04-24", 3, "review", ex.REVIEW_ID),
)
NO_RATINGS = _example_series()


class ChronologyEntry(View):
    model_config = ConfigDict(json_schema_extra={"examples": [ACCEPTED, NOTE]})

    position: int
    occurred_at: datetime
    type: str
    summary: str
    aggregate_type: str
    aggregate_id: uuid.UUID
    actor_id: uuid.UUID | None


class ChronologyPage(View):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [ACCEPTED, RECEIVED], "next_before": 1283}]}
    )

    items: list[ChronologyEntry]
    next_before: int | None


class RatingPoint(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [_example_point("2025-03-13", 1, "assessment", ex.ASSESSMENT_ID)]
        }
    )

    recorded_on: date
    rating: int
    source_type: str
    source_id: uuid.UUID


class RatingSeries(View):
    model_config = ConfigDict(json_schema_extra={"examples": [SAFE_SERIES, NO_RATINGS]})

    points: list[RatingPoint]
    latest: RatingPoint | None


class TrajectoryView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "child_id": ex.ANA_RUSU_ID,
                    "indicators": {
                        "safe": SAFE_SERIES,
                        "achieving": _example_series(
                            _example_point("2025-02-28", 3, "observation", ex.OBSERVATION_ID),
                            _example_point("2025-03-13", 3, "assessment", ex.ASSESSMENT_ID),
                        ),
                        "active": NO_RATINGS,
                    },
                    "protective_factors": {
                        "concrete_support": _example_series(
                            _example_point("2025-04-24", 3, "review", ex.REVIEW_ID)
                        ),
                        "parenting_knowledge": NO_RATINGS,
                    },
                }
            ]
        }
    )

    child_id: uuid.UUID
    indicators: dict[str, RatingSeries]
    protective_factors: dict[str, RatingSeries]


def _series(grouped: dict[str, list[WellbeingRating]]) -> dict[str, RatingSeries]:
    series: dict[str, RatingSeries] = {}
    for code, rows in grouped.items():
        points = [RatingPoint.model_validate(r) for r in rows]
        series[code] = RatingSeries(points=points, latest=points[-1] if points else None)
    return series


@router.get(
    "/{child_id}/chronology",
    summary="The child's chronology",
    description="One timeline assembled from everything recorded about the child (concerns, "
    "referrals, cases, plans, reviews, notes), newest first. Page on with `before` = the "
    "`next_before` of the previous page; events recorded meanwhile never shift a page.",
    responses=READ,
)
async def chronology(
    uow: Uow,
    actor: CurrentActor,
    child_id: uuid.UUID,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_POSITION, description="`next_before` of the last page")
    ] = None,
    type: Annotated[list[str] | None, Query(description="Only these event types")] = None,
) -> ChronologyPage:
    found = await service.timeline(uow, actor, child_id, limit=limit, before=before, types=type)
    return ChronologyPage(
        items=[ChronologyEntry.model_validate(e) for e in found.rows],
        next_before=found.next_before,
    )


@router.post(
    "/{child_id}/notes",
    status_code=status.HTTP_201_CREATED,
    summary="Add a note to the chronology",
    description="A practitioner's note (a phone call, a home visit) recorded as a `note.recorded` "
    "event; `occurred_at` may be in the past, never in the future.",
    responses={**READ, **CREATE},
)
async def record_note(
    uow: Uow, actor: CurrentActor, child_id: uuid.UUID, data: service.NewNote
) -> ChronologyEntry:
    return ChronologyEntry.model_validate(await service.record_note(uow, actor, child_id, data))


@router.get(
    "/{child_id}/wellbeing",
    summary="The child's well-being trajectory",
    description="For each of the eight indicators and five protective factors, every rating "
    "from approved assessments, reviews and observations, oldest first, and the latest one.",
    responses=READ,
)
async def wellbeing(uow: Uow, actor: CurrentActor, child_id: uuid.UUID) -> TrajectoryView:
    found = await service.trajectory(uow, actor, child_id)
    return TrajectoryView(
        child_id=found.child_id,
        indicators=_series(found.indicators),
        protective_factors=_series(found.protective_factors),
    )
