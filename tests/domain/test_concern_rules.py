import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from app.domain.concerns import (
    CONCERN_MACHINE,
    ConcernAction,
    ConcernChanges,
    ConcernStatus,
    Decision,
    NewConcern,
    NewObservation,
    closing_decision,
    may_act_on,
    risk_category_problem,
)
from app.domain.errors import IllegalTransition
from app.domain.vocabulary import RiskCategory, Urgency

LEGAL = {(s, a): t for s, a, t in CONCERN_MACHINE.all_pairs()}


def _concern(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "child_id": str(uuid.uuid4()),
        "indicators": ["safe", "nurtured"],
        "description": "Vine la școală cu vânătăi pe brațe.",
        "observed_at": "2025-03-14T09:30:00+02:00",
        "urgency": "routine",
    }
    body.update(overrides)
    return body


def _locations(exc: ValidationError) -> set[tuple[Any, ...]]:
    return {tuple(e["loc"]) for e in exc.errors()}


@pytest.mark.parametrize(("state", "action", "target"), CONCERN_MACHINE.all_pairs())
def test_every_legal_transition(
    state: ConcernStatus, action: ConcernAction, target: ConcernStatus
) -> None:
    assert CONCERN_MACHINE.next_state(state, action) is target


@pytest.mark.parametrize(
    ("state", "action"),
    [(s, a) for s in ConcernStatus for a in ConcernAction if (s, a) not in LEGAL],
)
def test_every_illegal_transition_names_what_is_legal(
    state: ConcernStatus, action: ConcernAction
) -> None:
    with pytest.raises(IllegalTransition) as caught:
        CONCERN_MACHINE.next_state(state, action)
    assert caught.value.extra["legal_actions"] == CONCERN_MACHINE.legal_actions(state)
    assert f"that is {state}" in caught.value.detail


def test_the_flow_of_a_concern() -> None:
    assert set(CONCERN_MACHINE.legal_actions(ConcernStatus.RECORDED)) == {
        "update",
        "act-in-institution",
        "refer",
        "close",
    }
    # A single-agency plan can still be escalated by referral, or closed when resolved.
    assert CONCERN_MACHINE.legal_actions(ConcernStatus.SINGLE_AGENCY_PLAN) == ["close", "refer"]
    assert CONCERN_MACHINE.is_final(ConcernStatus.REFERRED)
    assert CONCERN_MACHINE.is_final(ConcernStatus.CLOSED)


def test_closing_an_undecided_concern_is_a_decision_of_no_further_action() -> None:
    assert closing_decision(ConcernStatus.RECORDED) is Decision.NO_FURTHER_ACTION
    assert closing_decision(ConcernStatus.SINGLE_AGENCY_PLAN) is None


def test_only_the_recording_institution_acts_on_its_concern() -> None:
    school, police = uuid.uuid4(), uuid.uuid4()
    assert may_act_on(school, school)
    assert not may_act_on(police, school)


def test_risk_category_goes_with_child_protection_only() -> None:
    cp, routine = Urgency.CHILD_PROTECTION, Urgency.ROUTINE
    assert risk_category_problem(cp, None)
    assert risk_category_problem(cp, RiskCategory.NEGLECT) is None
    assert risk_category_problem(routine, RiskCategory.NEGLECT)
    assert risk_category_problem(routine, None) is None


def test_a_valid_concern() -> None:
    concern = NewConcern.model_validate(
        _concern(
            urgency="child_protection",
            risk_category="violence",
            five_questions={"what_is_in_the_way": "Violență în familie."},
        )
    )
    assert concern.risk_category is RiskCategory.VIOLENCE


def test_child_protection_without_risk_category_points_at_it() -> None:
    with pytest.raises(ValidationError) as caught:
        NewConcern.model_validate(_concern(urgency="child_protection"))
    assert _locations(caught.value) == {("risk_category",)}


def test_risk_category_on_a_routine_concern_points_at_it() -> None:
    with pytest.raises(ValidationError) as caught:
        NewConcern.model_validate(_concern(risk_category="neglect"))
    assert _locations(caught.value) == {("risk_category",)}


@pytest.mark.parametrize(
    ("indicators", "where"),
    [
        ([], ("indicators",)),
        (["happy"], ("indicators", 0)),
        (["safe", "safe"], ("indicators",)),
    ],
)
def test_indicators_are_some_unique_codes_of_the_wheel(
    indicators: list[str], where: tuple[Any, ...]
) -> None:
    with pytest.raises(ValidationError) as caught:
        NewConcern.model_validate(_concern(indicators=indicators))
    assert _locations(caught.value) == {where}


def test_five_questions_are_the_five() -> None:
    with pytest.raises(ValidationError) as caught:
        NewConcern.model_validate(_concern(five_questions={"why": "?"}))
    assert next(iter(_locations(caught.value)))[0] == "five_questions"


def test_observed_at_is_aware_and_not_in_the_future() -> None:
    with pytest.raises(ValidationError):
        NewConcern.model_validate(_concern(observed_at="2025-03-14T09:30:00"))
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    with pytest.raises(ValidationError):
        NewConcern.model_validate(_concern(observed_at=future))
    # A clock or time zone a little ahead is given a day's grace.
    soon = datetime.now(UTC) + timedelta(hours=20)
    assert NewConcern.model_validate(_concern(observed_at=soon.isoformat())).observed_at == soon


@pytest.mark.parametrize(
    "observed_at",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1899-12-31T23:59:59+00:00"],
)
def test_observed_at_outside_the_calendar_is_refused_not_overflowed(observed_at: str) -> None:
    with pytest.raises(ValidationError) as caught:
        NewConcern.model_validate(_concern(observed_at=observed_at))
    assert _locations(caught.value) == {("observed_at",)}


def test_changes_must_change_something_and_not_empty_required_fields() -> None:
    with pytest.raises(ValidationError):
        ConcernChanges.model_validate({})
    with pytest.raises(ValidationError) as caught:
        ConcernChanges.model_validate({"description": None})
    assert _locations(caught.value) == {("description",)}
    # The child's words and the risk category may be emptied.
    assert ConcernChanges.model_validate({"child_words": None}).model_fields_set == {"child_words"}


def test_observation_ratings_are_indicators_rated_one_to_five() -> None:
    child = str(uuid.uuid4())
    ok = NewObservation.model_validate(
        {"child_id": child, "observed_on": "2025-03-01", "ratings": {"safe": 1, "active": 5}}
    )
    assert ok.ratings == {"safe": 1, "active": 5}
    for ratings in ({"safe": 0}, {"safe": 6}, {"happy": 3}, {}):
        with pytest.raises(ValidationError):
            NewObservation.model_validate(
                {"child_id": child, "observed_on": "2025-03-01", "ratings": ratings}
            )
    tomorrow = (datetime.now(UTC).date() + timedelta(days=2)).isoformat()
    with pytest.raises(ValidationError):
        NewObservation.model_validate(
            {"child_id": child, "observed_on": tomorrow, "ratings": {"safe": 3}}
        )
