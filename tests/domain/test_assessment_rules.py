import uuid
from typing import Any

import pytest
from pydantic import ValidationError

from app.domain.actor import Actor
from app.domain.assessments import (
    ASSESSMENT_MACHINE,
    EDITABLE_STATUSES,
    AssessmentAction,
    AssessmentChanges,
    AssessmentStatus,
    NewAssessment,
    ResilienceQuadrant,
    check_complete,
    check_may_decide,
    missing_indicators,
    resilience_quadrant,
    stored_quadrant,
)
from app.domain.errors import Forbidden, IllegalTransition, InvalidInput
from app.domain.vocabulary import Indicator, Role, Sector

LEGAL = {(s, a): t for s, a, t in ASSESSMENT_MACHINE.all_pairs()}
ALL_RATED = {i.value: {"rating": 3} for i in Indicator}


def _new(**fields: Any) -> NewAssessment:
    return NewAssessment.model_validate({"case_id": str(uuid.uuid4()), "kind": "initial", **fields})


def test_the_status_table() -> None:
    s, a = AssessmentStatus, AssessmentAction
    assert LEGAL == {
        (s.DRAFT, a.SUBMIT): s.SUBMITTED,
        (s.SUBMITTED, a.APPROVE): s.APPROVED,
        (s.SUBMITTED, a.RETURN): s.RETURNED,
        (s.RETURNED, a.SUBMIT): s.SUBMITTED,
        # Revising leaves the approved assessment approved and starts a new draft.
        (s.APPROVED, a.REVISE): s.APPROVED,
    }


@pytest.mark.parametrize(("status", "action", "target"), ASSESSMENT_MACHINE.all_pairs())
def test_every_legal_transition(
    status: AssessmentStatus, action: AssessmentAction, target: AssessmentStatus
) -> None:
    assert ASSESSMENT_MACHINE.next_state(status, action) is target


ILLEGAL = [(s, a) for s in AssessmentStatus for a in AssessmentAction if (s, a) not in LEGAL]


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_every_illegal_transition(status: AssessmentStatus, action: AssessmentAction) -> None:
    with pytest.raises(IllegalTransition) as caught:
        ASSESSMENT_MACHINE.next_state(status, action)
    assert caught.value.extra["legal_actions"] == ASSESSMENT_MACHINE.legal_actions(status)


def test_only_draft_and_returned_are_editable() -> None:
    assert {AssessmentStatus.DRAFT, AssessmentStatus.RETURNED} == EDITABLE_STATUSES


@pytest.mark.parametrize(
    ("resilience", "environment", "quadrant"),
    [
        (2, 2, ResilienceQuadrant.RESILIENT_PROTECTIVE),
        (1, -1, ResilienceQuadrant.RESILIENT_ADVERSE),
        (-2, 1, ResilienceQuadrant.VULNERABLE_PROTECTIVE),
        (-1, -2, ResilienceQuadrant.VULNERABLE_ADVERSE),
        (0, 2, None),
        (-2, 0, None),
    ],
)
def test_resilience_quadrant(
    resilience: int, environment: int, quadrant: ResilienceQuadrant | None
) -> None:
    assert resilience_quadrant(resilience, environment) is quadrant
    assert stored_quadrant({"resilience": resilience, "environment": environment}) is quadrant


def test_no_quadrant_without_a_score() -> None:
    assert stored_quadrant({}) is None


def test_submitting_needs_every_indicator_rated() -> None:
    check_complete(ALL_RATED)
    partial = {k: v for k, v in ALL_RATED.items() if k not in ("safe", "included")}
    assert missing_indicators(partial) == [Indicator.SAFE, Indicator.INCLUDED]
    with pytest.raises(InvalidInput) as caught:
        check_complete(partial)
    assert [e.pointer for e in caught.value.errors] == [
        "#/indicator_ratings/safe",
        "#/indicator_ratings/included",
    ]
    assert "safe, included" in caught.value.detail


def test_only_a_supervisor_decides() -> None:
    worker = Actor(uuid.uuid4(), uuid.uuid4(), Sector.SOCIAL_ASSISTANCE, "calarasi")
    with pytest.raises(Forbidden):
        check_may_decide(worker)
    check_may_decide(
        Actor(
            uuid.uuid4(),
            uuid.uuid4(),
            Sector.SOCIAL_ASSISTANCE,
            "calarasi",
            frozenset({Role.SUPERVISOR}),
        )
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"indicator_ratings": {"happy": {"rating": 3}}},
        {"indicator_ratings": {"safe": {"rating": 0}}},
        {"indicator_ratings": {"safe": {"rating": 6}}},
        {"indicator_ratings": {"safe": 3}},
        {"protective_factors": {"optimism": {"rating": 3}}},
        {"protective_factors": {"social_connections": {"rating": 9}}},
        {"my_world_triangle": {"my_planet": {}}},
        {"my_world_triangle": {"wider_world": {"health": {"needs": "x"}}}},
        {"my_world_triangle": {"wider_world": {"school": {"mood": "x"}}}},
        {"resilience": {"resilience": 3, "environment": 0}},
        {"resilience": {"resilience": 0, "environment": -3}},
        {"resilience": {"resilience": 1}},
    ],
)
def test_invalid_contents_are_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        _new(**fields)


def test_contents_are_stored_as_plain_json() -> None:
    data = _new(
        indicator_ratings={"safe": {"rating": 1, "comment": "Urme de lovituri"}},
        protective_factors={"concrete_support": {"rating": 2}},
        my_world_triangle={"wider_world": {"housing": {"risks": "Casă fără încălzire"}}},
        resilience={"resilience": -1, "environment": -2},
    )
    stored = data.contents()
    assert stored["indicator_ratings"] == {"safe": {"rating": 1, "comment": "Urme de lovituri"}}
    assert stored["protective_factors"] == {"concrete_support": {"rating": 2}}
    assert stored["my_world_triangle"] == {
        "wider_world": {"housing": {"risks": "Casă fără încălzire"}}
    }
    assert stored["resilience"] == {"resilience": -1, "environment": -2}
    assert stored["summary"] is None


def test_a_change_holds_only_what_was_sent_and_null_empties() -> None:
    changes = AssessmentChanges.model_validate({"summary": "Rezumat", "resilience": None})
    assert changes.contents() == {"resilience": {}, "summary": "Rezumat"}
    with pytest.raises(ValidationError):
        AssessmentChanges()
