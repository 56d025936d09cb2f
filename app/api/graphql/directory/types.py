"""Organisations and professionals: who records, refers, leads and acts."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from app.api.graphql.permissions import mirrors
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
    version: int
    created_at: datetime


@strawberry.type(description="A professional who works with children.")
class Professional(Node):
    row: strawberry.Private[ProfessionalRow]
    database_id: uuid.UUID = strawberry.field(description="The id REST uses.")
    given_name: str
    family_name: str
    email: str
    phone: str | None
    organisation_id: uuid.UUID
    roles: list[str]
    active: bool
    version: int = strawberry.field(
        description="Send it back as expectedVersion to change the professional's roles or access."
    )
    created_at: datetime

    @strawberry.field(extensions=mirrors("GET", "/organisations/{organisation_id}"))
    async def organisation(self, info: strawberry.Info) -> Organisation | None:
        from app.api.graphql.rows import build_or_none

        row = await info.context.loaders.organisation.load(self.row.organisation_id)
        return build_or_none(Organisation, row)
