"""Realistic test data: one factory per aggregate, used by every API test.

The world is two districts (Călărași and Ungheni) with a school, a family doctors' centre, a police
unit, the mayoralty (local guardianship authority) and the social-assistance directorate, each with
its professionals.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI

from app.domain.idnp import make_idnp
from app.domain.organisations import NewOrganisation, NewProfessional
from app.domain.vocabulary import OrganisationKind, Role
from app.persistence.uow import UnitOfWork
from app.services import organisations


@dataclass
class World:
    organisations: dict[str, uuid.UUID] = field(default_factory=dict)
    people: dict[str, uuid.UUID] = field(default_factory=dict)

    def org(self, name: str) -> str:
        return str(self.organisations[name])

    def person(self, name: str) -> str:
        return str(self.people[name])


_ORGANISATIONS = {
    "ministry": (
        "Ministerul Muncii și Protecției Sociale",
        OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE,
        "chisinau",
    ),
    "school": ("Liceul Teoretic „Mihai Eminescu” Călărași", OrganisationKind.SCHOOL, "calarasi"),
    "clinic": ("Centrul de Sănătate Călărași", OrganisationKind.FAMILY_DOCTORS_CENTRE, "calarasi"),
    "police": ("Inspectoratul de Poliție Călărași", OrganisationKind.POLICE_UNIT, "calarasi"),
    "mayoralty": ("Primăria orașului Călărași", OrganisationKind.MAYORALTY, "calarasi"),
    "directorate": (
        "Direcția Asistență Socială și Protecție a Familiei Călărași",
        OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE,
        "calarasi",
    ),
    "ungheni_mayoralty": ("Primăria municipiului Ungheni", OrganisationKind.MAYORALTY, "ungheni"),
}

_PEOPLE = {
    "admin": ("ministry", "Ion", "Administratorul", [Role.ADMINISTRATOR]),
    "teacher": ("school", "Maria", "Ciobanu", [Role.DESIGNATED_PERSON, Role.TEACHER]),
    "doctor": ("clinic", "Svetlana", "Popova", [Role.DESIGNATED_PERSON, Role.HEALTH_WORKER]),
    "officer": ("police", "Vasile", "Țurcanu", [Role.POLICE_OFFICER]),
    "social_worker": ("mayoralty", "Elena", "Munteanu", [Role.SOCIAL_WORKER, Role.CASE_MANAGER]),
    "supervisor": ("directorate", "Natalia", "Rotari", [Role.SUPERVISOR, Role.CASE_MANAGER]),
    "ungheni_worker": ("ungheni_mayoralty", "Andrei", "Lungu", [Role.SOCIAL_WORKER]),
}


async def build_world(app: FastAPI, client: httpx.AsyncClient) -> World:
    world = World()
    async with UnitOfWork(app.state.session_factory) as uow:
        for key, (name, kind, territory) in _ORGANISATIONS.items():
            org = await organisations.create_organisation(
                uow, None, NewOrganisation(name=name, kind=kind, territory_code=territory)
            )
            world.organisations[key] = org.id
        for key, (org_key, given, family, roles) in _PEOPLE.items():
            person = await organisations.create_professional(
                uow,
                None,
                NewProfessional(
                    organisation_id=world.organisations[org_key],
                    given_name=given,
                    family_name=family,
                    email=f"{key}@example.md",
                    roles=roles,
                ),
            )
            world.people[key] = person.id
        await uow.commit()
    return world


_serial = iter(range(10**6))


def an_idnp() -> str:
    return make_idnp(f"2014{next(_serial):08d}")


class Api:
    """Calls the API as one of the world's professionals (default: the teacher)."""

    def __init__(self, client: httpx.AsyncClient, world: World) -> None:
        self.client = client
        self.world = world

    def headers(self, who: str = "teacher", **extra: str) -> dict[str, str]:
        return {"X-Actor-Id": self.world.person(who), **extra}

    async def call(
        self,
        method: str,
        url: str,
        who: str = "teacher",
        *,
        json: Any = None,
        params: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        return await self.client.request(
            method, url, json=json, params=params, headers={**self.headers(who), **(headers or {})}
        )

    async def ok(
        self,
        method: str,
        url: str,
        who: str = "teacher",
        *,
        json: Any = None,
        params: Any = None,
        headers: dict[str, str] | None = None,
        expect: int | None = None,
    ) -> Any:
        response = await self.call(method, url, who, json=json, params=params, headers=headers)
        wanted = expect or (201 if method == "POST" and response.status_code == 201 else 200)
        assert response.status_code == wanted, response.text
        return response.json()

    async def act(
        self, url: str, who: str, body: Any = None, *, version: int | str
    ) -> httpx.Response:
        """A state-changing action with If-Match."""
        return await self.call(
            "POST", url, who, json=body or {}, headers={"If-Match": f'"{version}"'}
        )

    # ---- factories ---------------------------------------------------------------------
    def child_body(self, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "given_name": "Ana",
            "family_name": "Rusu",
            "sex": "female",
            "birth_date": "2014-03-09",
            "idnp": an_idnp(),
            "territory_code": "calarasi",
            "languages": ["ro"],
        }
        body.update(overrides)
        return body

    async def child(self, who: str = "teacher", **overrides: Any) -> dict[str, Any]:
        return dict(
            await self.ok(
                "POST", "/api/v1/children", who, json=self.child_body(**overrides), expect=201
            )
        )
