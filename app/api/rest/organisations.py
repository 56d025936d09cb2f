"""Organisations and professionals."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import ConfigDict

from app.api.rest.deps import CurrentActor, Uow, set_etag
from app.api.rest.pagination import Page, Paging
from app.api.rest.responses import CREATE, LIST, READ
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.actor import Actor
from app.domain.errors import Forbidden
from app.domain.organisations import SCHOOL, SOCIAL_WORKER, NewOrganisation, NewProfessional
from app.domain.vocabulary import OrganisationKind, Role, Sector
from app.services import organisations as service

router = APIRouter(tags=["organisations"])


class OrganisationView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": ex.SCHOOL_ID,
                    **SCHOOL,
                    "sector": "education",
                    "active": True,
                    "version": 1,
                    "created_at": "2024-12-02T08:00:00Z",
                }
            ]
        }
    )

    id: uuid.UUID
    name: str
    kind: str
    sector: str
    territory_code: str
    locality_code: str | None
    active: bool
    version: int
    created_at: datetime


class ProfessionalView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": ex.SOCIAL_WORKER_ID,
                    **SOCIAL_WORKER,
                    "active": True,
                    "version": 1,
                    "created_at": "2024-12-02T08:30:00Z",
                }
            ]
        }
    )

    id: uuid.UUID
    organisation_id: uuid.UUID
    given_name: str
    family_name: str
    email: str
    phone: str | None
    roles: list[str]
    active: bool
    version: int
    created_at: datetime


def _require_admin(actor: Actor) -> None:
    if not actor.has_role(Role.ADMINISTRATOR):
        raise Forbidden("Only an administrator may register organisations and professionals.")


@router.post(
    "/organisations",
    status_code=status.HTTP_201_CREATED,
    summary="Register an organisation",
    description="Administrators only. The sector follows from the kind.",
    responses=CREATE,
)
async def create_organisation(
    uow: Uow, actor: CurrentActor, data: NewOrganisation, response: Response
) -> OrganisationView:
    _require_admin(actor)
    row = await service.create_organisation(uow, actor, data)
    set_etag(response, row.version)
    response.headers["Location"] = f"/api/v1/organisations/{row.id}"
    return OrganisationView.model_validate(row)


@router.get(
    "/organisations",
    summary="List organisations",
    description="Filter by kind, sector and territory.",
    responses=LIST,
)
async def list_organisations(
    uow: Uow,
    actor: CurrentActor,
    page: Paging,
    kind: OrganisationKind | None = None,
    sector: Sector | None = None,
    territory_code: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[OrganisationView]:
    found = await service.list_organisations(
        uow, actor, page, kind=kind, territory_code=territory_code, sector=sector
    )
    return Page(
        items=[OrganisationView.model_validate(r) for r in found.rows],
        next_cursor=found.next_cursor,
    )


@router.get("/organisations/{organisation_id}", summary="Read an organisation", responses=READ)
async def get_organisation(
    uow: Uow, actor: CurrentActor, organisation_id: uuid.UUID, response: Response
) -> OrganisationView:
    """One organisation with its kind, sector and territory."""
    row = await service.get_organisation(uow, actor, organisation_id)
    set_etag(response, row.version)
    return OrganisationView.model_validate(row)


@router.post(
    "/professionals",
    status_code=status.HTTP_201_CREATED,
    summary="Register a professional",
    description="Administrators only.",
    responses=CREATE,
)
async def create_professional(
    uow: Uow, actor: CurrentActor, data: NewProfessional, response: Response
) -> ProfessionalView:
    _require_admin(actor)
    row = await service.create_professional(uow, actor, data)
    set_etag(response, row.version)
    response.headers["Location"] = f"/api/v1/professionals/{row.id}"
    return ProfessionalView.model_validate(row)


@router.get("/professionals", summary="List professionals", responses=LIST)
async def list_professionals(
    uow: Uow, actor: CurrentActor, page: Paging, organisation_id: uuid.UUID | None = None
) -> Page[ProfessionalView]:
    """Professionals, optionally of one organisation. Newest first, paged."""
    found = await service.list_professionals(uow, actor, page, organisation_id=organisation_id)
    return Page(
        items=[ProfessionalView.model_validate(r) for r in found.rows],
        next_cursor=found.next_cursor,
    )


@router.get("/professionals/me", summary="The acting professional", responses=READ)
async def me(uow: Uow, actor: CurrentActor) -> ProfessionalView:
    """The professional the request acts for, with their organisation and roles."""
    return ProfessionalView.model_validate(
        await service.get_professional(uow, actor, actor.person())
    )


@router.get("/professionals/{professional_id}", summary="Read a professional", responses=READ)
async def get_professional(
    uow: Uow, actor: CurrentActor, professional_id: uuid.UUID
) -> ProfessionalView:
    """One professional with their organisation and roles."""
    return ProfessionalView.model_validate(
        await service.get_professional(uow, actor, professional_id)
    )
