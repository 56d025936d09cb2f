"""The child: who the concerns, referrals and cases are about."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Node
from app.api.graphql.rows import build
from app.persistence.tables.children import Child as ChildRow

if TYPE_CHECKING:
    from app.api.graphql.cases.types import Case
    from app.api.graphql.concerns.types import Concern

CaseType = Annotated["Case", strawberry.lazy("app.api.graphql.cases.types")]
ConcernType = Annotated["Concern", strawberry.lazy("app.api.graphql.concerns.types")]


@strawberry.type(description="A child the service knows of.")
class Child(Node):
    row: strawberry.Private[ChildRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    given_name: str
    family_name: str
    patronymic: str | None
    sex: str
    birth_date: date
    idnp: str | None = strawberry.field(description="The 13-digit personal number, if known.")
    territory_code: str
    locality_code: str | None
    address: str | None
    languages: list[str]
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(
        description="Concerns about the child you may see, oldest first.",
        extensions=mirrors("GET", "/concerns"),
    )
    async def concerns(self, info: strawberry.Info) -> list[ConcernType]:
        from app.api.graphql.concerns.types import Concern

        rows = await info.context.loaders.concerns_of_child.load(self.row.id)
        return [build(Concern, r) for r in rows]

    @strawberry.field(
        description="The child's cases you may see, oldest first.",
        extensions=mirrors("GET", "/cases"),
    )
    async def cases(self, info: strawberry.Info) -> list[CaseType]:
        from app.api.graphql.cases.types import Case

        rows = await info.context.loaders.cases_of_child.load(self.row.id)
        return [build(Case, r) for r in rows]
