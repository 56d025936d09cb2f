"""An observation: routine monitoring of a child on the eight indicators."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import strawberry
from strawberry.scalars import JSON

from app.api.graphql.children.types import Child
from app.api.graphql.directory.types import Organisation, Professional
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Node
from app.api.graphql.rows import build_or_none
from app.persistence.tables.concerns import Observation as ObservationRow


@strawberry.type(description="Ratings of a child's well-being, recorded by a professional.")
class Observation(Node):
    row: strawberry.Private[ObservationRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    child_id: uuid.UUID
    professional_id: uuid.UUID
    organisation_id: uuid.UUID
    observed_on: date
    ratings: JSON = strawberry.field(
        description="Indicator → rating, from 1 (serious concern) to 5 (thriving)."
    )
    notes: str | None
    created_at: datetime

    @strawberry.field(extensions=mirrors("GET", "/children/{child_id}"))
    async def child(self, info: strawberry.Info) -> Child | None:
        return build_or_none(Child, await info.context.loaders.child.load(self.row.child_id))

    @strawberry.field(extensions=mirrors("GET", "/professionals/{professional_id}"))
    async def professional(self, info: strawberry.Info) -> Professional | None:
        row = await info.context.loaders.professional.load(self.row.professional_id)
        return build_or_none(Professional, row)

    @strawberry.field(extensions=mirrors("GET", "/organisations/{organisation_id}"))
    async def organisation(self, info: strawberry.Info) -> Organisation | None:
        row = await info.context.loaders.organisation.load(self.row.organisation_id)
        return build_or_none(Organisation, row)
