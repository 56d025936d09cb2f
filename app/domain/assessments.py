"""Assessments: the initial and complex assessment of a case, their approval, and the tools they
use (the eight indicators, My World Triangle, the family protective factors, the resilience matrix).

An approved assessment is the record decisions were taken on, so it never changes: a correction is
a new revision that supersedes it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic.config import JsonDict

from app.domain import examples as ex
from app.domain.actor import Actor
from app.domain.commands import Command
from app.domain.errors import FieldError, Forbidden, InvalidInput
from app.domain.state_machine import StateMachine
from app.domain.vocabulary import (
    RATING_MAX,
    RATING_MIN,
    TRIANGLE_AREAS,
    Indicator,
    ProtectiveFactor,
    Role,
    TriangleSide,
)


class AssessmentKind(StrEnum):
    INITIAL = "initial"
    COMPLEX = "complex"


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class AssessmentAction(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REVISE = "revise"


_S, _A = AssessmentStatus, AssessmentAction

# `revise` leaves the approved assessment as it is and starts a new draft that supersedes it; it
# is in the table so that it shows in `legal_actions` and is refused in any other status.
ASSESSMENT_MACHINE: StateMachine[AssessmentStatus, AssessmentAction] = StateMachine(
    "assessment",
    {
        _S.DRAFT: {_A.SUBMIT: _S.SUBMITTED},
        _S.SUBMITTED: {_A.APPROVE: _S.APPROVED, _A.RETURN: _S.RETURNED},
        _S.RETURNED: {_A.SUBMIT: _S.SUBMITTED},
        _S.APPROVED: {_A.REVISE: _S.APPROVED},
    },
)

EDITABLE_STATUSES = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.RETURNED})


class ResilienceQuadrant(StrEnum):
    """Where the child sits on the resilience matrix: resilience ↔ vulnerability in the child,
    protective environment ↔ adversity around the child."""

    RESILIENT_PROTECTIVE = "resilient_protective"
    RESILIENT_ADVERSE = "resilient_adverse"
    VULNERABLE_PROTECTIVE = "vulnerable_protective"
    VULNERABLE_ADVERSE = "vulnerable_adverse"


RESILIENCE_MIN, RESILIENCE_MAX = -2, 2


def resilience_quadrant(resilience: int, environment: int) -> ResilienceQuadrant | None:
    """The quadrant of the matrix; `None` when a score is 0, which sits on an axis and so leans
    neither way."""
    if resilience == 0 or environment == 0:
        return None
    if resilience > 0:
        if environment > 0:
            return ResilienceQuadrant.RESILIENT_PROTECTIVE
        return ResilienceQuadrant.RESILIENT_ADVERSE
    if environment > 0:
        return ResilienceQuadrant.VULNERABLE_PROTECTIVE
    return ResilienceQuadrant.VULNERABLE_ADVERSE


def stored_quadrant(resilience: Mapping[str, Any]) -> ResilienceQuadrant | None:
    """The quadrant of a stored resilience score (`{}` when none was recorded)."""
    child, around = resilience.get("resilience"), resilience.get("environment")
    if not isinstance(child, int) or not isinstance(around, int):
        return None
    return resilience_quadrant(child, around)


def missing_indicators(ratings: Mapping[str, Any]) -> list[Indicator]:
    return [i for i in Indicator if i.value not in ratings]


def check_complete(ratings: Mapping[str, Any]) -> None:
    """An assessment goes to the supervisor only with all eight indicators rated: the wheel is
    the common language every later review is compared against."""
    missing = missing_indicators(ratings)
    if not missing:
        return
    names = ", ".join(m.value for m in missing)
    raise InvalidInput(
        f"Rate every well-being indicator before submitting; missing: {names}.",
        errors=[
            FieldError(
                f"#/indicator_ratings/{m.value}",
                f"Rate `{m.value}` (1 to 5) before submitting.",
                "required",
            )
            for m in missing
        ],
    )


def check_may_decide(actor: Actor) -> None:
    if not actor.has_role(Role.SUPERVISOR):
        raise Forbidden("Only a supervisor may approve or return an assessment.")


def why_not_editable(status: AssessmentStatus, assessment_id: uuid.UUID) -> str:
    if status is AssessmentStatus.APPROVED:
        return (
            "An approved assessment cannot be changed. Start a new revision with "
            f"POST /api/v1/assessments/{assessment_id}/revise and change that."
        )
    return (
        "A submitted assessment is waiting for the supervisor's decision and cannot be changed; "
        "it can be edited again if it is returned."
    )


# ---- typed input ----------------------------------------------------------------------------


class Rating(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"rating": 1, "comment": "Tatăl consumă alcool și devine violent"}]
        }
    )

    rating: int = Field(ge=RATING_MIN, le=RATING_MAX, description="1 serious concern … 5 thriving")
    comment: str | None = Field(default=None, max_length=2000)


class TriangleArea(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "strengths": "Bunica o ia la ea când tatăl bea",
                    "needs": "Un adult care să o apere acasă",
                    "risks": "Violență în familie",
                }
            ]
        }
    )

    strengths: str | None = Field(default=None, max_length=4000)
    needs: str | None = Field(default=None, max_length=4000)
    risks: str | None = Field(default=None, max_length=4000)


class Resilience(Command):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"resilience": 1, "environment": -2}]}
    )

    resilience: int = Field(
        ge=RESILIENCE_MIN,
        le=RESILIENCE_MAX,
        description="In the child: positive is resilience, negative vulnerability.",
    )
    environment: int = Field(
        ge=RESILIENCE_MIN,
        le=RESILIENCE_MAX,
        description="Around the child: positive is a protective environment, negative adversity.",
    )


Triangle = dict[TriangleSide, dict[str, TriangleArea]]


def _known_areas(triangle: Triangle | None) -> Triangle | None:
    for side, areas in (triangle or {}).items():
        unknown = sorted(set(areas) - set(TRIANGLE_AREAS[side]))
        if unknown:
            raise ValueError(
                f"Unknown area(s) on side {side.value}: {', '.join(unknown)}; the areas are "
                f"{', '.join(TRIANGLE_AREAS[side])}."
            )
    return triangle


class AssessmentFields(Command):
    """What an assessment records. Every field may be left out of a draft; submitting needs the
    eight indicators rated."""

    indicator_ratings: dict[Indicator, Rating] | None = Field(
        default=None, examples=[{"safe": {"rating": 2, "comment": "Violență în familie"}}]
    )
    my_world_triangle: Triangle | None = Field(
        default=None,
        description="Side → area → strengths, needs, risks; areas per side as in "
        "GET /api/v1/reference.",
        examples=[{"grow_and_develop": {"learning": {"strengths": "Citește bine"}}}],
    )
    protective_factors: dict[ProtectiveFactor, Rating] | None = None
    resilience: Resilience | None = None
    child_views: str | None = Field(default=None, max_length=10000)
    parents_views: str | None = Field(default=None, max_length=10000)
    summary: str | None = Field(default=None, max_length=10000)

    _triangle = field_validator("my_world_triangle")(_known_areas)

    def stored(self, names: Iterable[str]) -> dict[str, Any]:
        """The named fields as the table stores them: JSON fields as plain dicts, `{}` when
        empty, so readers never meet a null."""
        out: dict[str, Any] = {}
        for name in names:
            value = getattr(self, name)
            out[name] = _JSON_CONVERTERS[name](value) if name in _JSON_CONVERTERS else value
        return out


def _ratings_json(ratings: Mapping[StrEnum, Rating] | None) -> dict[str, Any]:
    return {
        k.value: v.model_dump(mode="json", exclude_none=True) for k, v in (ratings or {}).items()
    }


def _triangle_json(triangle: Triangle | None) -> dict[str, Any]:
    return {
        side.value: {
            area: detail.model_dump(mode="json", exclude_none=True)
            for area, detail in areas.items()
        }
        for side, areas in (triangle or {}).items()
    }


def _resilience_json(resilience: Resilience | None) -> dict[str, Any]:
    return resilience.model_dump(mode="json") if resilience else {}


_JSON_CONVERTERS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "indicator_ratings": _ratings_json,
    "protective_factors": _ratings_json,
    "my_world_triangle": _triangle_json,
    "resilience": _resilience_json,
}


INITIAL_ASSESSMENT: JsonDict = {
    "case_id": ex.CASE_ID,
    "kind": "initial",
    "indicator_ratings": {
        "safe": {"rating": 1, "comment": "Tatăl consumă alcool și devine violent"},
        "healthy": {"rating": 3},
    },
    "my_world_triangle": {
        "need_from_carers": {"keeping_me_safe": {"risks": "Violență în familie"}},
        "wider_world": {"school": {"strengths": "Învățătoarea o sprijină"}},
    },
    "protective_factors": {"social_connections": {"rating": 4, "comment": "Bunica din sat"}},
    "resilience": {"resilience": 1, "environment": -2},
    "child_views": "Vreau să stau la bunica.",
}
COMPLEX_ASSESSMENT: JsonDict = {
    "case_id": ex.CASE_ID,
    "kind": "complex",
    "indicator_ratings": {
        "safe": {"rating": 2, "comment": "La bunica de două săptămâni; tatăl o vizitează"},
        "healthy": {"rating": 3, "comment": "Dureri de cap, somn agitat"},
        "achieving": {"rating": 3},
        "nurtured": {"rating": 2, "comment": "Mama lucrează în Italia din 2022"},
        "active": {"rating": 4, "comment": "Dansuri populare la Casa de cultură"},
        "respected": {"rating": 3},
        "responsible": {"rating": 4},
        "included": {"rating": 4},
    },
    "my_world_triangle": {
        "grow_and_develop": {"learning": {"strengths": "Citește bine", "needs": "Matematică"}},
        "need_from_carers": {
            "keeping_me_safe": {"risks": "Tatăl refuză tratamentul"},
            "warmth": {"strengths": "Bunica, Valentina Rusu"},
        },
        "wider_world": {"money": {"needs": "Bunica trăiește din pensie"}},
    },
    "protective_factors": {
        "social_connections": {"rating": 4},
        "concrete_support": {"rating": 2, "comment": "Fără venit stabil"},
    },
    "resilience": {"resilience": 1, "environment": 1},
    "child_views": "Îmi place la bunica. Vreau ca tata să nu mai bea.",
    "parents_views": "Mama, la telefon: susține ca Ana să rămână la bunica.",
    "summary": "Riscul imediat a scăzut; e nevoie de sprijin familial și consiliere pentru tată.",
}


class NewAssessment(AssessmentFields):
    model_config = ConfigDict(
        json_schema_extra={"examples": [INITIAL_ASSESSMENT, COMPLEX_ASSESSMENT]}
    )

    case_id: uuid.UUID
    kind: AssessmentKind

    def contents(self) -> dict[str, Any]:
        return self.stored(AssessmentFields.model_fields)


ASSESSMENT_RATED: JsonDict = {
    "indicator_ratings": {
        "safe": {"rating": 1, "comment": "Tatăl consumă alcool și devine violent"},
        "healthy": {"rating": 3},
        "achieving": {"rating": 3},
        "nurtured": {"rating": 2},
        "active": {"rating": 4},
        "respected": {"rating": 3},
        "responsible": {"rating": 4},
        "included": {"rating": 4},
    },
}
ASSESSMENT_FIELD_EMPTIED: JsonDict = {
    "parents_views": "Tatăl a refuzat întâlnirea; mama a fost contactată telefonic.",
    "summary": None,
}


class AssessmentChanges(AssessmentFields):
    """A partial update; only the fields sent change, and `null` empties a field."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [ASSESSMENT_RATED, ASSESSMENT_FIELD_EMPTIED]}
    )

    @model_validator(mode="after")
    def _not_empty(self) -> AssessmentChanges:
        if not self.model_fields_set:
            raise ValueError("Send at least one field to change.")
        return self

    def contents(self) -> dict[str, Any]:
        return self.stored(sorted(self.model_fields_set))


class ReturnDecision(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"reason": "Lipsesc opiniile copilului; completați secțiunea."}]
        }
    )

    reason: str = Field(
        min_length=3,
        max_length=2000,
        examples=["Lipsesc opiniile copilului; completați secțiunea."],
    )


class AssessmentSearch(Command):
    case_id: uuid.UUID | None = None
    child_id: uuid.UUID | None = None
    status: AssessmentStatus | None = None
