"""The child: who the concerns, referrals and cases are about."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from app.api.graphql.directory.types import Organisation
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Node
from app.api.graphql.rows import build, build_or_none
from app.persistence.tables.children import Child as ChildRow
from app.persistence.tables.children import ChildIdentifier as ChildIdentifierRow
from app.persistence.tables.children import ChildInstitution as ChildInstitutionRow
from app.persistence.tables.children import FamilyMember as FamilyMemberRow

if TYPE_CHECKING:
    from app.api.graphql.cases.types import Case
    from app.api.graphql.concerns.types import Concern

CaseType = Annotated["Case", strawberry.lazy("app.api.graphql.cases.types")]
ConcernType = Annotated["Concern", strawberry.lazy("app.api.graphql.concerns.types")]


@strawberry.type(
    description="An id a sector system (school registry, clinic, police) holds for the child."
)
class ChildIdentifier:
    row: strawberry.Private[ChildIdentifierRow]
    system: str
    value: str


@strawberry.type(description="A parent, relative or other caregiver of the child.")
class FamilyMember:
    row: strawberry.Private[FamilyMemberRow]
    database_id: uuid.UUID
    child_id: uuid.UUID
    given_name: str
    family_name: str
    relationship: str
    parental_responsibility: bool
    is_caregiver: bool
    lives_with_child: bool
    phone: str | None


@strawberry.type(
    description="A school, kindergarten or clinic the child attends or is registered with."
)
class ChildInstitution:
    row: strawberry.Private[ChildInstitutionRow]
    database_id: uuid.UUID
    child_id: uuid.UUID
    organisation_id: uuid.UUID
    group_label: str | None
    since: date | None
    until: date | None

    @strawberry.field(extensions=mirrors("GET", "/organisations/{organisation_id}"))
    async def organisation(self, info: strawberry.Info) -> Organisation | None:
        row = await info.context.loaders.organisation.load(self.row.organisation_id)
        return build_or_none(Organisation, row)


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

    @strawberry.field(
        description="The ids sector systems hold for the child, part of the child's record.",
        extensions=mirrors("GET", "/children/{child_id}"),
    )
    async def identifiers(self, info: strawberry.Info) -> list[ChildIdentifier]:
        rows = await info.context.loaders.identifiers_of_child.load(self.row.id)
        return [build(ChildIdentifier, r) for r in rows]

    @strawberry.field(
        description="Parents, relatives and other caregivers. Null, with an error, for a sector "
        "system: REST keeps the family from them too.",
        extensions=mirrors("GET", "/children/{child_id}/family-members"),
    )
    async def family_members(self, info: strawberry.Info) -> list[FamilyMember] | None:
        rows = await info.context.loaders.family_of_child.load(self.row.id)
        return [build(FamilyMember, r) for r in rows]

    @strawberry.field(
        description="Where the child goes to school or is registered with a doctor. Null, with "
        "an error, for a sector system, as in REST.",
        extensions=mirrors("GET", "/children/{child_id}/institutions"),
    )
    async def institutions(self, info: strawberry.Info) -> list[ChildInstitution] | None:
        rows = await info.context.loaders.institutions_of_child.load(self.row.id)
        return [build(ChildInstitution, r) for r in rows]
