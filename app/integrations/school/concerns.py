"""A concern a school registry pushes, OneRoster-style (camelCase, pupils and schools by the
registry's `sourcedId`), translated into the canonical `InboundConcern`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import ConfigDict, Field
from pydantic.alias_generators import to_camel
from pydantic.config import JsonDict

from app.domain import examples as ex
from app.domain.children import BirthDate, Idnp
from app.domain.commands import Command
from app.domain.concerns import CHILD_WORDS, CONCERN_DESCRIPTION, Indicators, ObservedAt
from app.domain.intake import EXTERNAL_ID, ChildIdentity, InboundConcern
from app.domain.validation import parsed
from app.domain.vocabulary import RiskCategory, Sex, Urgency
from app.integrations.json_body import loads

CHANNEL = "school.concern"

STUDENT: JsonDict = {
    "sourcedId": "E-2019-004512",
    "idnp": ex.STEFAN_CAPATINA_IDNP,
    "givenName": "Ștefan",
    "familyName": "Căpățînă",
    "birthDate": "2012-04-10",
    "sex": "male",
}
SCHOOL_CONCERN: JsonDict = {
    "sourcedId": "SIIME-MSG-2025-03-0042",
    "student": STUDENT,
    "school": {"sourcedId": "MD-SCH-0417"},
    "indicators": ["achieving", "included"],
    "description": "14 absențe nemotivate în ultimele 30 de zile; nu a răspuns la telefon.",
    "observedAt": ex.OBSERVED_AT,
    "urgency": "priority",
    "childWords": "Nu vreau să merg la școală.",
}

_CAMEL = ConfigDict(
    alias_generator=to_camel, populate_by_name=False, extra="forbid", str_strip_whitespace=True
)
ONE_ROSTER_SEX = {"male": Sex.MALE, "female": Sex.FEMALE, "other": Sex.UNKNOWN}


class Student(Command):
    """The pupil as the registry knows them (OneRoster `user` with role student)."""

    model_config = ConfigDict(**_CAMEL, json_schema_extra={"examples": [STUDENT]})

    sourced_id: str = Field(
        min_length=1,
        max_length=60,
        pattern=r"^[\x21-\x7e]+$",
        description="The registry's id for the pupil; linked to the child, so later messages "
        "(and attendance records, as `studentUniqueId`) find them.",
    )
    idnp: Idnp | None = None
    given_name: str | None = Field(default=None, min_length=1, max_length=80)
    family_name: str | None = Field(default=None, min_length=1, max_length=80)
    birth_date: BirthDate | None = None
    sex: Literal["male", "female", "other", "unspecified"] | None = None


class SchoolRef(Command):
    model_config = ConfigDict(
        **_CAMEL, json_schema_extra={"examples": [{"sourcedId": "MD-SCH-0417"}]}
    )

    sourced_id: str = Field(
        min_length=1,
        max_length=120,
        description="The registry's id for the school, linked to one of our organisations by "
        "an administrator.",
    )


class SchoolConcern(Command):
    """A concern about a pupil, for the school the registry names."""

    model_config = ConfigDict(**_CAMEL, json_schema_extra={"examples": [SCHOOL_CONCERN]})

    sourced_id: str = EXTERNAL_ID
    student: Student
    school: SchoolRef
    indicators: Indicators
    description: str = CONCERN_DESCRIPTION
    observed_at: ObservedAt
    urgency: Urgency
    child_words: str | None = CHILD_WORDS
    risk_category: RiskCategory | None = None


def to_canonical(message: SchoolConcern) -> InboundConcern:
    """Every field was validated in the registry's shape (so errors point into it), with the
    same types the canonical shape uses: it is built without validating again."""
    student = message.student
    sex = ONE_ROSTER_SEX.get(student.sex or "", Sex.UNKNOWN)
    child = ChildIdentity.model_construct(
        idnp=student.idnp,
        identifier=student.sourced_id,
        given_name=student.given_name,
        family_name=student.family_name,
        birth_date=student.birth_date,
        sex=sex,
    )
    return InboundConcern.model_construct(
        external_id=message.sourced_id,
        child=child,
        organisation_id=None,
        organisation_ref=message.school.sourced_id,
        assignee_id=None,
        indicators=message.indicators,
        description=message.description,
        observed_at=message.observed_at,
        urgency=message.urgency,
        child_words=message.child_words,
        risk_category=message.risk_category,
        referral=None,
    )


def translate(body: str) -> Sequence[InboundConcern]:
    return [to_canonical(parsed(SchoolConcern, loads(body)))]
