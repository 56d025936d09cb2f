"""Organisations of every sector, and the professionals who belong to them."""

from __future__ import annotations

import uuid

from pydantic import EmailStr, Field

from app.domain.commands import Command
from app.domain.vocabulary import OrganisationKind, Role


class NewOrganisation(Command):
    name: str = Field(min_length=2, max_length=200, examples=["Gimnaziul nr. 1 Călărași"])
    kind: OrganisationKind
    territory_code: str = Field(min_length=1, max_length=32, examples=["calarasi"])
    locality_code: str | None = Field(default=None, max_length=64)


class NewProfessional(Command):
    organisation_id: uuid.UUID
    given_name: str = Field(min_length=1, max_length=80)
    family_name: str = Field(min_length=1, max_length=80)
    email: EmailStr
    phone: str | None = Field(default=None, max_length=40)
    roles: list[Role] = Field(min_length=1, max_length=9)
