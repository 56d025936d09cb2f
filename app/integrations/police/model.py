"""The police incident report, in its JSON form (the XML form carries the same content and is read
into this model after it was validated against `schemas/police/incident-report.xsd`).

The codes are the exchange's own (`IncidentKind`, `ChildRole`, `AdultRole`), kept in step with
the XSD's enumerations; `tests/integrations/test_police.py` checks that they agree."""

from __future__ import annotations

from enum import StrEnum

from pydantic import ConfigDict, Field, field_validator
from pydantic.config import JsonDict

from app.domain.children import BirthDate, Idnp
from app.domain.commands import Command
from app.domain.concerns import ObservedAt
from app.domain.vocabulary import Relationship, Sex

POLICE_ID = Field(
    pattern=r"^[A-Za-z0-9._:\-]{1,80}$",
    description="An id of the police records: letters, digits and `.`, `_`, `:`, `-` (it "
    "becomes part of the concern's external id, `<incident_id>/<person_id>`).",
)


class IncidentKind(StrEnum):
    DOMESTIC_VIOLENCE = "domestic_violence"
    CHILD_MISSING = "child_missing"
    CHILD_RUNAWAY = "child_runaway"
    CHILD_IN_CONFLICT_WITH_LAW = "child_in_conflict_with_law"
    CHILD_VICTIM_OR_WITNESS = "child_victim_or_witness"


class ChildRole(StrEnum):
    VICTIM = "victim"
    WITNESS = "witness"
    ALLEGED_OFFENDER = "alleged_offender"
    MISSING_PERSON = "missing_person"
    RUNAWAY = "runaway"
    OTHER = "other"


class AdultRole(StrEnum):
    ALLEGED_PERPETRATOR = "alleged_perpetrator"
    PARENT = "parent"
    CARER = "carer"
    WITNESS = "witness"
    VICTIM = "victim"
    REPORTER = "reporter"
    OTHER = "other"


class AdultRelationship(StrEnum):
    """The family-member vocabulary, and `none` for an adult who is not family (a neighbour)."""

    MOTHER = Relationship.MOTHER.value
    FATHER = Relationship.FATHER.value
    STEPMOTHER = Relationship.STEPMOTHER.value
    STEPFATHER = Relationship.STEPFATHER.value
    GRANDMOTHER = Relationship.GRANDMOTHER.value
    GRANDFATHER = Relationship.GRANDFATHER.value
    SIBLING = Relationship.SIBLING.value
    AUNT_OR_UNCLE = Relationship.AUNT_OR_UNCLE.value
    GUARDIAN = Relationship.GUARDIAN.value
    FOSTER_CARER = Relationship.FOSTER_CARER.value
    OTHER_RELATIVE = Relationship.OTHER_RELATIVE.value
    OTHER = Relationship.OTHER.value
    NONE = "none"


_NAME = Field(min_length=1, max_length=80)

PLACE: JsonDict = {
    "territory_code": "calarasi",
    "locality_code": "calarasi/calarasi",
    "description": "str. Alexandru cel Bun 14, ap. 3",
}
CHILD: JsonDict = {
    "person_id": "PERS-88120",
    "idnp": "2013004170015",
    "given_name": "Mihaela",
    "family_name": "Țurcan",
    "birth_date": "2013-06-02",
    "sex": "female",
    "role": "witness",
}
ADULT: JsonDict = {
    "given_name": "Gheorghe",
    "family_name": "Țurcan",
    "relationship": "father",
    "role": "alleged_perpetrator",
}
UNIT: JsonDict = {"name": "Inspectoratul de Poliție Călărași, sectorul nr. 2", "id": "IP-CAL-S2"}
OFFICER: JsonDict = {"name": "Vasile Țurcanu", "badge": "0417"}
INCIDENT: JsonDict = {
    "incident_id": "IP-CAL-2025-000317",
    "occurred_at": "2025-03-14T22:40:00+02:00",
    "kind": "domestic_violence",
    "place": PLACE,
    "children": [CHILD],
    "adults": [ADULT, {**ADULT, "given_name": "Lilia", "relationship": "mother", "role": "victim"}],
    "reporting_unit": UNIT,
    "officer": OFFICER,
    "narrative": "Apel la 112 de la vecini. Fiica de 11 ani a asistat la conflict.",
}


class IncidentPlace(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [PLACE]})

    territory_code: str = Field(
        min_length=1,
        max_length=32,
        pattern=r"^[a-z0-9_\-]+$",
        description="A territory of the reference data (`GET /api/v1/reference/territories`).",
    )
    locality_code: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        pattern=r"^[a-z0-9_\-]+/[a-z0-9_\-]+$",
        description="A locality of that territory, when known.",
    )
    description: str | None = Field(
        default=None, min_length=1, max_length=400, description="The address or place, as text."
    )


class InvolvedChild(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [CHILD]})

    person_id: str = POLICE_ID
    idnp: Idnp | None = None
    given_name: str = _NAME
    family_name: str = _NAME
    patronymic: str | None = Field(default=None, max_length=80)
    birth_date: BirthDate | None = None
    sex: Sex = Sex.UNKNOWN
    role: ChildRole


class InvolvedAdult(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [ADULT]})

    given_name: str = _NAME
    family_name: str = _NAME
    relationship: AdultRelationship = Field(description="Their relationship to the children.")
    role: AdultRole


class ReportingUnit(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [UNIT]})

    name: str = Field(min_length=1, max_length=400)
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9._:\-]{1,80}$")


class ReportingOfficer(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [OFFICER]})

    name: str = _NAME
    badge: str | None = Field(default=None, min_length=1, max_length=40)


class PoliceIncident(Command):
    """An incident involving children, as a police unit's records system reports it."""

    model_config = ConfigDict(json_schema_extra={"examples": [INCIDENT]})

    incident_id: str = POLICE_ID
    occurred_at: ObservedAt = Field(description="When it happened, with its UTC offset.")
    kind: IncidentKind
    place: IncidentPlace
    children: list[InvolvedChild] = Field(min_length=1, max_length=20)
    adults: list[InvolvedAdult] = Field(default_factory=list, max_length=20)
    reporting_unit: ReportingUnit
    officer: ReportingOfficer
    narrative: str | None = Field(
        default=None,
        min_length=1,
        max_length=20000,
        description="The officer's account. Kept with the message in the inbox; not copied into "
        "the concerns (it names every child of the incident, and each concern is one child's).",
    )

    @field_validator("children")
    @classmethod
    def _distinct_children(cls, children: list[InvolvedChild]) -> list[InvolvedChild]:
        ids = [c.person_id for c in children]
        if len(set(ids)) != len(ids):
            raise ValueError("Name each child once: two children have the same person_id.")
        return children
