"""Who has seen a child's record, and the subject-access export of everything held."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from app.api.graphql.access_log.types import Disclosure, Disclosures
from app.api.graphql.permissions import mirrors
from app.api.graphql.positions import Position, checked_page
from app.api.graphql.relay import uuid_of
from app.api.graphql.rows import build
from app.services import access_log, subject_access


@strawberry.type
class AccessLogQueries:
    @strawberry.field(
        description="Every recorded disclosure of the child's data, newest first. For the data "
        "protection officer and case managers; asking is itself recorded.",
        extensions=mirrors("GET", "/children/{child_id}/disclosures"),
    )
    async def disclosures(
        self,
        info: strawberry.Info,
        child_id: strawberry.ID,
        limit: int = 50,
        before: Position | None = None,
    ) -> Disclosures:
        ctx = info.context
        checked_page(limit, before)
        found = await access_log.disclosures(
            ctx.uow,
            ctx.actor,
            uuid_of(child_id, "Child", argument="childId"),
            limit=limit,
            before=before,
        )
        return Disclosures(
            entries=[build(Disclosure, r) for r in found.rows],
            next_before=None if found.next_before is None else Position(found.next_before),
        )

    @strawberry.field(
        description="Everything held about the child (subject access, GDPR art. 15): every "
        "row, with all its columns as stored, in the document REST sends. Only the data "
        "protection officer may ask; the export is itself recorded as a disclosure.",
        extensions=mirrors("GET", "/children/{child_id}/export"),
    )
    async def subject_access_export(self, info: strawberry.Info, child_id: strawberry.ID) -> JSON:
        ctx = info.context
        document = await subject_access.export_child(
            ctx.uow, ctx.actor, uuid_of(child_id, "Child", argument="childId")
        )
        return cast("JSON", document)
