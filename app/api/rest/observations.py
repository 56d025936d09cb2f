"""Observations: routine monitoring of a child on the eight indicators."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import ConfigDict

from app.api.rest.deps import CurrentActor, Uow
from app.api.rest.pagination import Page, Paging
from app.api.rest.responses import CREATE, LIST, READ
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.concerns import NewObservation
from app.services import observations as service

router = APIRouter(prefix="/observations", tags=["observations"])


class ObservationView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": ex.OBSERVATION_ID,
                    "child_id": ex.ANA_RUSU_ID,
                    "professional_id": ex.DESIGNATED_PERSON_ID,
                    "organisation_id": ex.SCHOOL_ID,
                    "observed_on": "2025-02-28",
                    "ratings": {"safe": 3, "healthy": 4, "achieving": 3, "included": 4},
                    "notes": "Obosită și retrasă în ultimele săptămâni; nu vrea să plece acasă.",
                    "created_at": "2025-02-28T13:40:00Z",
                }
            ]
        }
    )

    id: uuid.UUID
    child_id: uuid.UUID
    professional_id: uuid.UUID
    organisation_id: uuid.UUID
    observed_on: date
    ratings: dict[str, int]
    notes: str | None
    created_at: datetime


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Record an observation",
    description="Ratings from 1 (serious concern) to 5 (thriving) on any of the eight indicators; "
    "they join the child's well-being trajectory. Send `Idempotency-Key` to make retries safe.",
    responses=CREATE,
)
async def record_observation(
    uow: Uow,
    actor: CurrentActor,
    response: Response,
    data: NewObservation,
) -> ObservationView:
    row = await service.record_observation(uow, actor, data)
    response.headers["Location"] = f"/api/v1/observations/{row.id}"
    return ObservationView.model_validate(row)


@router.get(
    "",
    summary="List observations",
    description="Newest first, paged; filter by child.",
    responses=LIST,
)
async def list_observations(
    uow: Uow,
    actor: CurrentActor,
    page: Paging,
    child_id: Annotated[uuid.UUID | None, Query(description="Only this child's")] = None,
) -> Page[ObservationView]:
    found = await service.list_observations(uow, actor, child_id, page)
    return Page(
        items=[ObservationView.model_validate(r) for r in found.rows],
        next_cursor=found.next_cursor,
    )


@router.get(
    "/{observation_id}",
    summary="Read an observation",
    description="One observation with its ratings, who recorded it and where.",
    responses=READ,
)
async def get_observation(
    uow: Uow, actor: CurrentActor, observation_id: uuid.UUID
) -> ObservationView:
    return ObservationView.model_validate(await service.get_observation(uow, actor, observation_id))
