"""Organisations of every sector, and the professionals who belong to them."""

from __future__ import annotations

import uuid

from pydantic import ConfigDict, EmailStr, Field
from pydantic.config import JsonDict

from app.domain import examples as ex
from app.domain.commands import Command
from app.domain.errors import Conflict
from app.domain.vocabulary import OrganisationKind, Role

SCHOOL: JsonDict = {
    "name": "Gimnaziul nr. 1 Călărași",
    "kind": "school",
    "territory_code": "calarasi",
    "locality_code": "calarasi/calarasi",
}
MAYORALTY: JsonDict = {
    "name": "Primăria Ungheni",
    "kind": "mayoralty",
    "territory_code": "ungheni",
    "locality_code": "ungheni/ungheni",
}
SOCIAL_WORKER: JsonDict = {
    "organisation_id": ex.MAYORALTY_ID,
    "given_name": "Svetlana",
    "family_name": "Popova",
    "email": "svetlana.popova@calarasi.md",
    "phone": "+373 244 2 20 58",
    "roles": ["social_worker", "case_manager"],
}


class NewOrganisation(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [SCHOOL, MAYORALTY]})

    name: str = Field(min_length=2, max_length=200, examples=["Gimnaziul nr. 1 Călărași"])
    kind: OrganisationKind
    territory_code: str = Field(min_length=1, max_length=32, examples=["calarasi"])
    locality_code: str | None = Field(default=None, max_length=64)


class NewProfessional(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [SOCIAL_WORKER]})

    organisation_id: uuid.UUID
    given_name: str = Field(min_length=1, max_length=80)
    family_name: str = Field(min_length=1, max_length=80)
    email: EmailStr
    phone: str | None = Field(default=None, max_length=40)
    roles: list[Role] = Field(min_length=1, max_length=9)


class SetRoles(Command):
    """The professional's roles from now on: the whole list, replacing the old one."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"roles": ["supervisor", "case_manager"]}]}
    )

    roles: list[Role] = Field(
        min_length=1,
        max_length=9,
        description="At least one: a professional without a role "
        "could do nothing; deactivate them instead.",
    )

    @property
    def values(self) -> list[str]:
        """Distinct, in the order given."""
        return list(dict.fromkeys(r.value for r in self.roles))


def check_not_own_administration(
    actor_id: uuid.UUID | None, professional_id: uuid.UUID, *, keeps_admin: bool
) -> None:
    """An administrator may not take away their own administration (drop the role, or
    deactivate themselves): the service would be left without the person who can undo it.
    Another administrator can."""
    if actor_id == professional_id and not keeps_admin:
        raise Conflict(
            "You cannot remove your own administrator role or deactivate yourself; ask another "
            "administrator."
        )
