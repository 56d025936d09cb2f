"""Organisations and professionals: who records, refers, leads and acts."""

from __future__ import annotations

import uuid

import strawberry

from app.api.graphql.relay import Node
from app.persistence.tables.organisations import Organisation as OrganisationRow
from app.persistence.tables.organisations import Professional as ProfessionalRow


@strawberry.type(
    description="An institution: a school, a clinic, a police inspectorate, a "
    "mayoralty, a social-assistance directorate."
)
class Organisation(Node):
    row: strawberry.Private[OrganisationRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    name: str
    kind: str
    sector: str
    territory_code: str
    locality_code: str | None
    active: bool


@strawberry.type(description="A professional who works with children.")
class Professional(Node):
    row: strawberry.Private[ProfessionalRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    given_name: str
    family_name: str
    organisation_id: uuid.UUID
    roles: list[str]
    active: bool

    @strawberry.field
    async def organisation(self, info: strawberry.Info) -> Organisation | None:
        from app.api.graphql.rows import build_or_none

        row = await info.context.loaders.organisation.load(self.row.organisation_id)
        return build_or_none(Organisation, row)
