import uuid
from datetime import UTC, date, datetime, timedelta
from itertools import product
from typing import Any

import pytest
from pydantic import ValidationError

from app.domain.deadlines import DeadlineKind, DeadlineRule, DurationUnit
from app.domain.errors import Conflict, IllegalTransition, InvalidInput
from app.domain.plans import (
    ACTION_MACHINE,
    PLAN_MACHINE,
    ActionStatus,
    ActionStep,
    NewPlan,
    NewReview,
    PlanScope,
    PlanStatus,
    PlanStep,
    check_indexes,
    check_owner_state,
    end_of_day,
    interval_days,
    is_overdue,
    next_review_on,
    require_open,
    superseded,
    today,
)
from app.domain.vocabulary import Urgency

PLAN_TRANSITIONS = {
    (PlanStatus.DRAFT, PlanStep.ACTIVATE): PlanStatus.ACTIVE,
    (PlanStatus.DRAFT, PlanStep.CANCEL): PlanStatus.CANCELLED,
    (PlanStatus.ACTIVE, PlanStep.COMPLETE): PlanStatus.COMPLETED,
    (PlanStatus.ACTIVE, PlanStep.CANCEL): PlanStatus.CANCELLED,
}
ACTION_TRANSITIONS = {
    (ActionStatus.PLANNED, ActionStep.START): ActionStatus.IN_PROGRESS,
    (ActionStatus.PLANNED, ActionStep.CANCEL): ActionStatus.CANCELLED,
    (ActionStatus.IN_PROGRESS, ActionStep.COMPLETE): ActionStatus.DONE,
    (ActionStatus.IN_PROGRESS, ActionStep.CANCEL): ActionStatus.CANCELLED,
}


def test_plan_machine_is_exactly_the_documented_lifecycle() -> None:
    assert {(s, a): t for s, a, t in PLAN_MACHINE.all_pairs()} == PLAN_TRANSITIONS
    for state, step, target in PLAN_MACHINE.all_pairs():
        assert PLAN_MACHINE.next_state(state, step) is target
        assert str(step) in PLAN_MACHINE.legal_actions(state)


def test_action_machine_is_exactly_the_documented_lifecycle() -> None:
    assert {(s, a): t for s, a, t in ACTION_MACHINE.all_pairs()} == ACTION_TRANSITIONS
    for state, step, target in ACTION_MACHINE.all_pairs():
        assert ACTION_MACHINE.next_state(state, step) is target


@pytest.mark.parametrize(
    ("state", "step"),
    [pair for pair in product(PlanStatus, PlanStep) if pair not in PLAN_TRANSITIONS],
)
def test_every_illegal_plan_step_is_refused_with_the_legal_ones(
    state: PlanStatus, step: PlanStep
) -> None:
    with pytest.raises(IllegalTransition) as refused:
        PLAN_MACHINE.next_state(state, step)
    assert refused.value.extra["legal_actions"] == PLAN_MACHINE.legal_actions(state)
    assert refused.value.status == 409


@pytest.mark.parametrize(
    ("state", "step"),
    [pair for pair in product(ActionStatus, ActionStep) if pair not in ACTION_TRANSITIONS],
)
def test_every_illegal_action_step_is_refused_with_the_legal_ones(
    state: ActionStatus, step: ActionStep
) -> None:
    with pytest.raises(IllegalTransition) as refused:
        ACTION_MACHINE.next_state(state, step)
    assert refused.value.extra["legal_actions"] == ACTION_MACHINE.legal_actions(state)


def test_final_states() -> None:
    final = {s for s in PlanStatus if PLAN_MACHINE.is_final(s)}
    assert final == {PlanStatus.COMPLETED, PlanStatus.CANCELLED, PlanStatus.SUPERSEDED}
    assert {s for s in ActionStatus if ACTION_MACHINE.is_final(s)} == {
        ActionStatus.DONE,
        ActionStatus.CANCELLED,
    }


def test_only_a_plan_in_force_is_superseded() -> None:
    assert superseded(PlanStatus.ACTIVE) is PlanStatus.SUPERSEDED
    for status in set(PlanStatus) - {PlanStatus.ACTIVE}:
        with pytest.raises(IllegalTransition):
            superseded(status)


def test_final_plans_cannot_be_written_to() -> None:
    require_open(PlanStatus.DRAFT, "change")
    require_open(PlanStatus.ACTIVE, "change")
    with pytest.raises(IllegalTransition) as refused:
        require_open(PlanStatus.COMPLETED, "add an action to")
    assert refused.value.extra["legal_actions"] == []


