"""Recording an observation."""

from __future__ import annotations

import strawberry

from app.api.graphql.mutations import mutation
from app.api.graphql.observations.types import Observation
from app.domain.concerns import NewObservation
from app.services import observations as service


@strawberry.type
class ObservationMutations:
    record_observation = mutation(
        Observation,
        command=NewObservation,
        run=lambda uow, a, data: service.record_observation(uow, a, data),
        method="POST",
        path="/observations",
        description="Rate a child from 1 (serious concern) to 5 (thriving) on any of the eight "
        "indicators; the ratings join the child's well-being trajectory.",
    )
