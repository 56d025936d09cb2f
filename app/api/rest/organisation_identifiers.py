"""Administration of the ids sector systems hold for our organisations: the links that let a
registry report for its schools (`organisation_ref` in a concern, `schoolId` in attendance)."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Response, status
from pydantic import ConfigDict
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, Uow
from app.api.rest.responses import CREATE, READ, forbidden
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.organisation_identifiers import NEW_LINK_EXAMPLE, NewOrganisationIdentifier
from app.services import organisation_identifiers as service

router = APIRouter(prefix="/admin/organisations", tags=["administration"])

ADMIN_ONLY = forbidden(
    "The caller lacks the admin scope or the administrator role",
    "This needs one of these roles: administrator.",
)
LINK: JsonDict = {
    "id": "5d2f7a9c-3b1e-4c8d-9e0f-1a2b3c4d5e6f",
    "organisation_id": ex.SCHOOL_ID,
    **NEW_LINK_EXAMPLE,
    "created_at": "2025-03-03T09:00:00Z",
}


class OrganisationIdentifierView(View):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [LINK]})

    id: uuid.UUID
    organisation_id: uuid.UUID
    system: str
    value: str
    created_at: datetime


@router.get(
    "/{organisation_id}/identifiers",
    summary="List the ids sector systems hold for an organisation",
    description="Each link lets one system (by OAuth client id) name this organisation by its "
    "own id, and so report for it.",
    responses={**READ, **ADMIN_ONLY},
)
async def list_identifiers(
    uow: Uow, actor: CurrentActor, organisation_id: uuid.UUID
) -> list[OrganisationIdentifierView]:
    rows = await service.list_identifiers(uow, organisation_id)
    return [OrganisationIdentifierView.model_validate(r) for r in rows]


@router.post(
    "/{organisation_id}/identifiers",
    status_code=status.HTTP_201_CREATED,
    summary="Link a sector system's id to an organisation",
    description="From now on the system (`system`, its OAuth client id) may name this "
    "organisation `value` and report for it: a registry's school `sourcedId`. One id of a "
    "system names one organisation (409 when it already names another).",
    responses={**CREATE, **READ, **ADMIN_ONLY},
)
async def link_identifier(
    uow: Uow, actor: CurrentActor, organisation_id: uuid.UUID, data: NewOrganisationIdentifier
) -> OrganisationIdentifierView:
    row = await service.link(uow, actor, organisation_id, data)
    return OrganisationIdentifierView.model_validate(row)


@router.delete(
    "/{organisation_id}/identifiers/{identifier_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a sector system's id for an organisation",
    description="The system may no longer report for the organisation under that id; what it "
    "reported before stays.",
    responses={**READ, **ADMIN_ONLY},
)
async def unlink_identifier(
    uow: Uow, actor: CurrentActor, organisation_id: uuid.UUID, identifier_id: uuid.UUID
) -> Response:
    await service.unlink(uow, actor, organisation_id, identifier_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
