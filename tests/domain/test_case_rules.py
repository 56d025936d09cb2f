import uuid

import pytest
from pydantic import ValidationError

from app.domain.actor import Actor
from app.domain.cases import (
    CASE_MACHINE,
    STAGE_DEADLINES,
    CaseAction,
    CaseChanges,
    CaseClosure,
    CaseStage,
    ClosureReason,
    NewTeamMember,
    check_may_close,
    default_level_of_need,
    stage_deadline,
)
from app.domain.deadlines import DeadlineKind
from app.domain.errors import Forbidden, IllegalTransition
from app.domain.vocabulary import LevelOfNeed, Role, Sector, Urgency

LEGAL = {(s, a): t for s, a, t in CASE_MACHINE.all_pairs()}


def _actor(*roles: Role) -> Actor:
    return Actor(uuid.uuid4(), uuid.uuid4(), Sector.SOCIAL_ASSISTANCE, "calarasi", frozenset(roles))


def test_the_stage_table_is_the_one_the_practice_model_describes() -> None:
    s, a = CaseStage, CaseAction
    assert LEGAL == {
        (s.INITIAL_ASSESSMENT, a.START_COMPLEX_ASSESSMENT): s.COMPLEX_ASSESSMENT,
        (s.INITIAL_ASSESSMENT, a.START_PLANNING): s.PLANNING,
        (s.INITIAL_ASSESSMENT, a.CLOSE): s.CLOSED,
        (s.COMPLEX_ASSESSMENT, a.START_PLANNING): s.PLANNING,
        (s.COMPLEX_ASSESSMENT, a.CLOSE): s.CLOSED,
        (s.PLANNING, a.START_IMPLEMENTATION): s.IMPLEMENTATION_MONITORING,
        (s.PLANNING, a.CLOSE): s.CLOSED,
        (s.IMPLEMENTATION_MONITORING, a.START_REVIEW): s.REVIEW,
        (s.IMPLEMENTATION_MONITORING, a.CLOSE): s.CLOSED,
        (s.REVIEW, a.START_IMPLEMENTATION): s.IMPLEMENTATION_MONITORING,
        (s.REVIEW, a.START_PLANNING): s.PLANNING,
        (s.REVIEW, a.CLOSE): s.CLOSED,
        (s.CLOSED, a.REOPEN): s.INITIAL_ASSESSMENT,
    }


@pytest.mark.parametrize(("stage", "action", "target"), CASE_MACHINE.all_pairs())
def test_every_legal_transition(stage: CaseStage, action: CaseAction, target: CaseStage) -> None:
    assert CASE_MACHINE.next_state(stage, action) is target
    assert action.value in CASE_MACHINE.legal_actions(stage)


ILLEGAL = [(s, a) for s in CaseStage for a in CaseAction if (s, a) not in LEGAL]


@pytest.mark.parametrize(("stage", "action"), ILLEGAL)
def test_every_illegal_transition_names_what_is_allowed(
    stage: CaseStage, action: CaseAction
) -> None:
    with pytest.raises(IllegalTransition) as caught:
        CASE_MACHINE.next_state(stage, action)
    assert caught.value.extra["legal_actions"] == CASE_MACHINE.legal_actions(stage)
    assert caught.value.status == 409


def test_no_stage_is_a_dead_end() -> None:
    assert not any(CASE_MACHINE.is_final(s) for s in CaseStage)


def test_every_open_stage_can_close() -> None:
    for stage in CaseStage:
        if stage is not CaseStage.CLOSED:
            assert CASE_MACHINE.next_state(stage, CaseAction.CLOSE) is CaseStage.CLOSED


def test_stage_deadlines() -> None:
    assert stage_deadline(CaseStage.COMPLEX_ASSESSMENT) is DeadlineKind.CASE_COMPLEX_ASSESSMENT
    assert stage_deadline(CaseStage.IMPLEMENTATION_MONITORING) is None
    assert stage_deadline(CaseStage.CLOSED) is None
    assert set(STAGE_DEADLINES) == {
        CaseStage.INITIAL_ASSESSMENT,
        CaseStage.COMPLEX_ASSESSMENT,
        CaseStage.PLANNING,
        CaseStage.REVIEW,
    }


def test_level_of_need_follows_urgency() -> None:
    assert default_level_of_need(Urgency.CHILD_PROTECTION) is LevelOfNeed.CHILD_PROTECTION
    assert default_level_of_need(Urgency.PRIORITY) is LevelOfNeed.MULTI_AGENCY
    assert default_level_of_need(Urgency.ROUTINE) is LevelOfNeed.MULTI_AGENCY


def test_only_a_supervisor_closes_a_child_protection_case() -> None:
    with pytest.raises(Forbidden):
        check_may_close(_actor(Role.SOCIAL_WORKER, Role.CASE_MANAGER), Urgency.CHILD_PROTECTION)
    check_may_close(_actor(Role.SUPERVISOR), Urgency.CHILD_PROTECTION)
    check_may_close(_actor(Role.SOCIAL_WORKER), Urgency.ROUTINE)


def test_closing_for_another_reason_needs_a_note() -> None:
    with pytest.raises(ValidationError):
        CaseClosure(reason=ClosureReason.OTHER)
    assert CaseClosure(reason=ClosureReason.OTHER, note="Mutat la rude").note == "Mutat la rude"
    assert CaseClosure(reason=ClosureReason.FAMILY_MOVED).note is None
    with pytest.raises(ValidationError):
        CaseClosure.model_validate({"reason": "bored"})


def test_a_change_must_change_something() -> None:
    with pytest.raises(ValidationError):
        CaseChanges()
    assert CaseChanges(level_of_need=LevelOfNeed.ADDITIONAL).model_fields_set == {"level_of_need"}


def test_team_roles_are_free_text_of_bounded_length() -> None:
    member = NewTeamMember(professional_id=uuid.uuid4(), role="  diriginte  ")
    assert member.role == "diriginte"
    for bad in ("", "x" * 61):
        with pytest.raises(ValidationError):
            NewTeamMember(professional_id=uuid.uuid4(), role=bad)
