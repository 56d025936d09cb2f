"""Reading the directory: organisations, professionals, and who is signed in."""

from __future__ import annotations

import uuid

import strawberry

from app.api.graphql.directory.types import Organisation, Professional
from app.api.graphql.inputs import graphql_enum
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import Connection, connection, page_request, uuid_of
from app.api.graphql.rows import build
from app.domain.vocabulary import OrganisationKind, Sector
from app.services import organisations as service

graphql_enum(OrganisationKind)
graphql_enum(Sector)


@strawberry.type
class DirectoryQueries:
    @strawberry.field(extensions=mirrors("GET", "/organisations/{organisation_id}"))
    async def organisation(self, info: strawberry.Info, id: strawberry.ID) -> Organisation:
        ctx = info.context
        row = await service.get_organisation(ctx.uow, ctx.actor, uuid_of(id, "Organisation"))
        return build(Organisation, row)

    @strawberry.field(
        description="Organisations, newest first, by kind, sector and territory.",
        extensions=mirrors("GET", "/organisations"),
    )
    async def organisations(
        self,
        info: strawberry.Info,
        kind: OrganisationKind | None = None,
        sector: Sector | None = None,
        territory_code: str | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Organisation]:
        ctx = info.context
        page = page_request(first, after, last, before)
        found = await service.list_organisations(
            ctx.uow, ctx.actor, page, kind=kind, territory_code=territory_code, sector=sector
        )
        return connection(found, page, lambda r: build(Organisation, r))

    @strawberry.field(extensions=mirrors("GET", "/professionals/{professional_id}"))
    async def professional(self, info: strawberry.Info, id: strawberry.ID) -> Professional:
        ctx = info.context
        row = await service.get_professional(ctx.uow, ctx.actor, uuid_of(id, "Professional"))
        return build(Professional, row)

    @strawberry.field(
        description="Professionals, newest first, optionally of one organisation.",
        extensions=mirrors("GET", "/professionals"),
    )
    async def professionals(
        self,
        info: strawberry.Info,
        organisation_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Professional]:
        ctx = info.context
        page = page_request(first, after, last, before)
        organisation: uuid.UUID | None = None
        if organisation_id is not None:
            organisation = uuid_of(organisation_id, "Organisation", argument="organisationId")
        found = await service.list_professionals(
            ctx.uow, ctx.actor, page, organisation_id=organisation
        )
        return connection(found, page, lambda r: build(Professional, r))

    @strawberry.field(
        description="The professional you act as, with their organisation and roles.",
        extensions=mirrors("GET", "/professionals/me"),
    )
    async def me(self, info: strawberry.Info) -> Professional:
        ctx = info.context
        row = await service.get_professional(ctx.uow, ctx.actor, ctx.actor.person())
        return build(Professional, row)
