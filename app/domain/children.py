"""Children and the people and places around them: the typed input services accept."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from app.domain import examples as ex
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


SCHOOL_REGISTRY_ID: JsonDict = {"system": "urn:md:siime:elev", "value": "E-2019-004512"}


class SectorIdentifier(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [SCHOOL_REGISTRY_ID]})

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


NEW_CHILD_PUPIL: JsonDict = {
    "given_name": "Ana",
    "family_name": "Rusu",
    "sex": "female",
    "birth_date": "2014-03-09",
    "idnp": ex.ANA_RUSU_IDNP,
    "territory_code": "calarasi",
    "locality_code": "calarasi/calarasi",
    "address": "str. Mihai Eminescu 12, or. Călărași",
    "languages": ["ro"],
    "identifiers": [SCHOOL_REGISTRY_ID],
}
NEW_CHILD_WITHOUT_IDNP: JsonDict = {
    "given_name": "Ștefan",
    "family_name": "Căpățînă",
    "sex": "male",
    "birth_date": "2012-10-05",
    "territory_code": "calarasi",
    "locality_code": "calarasi/bahmut",
    "languages": ["ro", "ru"],
}


class NewChild(ChildFields):
    model_config = ConfigDict(
        json_schema_extra={"examples": [NEW_CHILD_PUPIL, NEW_CHILD_WITHOUT_IDNP]}
    )

    identifiers: list[SectorIdentifier] = Field(default_factory=list, max_length=20)


CHILD_IDNP_FOUND: JsonDict = {"idnp": ex.STEFAN_CAPATINA_IDNP}
CHILD_MOVED: JsonDict = {
    "territory_code": "ungheni",
    "locality_code": "ungheni/ungheni",
    "address": "str. Națională 5, ap. 12, mun. Ungheni",
}


class ChildChanges(Command):
    """A partial update; only the fields sent change."""

    model_config = ConfigDict(json_schema_extra={"examples": [CHILD_IDNP_FOUND, CHILD_MOVED]})

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


GRANDMOTHER: JsonDict = {
    "given_name": "Valentina",
    "family_name": "Rusu",
    "relationship": "grandmother",
    "parental_responsibility": False,
    "is_caregiver": True,
    "lives_with_child": True,
    "phone": "+373 69 214 507",
}
MOTHER_ABROAD: JsonDict = {
    "given_name": "Natalia",
    "family_name": "Rusu",
    "relationship": "mother",
    "parental_responsibility": True,
    "phone": "+39 347 215 8890",
}


class NewFamilyMember(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [GRANDMOTHER, MOTHER_ABROAD]})

    given_name: str = _NAME
    family_name: str = _NAME
    relationship: Relationship
    parental_responsibility: bool = False
    is_caregiver: bool = False
    lives_with_child: bool = False
    phone: str | None = Field(default=None, max_length=40)


class NewChildInstitution(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"organisation_id": ex.SCHOOL_ID, "group_label": "5B", "since": "2024-09-01"}
            ]
        }
    )

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
    """REST's upper bounds, so GraphQL's filter refuses an oversized value as REST does. Only
    upper ones: whitespace is stripped here, so a lower bound REST's parameter met could fail
    here; a name too short to search is the service's refusal, for both shells."""

    territory_code: str | None = None
    name: str | None = Field(default=None, max_length=160)
    idnp: str | None = Field(default=None, max_length=13)
