"""Children and the people and places around them: the typed input services accept."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from app.domain.commands import Command
from app.domain.deadlines import utcnow
from app.domain.idnp import IdnpError, validate_idnp
from app.domain.vocabulary import Relationship, Sex

_NAME = Field(min_length=1, max_length=80)


def _checked_idnp(value: str) -> str:
    try:
        return validate_idnp(value)
    except IdnpError as exc:
        raise ValueError(str(exc)) from exc


def _in_past(value: date) -> date:
    if value > utcnow().date():
        raise ValueError("The birth date is in the future.")
    return value


Idnp = Annotated[str, AfterValidator(_checked_idnp)]
BirthDate = Annotated[date, AfterValidator(_in_past)]


class SectorIdentifier(Command):
    system: str = Field(
        min_length=1,
        max_length=120,
        examples=["urn:md:siime:elev"],
        description="The sector system that holds this id (a URI or a registered name).",
    )
    value: str = Field(min_length=1, max_length=120, examples=["E-2019-004512"])


class ChildFields(Command):
    given_name: str = _NAME
    family_name: str = _NAME
    patronymic: str | None = Field(default=None, max_length=80)
    sex: Sex
    birth_date: BirthDate
    idnp: Idnp | None = Field(
        default=None, description="13 digits with a valid check digit; omit when not known."
    )
    territory_code: str = Field(
        min_length=1, max_length=32, description="District or municipality of residence."
    )
    locality_code: str | None = Field(default=None, max_length=64)
    address: str | None = Field(default=None, max_length=300)
    languages: list[str] = Field(default_factory=list, max_length=5, examples=[["ro", "ru"]])


class NewChild(ChildFields):
    identifiers: list[SectorIdentifier] = Field(default_factory=list, max_length=20)


class ChildChanges(Command):
    """A partial update; only the fields sent change."""

    given_name: str | None = Field(default=None, min_length=1, max_length=80)
    family_name: str | None = Field(default=None, min_length=1, max_length=80)
    patronymic: str | None = Field(default=None, max_length=80)
    sex: Sex | None = None
    birth_date: BirthDate | None = None
    idnp: Idnp | None = None
    territory_code: str | None = Field(default=None, min_length=1, max_length=32)
    locality_code: str | None = Field(default=None, max_length=64)
    address: str | None = Field(default=None, max_length=300)
    languages: list[str] | None = Field(default=None, max_length=5)

    @model_validator(mode="after")
    def _not_empty(self) -> ChildChanges:
        if not self.model_fields_set:
            raise ValueError("Send at least one field to change.")
        return self


class NewFamilyMember(Command):
    given_name: str = _NAME
    family_name: str = _NAME
    relationship: Relationship
    parental_responsibility: bool = False
    is_caregiver: bool = False
    lives_with_child: bool = False
    phone: str | None = Field(default=None, max_length=40)


class NewChildInstitution(Command):
    organisation_id: uuid.UUID
    group_label: str | None = Field(default=None, max_length=40, examples=["5B"])
    since: date | None = None
    until: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> NewChildInstitution:
        if self.since and self.until and self.until < self.since:
            raise ValueError("`until` is before `since`.")
        return self


class ChildSearch(Command):
    territory_code: str | None = None
    name: str | None = None
    idnp: str | None = None
