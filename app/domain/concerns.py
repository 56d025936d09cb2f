"""Observations and concerns: what a professional sees, and the decision it calls for.

A concern is recorded, then decided within the deadline the policy sets for its urgency: act inside
the institution (a single-agency plan), refer it to the guardianship authority, or close it. Once
referred, the referral carries the story on; the concern itself is final.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict

from app.domain import examples as ex
from app.domain.commands import Command
from app.domain.dates import FIRST_YEAR, PastDay
from app.domain.deadlines import utcnow
from app.domain.state_machine import StateMachine
from app.domain.vocabulary import (
    RATING_MAX,
    RATING_MIN,
    FiveQuestion,
    Indicator,
    RiskCategory,
    Urgency,
)


class ConcernStatus(StrEnum):
    RECORDED = "recorded"
    SINGLE_AGENCY_PLAN = "single_agency_plan"
    REFERRED = "referred"
    CLOSED = "closed"


class ConcernAction(StrEnum):
    # `update` changes no state; it is in the table so that `legal_actions` tells a client when
    # the concern may still be edited, and a late edit gets the same 409 as any other action.
    UPDATE = "update"
    ACT_IN_INSTITUTION = "act-in-institution"
    REFER = "refer"
    CLOSE = "close"


class Decision(StrEnum):
    """What the institution decided to do about the concern."""

    ACT_IN_INSTITUTION = "act_in_institution"
    REFER = "refer"
    NO_FURTHER_ACTION = "no_further_action"


_S, _A = ConcernStatus, ConcernAction

# A clock or a time zone a little ahead is not a report from the future.
OBSERVED_AT_GRACE = timedelta(days=1)

CONCERN_MACHINE: StateMachine[ConcernStatus, ConcernAction] = StateMachine(
    kind="concern",
    transitions={
        _S.RECORDED: {
            _A.UPDATE: _S.RECORDED,
            _A.ACT_IN_INSTITUTION: _S.SINGLE_AGENCY_PLAN,
            _A.REFER: _S.REFERRED,
            _A.CLOSE: _S.CLOSED,
        },
        # Escalation: the institution's own plan was not enough.
        _S.SINGLE_AGENCY_PLAN: {_A.REFER: _S.REFERRED, _A.CLOSE: _S.CLOSED},
        _S.REFERRED: {},
        _S.CLOSED: {},
    },
)


def closing_decision(status: ConcernStatus) -> Decision | None:
    """Closing an undecided concern is itself the decision (no further action); closing a
    single-agency plan keeps the decision already taken (resolved in the institution)."""
    return Decision.NO_FURTHER_ACTION if status is ConcernStatus.RECORDED else None


def may_act_on(actor_organisation_id: uuid.UUID, recorded_by_organisation_id: uuid.UUID) -> bool:
    """Only the institution that recorded a concern corrects it, decides on it, closes it or
    refers it: the decision is its own, and so is the referral that only it may then withdraw."""
    return actor_organisation_id == recorded_by_organisation_id


def risk_category_problem(
    urgency: Urgency | None, risk_category: RiskCategory | None
) -> str | None:
    """The child-protection path (GD 270/2014) starts from a named risk situation, and only it."""
    if urgency is Urgency.CHILD_PROTECTION and risk_category is None:
        return "A child-protection concern must name its risk category."
    if urgency is not None and urgency is not Urgency.CHILD_PROTECTION and risk_category:
        return "A risk category is given only on a child-protection concern."
    return None


def _unique(indicators: list[Indicator]) -> list[Indicator]:
    if len(set(indicators)) != len(indicators):
        raise ValueError("Name each indicator once.")
    return indicators


def _observed_in_utc(value: datetime) -> datetime:
    """Between 1900 and a day from now (a day's grace for clocks and time zones), stored and
    answered in UTC, so a concern reads back the same whatever offset was sent."""
    # The local day is checked before any comparison in UTC: converting a day at the edge of the
    # calendar (0001-01-01 at +14:00) overflows.
    if value.date() < date(FIRST_YEAR, 1, 1):
        raise ValueError(f"The observation cannot be before {FIRST_YEAR}-01-01.")
    latest = utcnow() + OBSERVED_AT_GRACE
    if value.date() > latest.date() or value > latest:
        raise ValueError("The concern cannot be about something not yet observed.")
    return value.astimezone(UTC)


Indicators = Annotated[list[Indicator], Field(min_length=1, max_length=8), AfterValidator(_unique)]
ObservedAt = Annotated[AwareDatetime, AfterValidator(_observed_in_utc)]
Rating = Annotated[int, Field(ge=RATING_MIN, le=RATING_MAX)]
FiveQuestions = dict[FiveQuestion, Annotated[str, Field(max_length=4000)]]
CONCERN_DESCRIPTION = Field(min_length=3, max_length=8000)
CHILD_WORDS = Field(
    default=None,
    max_length=4000,
    description="What the child said, in their own words: the child's view is always sought.",
)


class NewObservation(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "child_id": ex.ANA_RUSU_ID,
                    "observed_on": "2025-02-28",
                    "ratings": {"safe": 3, "healthy": 4, "achieving": 3, "included": 4},
                    "notes": "Obosită și retrasă în ultimele săptămâni; nu vrea să plece acasă.",
                }
            ]
        }
    )

    child_id: uuid.UUID
    observed_on: PastDay
    ratings: dict[Indicator, Rating] = Field(
        min_length=1, description="Indicator code to a rating from 1 (serious concern) to 5."
    )
    notes: str | None = Field(default=None, max_length=8000)


NEW_CONCERN_CHILD_PROTECTION: JsonDict = {
    "child_id": ex.ANA_RUSU_ID,
    "indicators": ["safe", "nurtured"],
    "description": "Vine la școală cu vânătăi pe brațe; evită să meargă acasă după ore.",
    "observed_at": ex.OBSERVED_AT,
    "child_words": "Tata se supără când bea.",
    "urgency": "child_protection",
    "risk_category": "violence",
    "five_questions": {
        "what_is_in_the_way": "Violență în familie (suspectată).",
        "what_help_from_others": "Autoritatea tutelară locală trebuie să evalueze situația azi.",
    },
}
NEW_CONCERN_PRIORITY: JsonDict = {
    "child_id": ex.STEFAN_CAPATINA_ID,
    "indicators": ["achieving", "included"],
    "description": "12 absențe nemotivate în februarie; rămâne în urmă la matematică.",
    "observed_at": "2025-02-28T14:00:00+02:00",
    "urgency": "priority",
    "five_questions": {
        "have_all_information": "Nu încă: urmează discuția cu bunica, care îl îngrijește.",
        "what_can_my_institution_do": "Consiliere cu psihologul școlar și meditații.",
    },
}


class NewConcern(Command):
    model_config = ConfigDict(
        json_schema_extra={"examples": [NEW_CONCERN_CHILD_PROTECTION, NEW_CONCERN_PRIORITY]}
    )

    child_id: uuid.UUID
    indicators: Indicators
    description: str = CONCERN_DESCRIPTION
    observed_at: ObservedAt
    child_words: str | None = CHILD_WORDS
    urgency: Urgency
    risk_category: RiskCategory | None = Field(default=None, validate_default=True)
    five_questions: FiveQuestions = Field(default_factory=dict)

    @field_validator("risk_category")
    @classmethod
    def _risk_matches_urgency(
        cls, value: RiskCategory | None, info: ValidationInfo
    ) -> RiskCategory | None:
        # A field validator (not a model validator) so the error points at #/risk_category.
        problem = risk_category_problem(info.data.get("urgency"), value)
        if problem:
            raise ValueError(problem)
        return value


CONCERN_CORRECTED: JsonDict = {
    "description": "14 absențe nemotivate în februarie, nu 12; rămâne în urmă la matematică.",
}
CONCERN_ESCALATED: JsonDict = {
    "urgency": "child_protection",
    "risk_category": "parents_abroad_without_care",
    "child_words": "Bunica e în spital de o săptămână, stau singur.",
}


class ConcernChanges(Command):
    """A partial update while the concern is undecided; only the fields sent change. The urgency
    and risk category are checked together against the concern as it will be."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [CONCERN_CORRECTED, CONCERN_ESCALATED]}
    )

    description: str | None = Field(default=None, min_length=3, max_length=8000)
    child_words: str | None = CHILD_WORDS
    indicators: Indicators | None = None
    five_questions: FiveQuestions | None = None
    urgency: Urgency | None = None
    risk_category: RiskCategory | None = None

    @field_validator("description", "indicators", "five_questions", "urgency")
    @classmethod
    def _not_emptied(cls, value: object) -> object:
        if value is None:
            raise ValueError("This field cannot be emptied.")
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> ConcernChanges:
        if not self.model_fields_set:
            raise ValueError("Send at least one field to change.")
        return self


class ActInInstitution(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"note": "Plan cu dirigintele și psihologul școlar; revizuire peste o lună."}
            ]
        }
    )

    note: str | None = Field(
        default=None, max_length=4000, description="What the institution will do (its own plan)."
    )


class CloseConcern(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"reason": "Absențele sunt motivate: bunica a adus certificatul medical."}]
        }
    )

    reason: str = Field(min_length=3, max_length=4000)


class ConcernSearch(Command):
    child_id: uuid.UUID | None = None
    status: ConcernStatus | None = None
    urgency: Urgency | None = None
    organisation_id: uuid.UUID | None = None
    indicator: Indicator | None = None
    overdue: bool = False