def test_owners_that_may_hold_a_plan() -> None:
    check_owner_state(PlanScope.SINGLE_AGENCY, "single_agency_plan")
    for stage in ("planning", "implementation_monitoring", "review"):
        check_owner_state(PlanScope.MULTI_AGENCY, stage)
    for status in ("recorded", "referred", "closed"):
        with pytest.raises(Conflict):
            check_owner_state(PlanScope.SINGLE_AGENCY, status)
    for stage in ("initial_assessment", "complex_assessment", "closed"):
        with pytest.raises(Conflict):
            check_owner_state(PlanScope.MULTI_AGENCY, stage)


def _rule(amount: int, unit: DurationUnit) -> DeadlineRule:
    return DeadlineRule(DeadlineKind.PLAN_REVIEW, Urgency.ROUTINE, amount, unit)


def test_review_interval_in_calendar_days() -> None:
    friday = date(2026, 11, 20)
    assert interval_days(_rule(90, DurationUnit.DAYS), friday) == 90
    assert interval_days(_rule(36, DurationUnit.HOURS), friday) == 2
    assert interval_days(_rule(1, DurationUnit.WORKING_DAYS), friday) == 3  # to Monday


def test_review_dates() -> None:
    held = date(2026, 11, 20)
    assert next_review_on(held, 30, None) == date(2026, 12, 20)
    assert next_review_on(held, 30, date(2027, 1, 5)) == date(2027, 1, 5)
    assert end_of_day(held) == datetime(2026, 11, 21, tzinfo=UTC)


def test_overdue_is_open_and_past_due() -> None:
    now = date(2026, 11, 20)
    yesterday = now - timedelta(days=1)
    assert is_overdue(ActionStatus.PLANNED, yesterday, now)
    assert is_overdue(ActionStatus.IN_PROGRESS, yesterday, now)
    assert not is_overdue(ActionStatus.PLANNED, now, now)
    assert not is_overdue(ActionStatus.DONE, yesterday, now)
    assert not is_overdue(ActionStatus.CANCELLED, yesterday, now)


def test_a_plan_has_exactly_one_owner() -> None:
    NewPlan(case_id=uuid.uuid4())
    NewPlan(concern_id=uuid.uuid4())
    for owners in ({}, {"case_id": uuid.uuid4(), "concern_id": uuid.uuid4()}):
        with pytest.raises(ValidationError) as refused:
            NewPlan.model_validate(owners)
        assert refused.value.errors()[0]["loc"] == ("concern_id",)


def test_actions_written_with_a_plan_name_existing_objectives() -> None:
    action = {
        "description": "Consiliere psihologică",
        "responsible_organisation_id": str(uuid.uuid4()),
        "due_on": "2027-01-15",
    }
    objective = {"indicator": "safe", "description": "Se simte în siguranță acasă"}
    check_indexes(
        NewPlan.model_validate(
            {"case_id": uuid.uuid4(), "objectives": [objective], "actions": [action]}
        )
    )
    data = NewPlan.model_validate(
        {
            "case_id": uuid.uuid4(),
            "objectives": [objective],
            "actions": [{**action, "objective_index": 0}, {**action, "objective_index": 1}],
        }
    )
    with pytest.raises(InvalidInput) as refused:
        check_indexes(data)
    assert [e.pointer for e in refused.value.errors] == ["#/actions/1/objective_index"]


def test_review_input_rules() -> None:
    base: dict[str, Any] = {
        "held_on": today(),
        "progress": "Frecvență îmbunătățită",
        "decision": "continue",
    }
    NewReview.model_validate({**base, "indicator_ratings": {"safe": {"rating": 4}}})
    # Just after midnight in Chișinău it is still yesterday in UTC: their today is accepted.
    NewReview.model_validate({**base, "held_on": today() + timedelta(days=1)})
    bad: list[tuple[dict[str, Any], tuple[str, ...]]] = [
        ({"held_on": today() + timedelta(days=2)}, ("held_on",)),
        ({"held_on": date(1899, 12, 31)}, ("held_on",)),
        ({"next_review_on": date(9999, 12, 31)}, ("next_review_on",)),
        ({"next_review_on": today()}, ("next_review_on",)),
        ({"indicator_ratings": {"safe": {"rating": 6}}}, ("indicator_ratings", "safe", "rating")),
        (
            {"protective_factors": {"social_connections": {"rating": 0}}},
            ("protective_factors", "social_connections", "rating"),
        ),
        ({"decision": "archive"}, ("decision",)),
    ]
    for change, loc in bad:
        with pytest.raises(ValidationError) as refused:
            NewReview.model_validate({**base, **change})
        assert refused.value.errors()[0]["loc"] == loc
