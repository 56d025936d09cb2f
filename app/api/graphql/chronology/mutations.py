"""A practitioner's note in the child's chronology."""

from __future__ import annotations

import strawberry

from app.api.graphql.chronology.types import ChronologyEntry
from app.api.graphql.mutations import mutation
from app.services import chronology as service


@strawberry.type
class ChronologyMutations:
    record_note = mutation(
        ChronologyEntry,
        parent="Child",
        command=service.NewNote,
        run=lambda uow, a, parent, data: service.record_note(uow, a, parent, data),
        method="POST",
        path="/children/{child_id}/notes",
        description="Add a note (a phone call, a home visit) to the child's chronology; "
        "`occurredAt` may be in the past, never in the future.",
    )
