"""Children: registration, search, identifiers, family, institutions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response, status
from pydantic import ConfigDict, Field

from app.api.rest.deps import CurrentActor, ExpectedVersion, Uow, set_etag
from app.api.rest.pagination import Page, Paging
from app.api.rest.responses import CHANGE, CREATE, LIST, READ
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.children import (
    CHILD_IDNP_FOUND,
    CHILD_MOVED,
    GRANDMOTHER,
    NEW_CHILD_PUPIL,
    NEW_CHILD_WITHOUT_IDNP,
    SCHOOL_REGISTRY_ID,
    ChildChanges,
    ChildSearch,
    NewChild,
    NewChildInstitution,
    NewFamilyMember,
    SectorIdentifier,
)
from app.persistence.tables.children import Child
from app.services import children as service

router = APIRouter(prefix="/children", tags=["children"])


class IdentifierView(View):
    model_config = ConfigDict(json_schema_extra={"examples": [SCHOOL_REGISTRY_ID]})

    system: str
    value: str


class ChildView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": ex.ANA_RUSU_ID,
                    **NEW_CHILD_PUPIL,
                    "patronymic": None,
                    "version": 1,
                    "created_at": ex.REGISTERED_AT,
                    "updated_at": ex.REGISTERED_AT,
                }
            ]
        }
    )

    id: uuid.UUID
    given_name: str
    family_name: str
    patronymic: str | None
    sex: str
    birth_date: date
    idnp: str | None
    territory_code: str
    locality_code: str | None
    address: str | None
    languages: list[str]
    identifiers: list[IdentifierView] = Field(default_factory=list)
    version: int
    created_at: datetime
    updated_at: datetime


class FamilyMemberView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"id": ex.FAMILY_MEMBER_ID, "child_id": ex.ANA_RUSU_ID, **GRANDMOTHER}]
        }
    )

    id: uuid.UUID
    child_id: uuid.UUID
    given_name: str
    family_name: str
    relationship: str
    parental_responsibility: bool
    is_caregiver: bool
    lives_with_child: bool
    phone: str | None


class ChildInstitutionView(View):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": ex.ATTENDANCE_ID,
                    "child_id": ex.ANA_RUSU_ID,
                    "organisation_id": ex.SCHOOL_ID,
                    "group_label": "5B",
                    "since": "2024-09-01",
                    "until": None,
                }
            ]
        }
    )

    id: uuid.UUID
    child_id: uuid.UUID
    organisation_id: uuid.UUID
    group_label: str | None
    since: date | None
    until: date | None


async def _views(uow: Uow, children: Sequence[Child]) -> list[ChildView]:
    """Children with their sector identifiers, read in one query for the whole page."""
    idents = await service.identifiers(uow, [c.id for c in children])
    views = []
    for child in children:
        view = ChildView.model_validate(child)
        view.identifiers = [IdentifierView.model_validate(i) for i in idents[child.id]]
        views.append(view)
    return views


async def _view(uow: Uow, child: Child) -> ChildView:
    return (await _views(uow, [child]))[0]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Register a child",
    description="Registers a child. The IDNP is optional (many sector records lack it) but, when "
    "given, must have a valid check digit and be unique; identifiers in sector systems are unique "
    "per system. Send `Idempotency-Key` to make retries safe.",
    responses=CREATE,
)
async def register_child(
    uow: Uow,
    actor: CurrentActor,
    response: Response,
    data: Annotated[
        NewChild,
        Body(
            openapi_examples={
                "pupil": {
                    "summary": "A pupil with an IDNP and a school-registry id",
                    "value": NEW_CHILD_PUPIL,
                },
                "without_idnp": {
                    "summary": "Only what is known so far",
                    "description": "The IDNP and sector ids can be added later.",
                    "value": NEW_CHILD_WITHOUT_IDNP,
                },
            }
        ),
    ],
) -> ChildView:
    child = await service.register_child(uow, actor, data)
    set_etag(response, child.version)
    response.headers["Location"] = f"/api/v1/children/{child.id}"
    return await _view(uow, child)


@router.get(
    "",
    summary="Search children",
    description="Filter by territory, by name (prefix of family name then given name, case and "
    "diacritics ignored: `rusu an` finds Rusu Ana) or by IDNP. Newest first, paged.",
    responses=LIST,
)
async def search_children(
    uow: Uow,
    actor: CurrentActor,
    page: Paging,
    territory_code: Annotated[
        str | None, Query(description="District or municipality code")
    ] = None,
    name: Annotated[str | None, Query(min_length=2, max_length=160)] = None,
    idnp: Annotated[str | None, Query(min_length=13, max_length=13)] = None,
) -> Page[ChildView]:
    query = ChildSearch(territory_code=territory_code, name=name, idnp=idnp)
    found = await service.search_children(uow, actor, query, page)
    return Page(items=await _views(uow, found.rows), next_cursor=found.next_cursor)


@router.get("/{child_id}", summary="Read a child's record", responses=READ)
async def get_child(
    uow: Uow, actor: CurrentActor, child_id: uuid.UUID, response: Response
) -> ChildView:
    """The child's record with the identifiers sector systems hold for them. The `ETag` is the
    version to send back in `If-Match` when changing it.
    """
    child = await service.get_child(uow, actor, child_id)
    set_etag(response, child.version)
    return await _view(uow, child)


@router.patch(
    "/{child_id}",
    summary="Change a child's record",
    description="Partial update: only the fields sent change. Requires `If-Match`.",
    responses=CHANGE,
)
async def update_child(
    uow: Uow,
    actor: CurrentActor,
    child_id: uuid.UUID,
    changes: Annotated[
        ChildChanges,
        Body(
            openapi_examples={
                "idnp_found": {"summary": "Add the IDNP once known", "value": CHILD_IDNP_FOUND},
                "moved": {"summary": "The child moved to another district", "value": CHILD_MOVED},
            }
        ),
    ],
    expected_version: ExpectedVersion,
    response: Response,
) -> ChildView:
    child = await service.update_child(
        uow, actor, child_id, changes, expected_version=expected_version
    )
    set_etag(response, child.version)
    return await _view(uow, child)


@router.post(
    "/{child_id}/identifiers",
    status_code=status.HTTP_201_CREATED,
    summary="Link an identifier from a sector system",
    responses={**READ, **CREATE},
)
async def add_identifier(
    uow: Uow, actor: CurrentActor, child_id: uuid.UUID, data: SectorIdentifier
) -> IdentifierView:
    """Links an id held by a school registry, clinic or police system. One value per system belongs
    to one child only: a value already linked elsewhere is 409 with the other child's id.
    """
    return IdentifierView.model_validate(await service.add_identifier(uow, actor, child_id, data))


@router.get(
    "/{child_id}/family-members", summary="List family members and caregivers", responses=READ
)
async def list_family(uow: Uow, actor: CurrentActor, child_id: uuid.UUID) -> list[FamilyMemberView]:
    """Parents, relatives and other caregivers, with their relationship, parental responsibility and
    whether they care for and live with the child.
    """
    return [FamilyMemberView.model_validate(m) for m in await service.family(uow, actor, child_id)]


@router.post(
    "/{child_id}/family-members",
    status_code=status.HTTP_201_CREATED,
    summary="Record a family member or caregiver",
    description="Relationship, parental responsibility, whether they care for and live with the "
    "child.",
    responses={**READ, **CREATE},
)
async def add_family_member(
    uow: Uow, actor: CurrentActor, child_id: uuid.UUID, data: NewFamilyMember
) -> FamilyMemberView:
    return FamilyMemberView.model_validate(
        await service.add_family_member(uow, actor, child_id, data)
    )


@router.get(
    "/{child_id}/institutions", summary="List institutions the child attends", responses=READ
)
async def list_institutions(
    uow: Uow, actor: CurrentActor, child_id: uuid.UUID
) -> list[ChildInstitutionView]:
    """Schools, kindergartens and clinics the child attends or is registered with."""
    rows = await service.institutions(uow, actor, child_id)
    return [ChildInstitutionView.model_validate(r) for r in rows]


@router.post(
    "/{child_id}/institutions",
    status_code=status.HTTP_201_CREATED,
    summary="Record an institution the child attends",
    responses={**READ, **CREATE},
)
async def add_institution(
    uow: Uow, actor: CurrentActor, child_id: uuid.UUID, data: NewChildInstitution
) -> ChildInstitutionView:
    """Records that the child attends (or is registered with) an organisation, with an optional
    class or group and period.
    """
    return ChildInstitutionView.model_validate(
        await service.add_institution(uow, actor, child_id, data)
    )
