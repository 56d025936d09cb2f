"""Observations: routine monitoring of a child on the eight indicators."""

from __future__ import annotations

import uuid

from app.domain.access_policy import RecordKind
from app.domain.actor import Actor
from app.domain.concerns import NewObservation
from app.domain.events import DomainEvent
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import observations as repo
from app.persistence.scoping import visible
from app.persistence.tables.children import Child
from app.persistence.tables.concerns import Observation
from app.persistence.uow import UnitOfWork
from app.services.common import disclose_listed, named_in_body, read_record
from app.services.wellbeing import record_ratings


async def record_observation(uow: UnitOfWork, actor: Actor, data: NewObservation) -> Observation:
    child = await named_in_body(uow, Child, data.child_id, "#/child_id", "child")
    ratings = {str(code): rating for code, rating in data.ratings.items()}
    row = Observation(
        child_id=child.id,
        professional_id=actor.person(),
        organisation_id=actor.organisation_id,
        observed_on=data.observed_on,
        ratings=ratings,
        notes=data.notes,
    )
    uow.session.add(row)
    # Observations feed the child's well-being trajectory alongside assessments and reviews.
    record_ratings(
        uow,
        child_id=child.id,
        source_type="observation",
        source_id=row.id,
        recorded_on=data.observed_on,
        indicators=ratings,
    )
    uow.record(
        DomainEvent(
            type="observation.recorded",
            aggregate_type="observation",
            aggregate_id=row.id,
            child_id=child.id,
            actor_id=actor.professional_id,
            organisation_ids=(actor.organisation_id,),
            summary="Observation recorded",
            payload={"ratings": ratings},
        )
    )
    await uow.flush()
    return row


async def list_observations(
    uow: UnitOfWork, actor: Actor, child_id: uuid.UUID | None, page: PageRequest
) -> PageOf:
    found = await repo.search(
        uow, child_id, page, visible(RecordKind.OBSERVATION, Observation, actor)
    )
    disclose_listed(uow, actor, "observation", found.rows)
    return found


async def get_observation(uow: UnitOfWork, actor: Actor, observation_id: uuid.UUID) -> Observation:
    return await read_record(uow, actor, Observation, observation_id, "observation")
