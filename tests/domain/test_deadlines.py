from datetime import UTC, datetime

import pytest

from app.domain.deadlines import (
    DEFAULT_RULES,
    DeadlineKind,
    DeadlinePolicy,
    DeadlineRule,
    DurationUnit,
    MissingDeadlineRule,
    add_duration,
    is_working_day,
)
from app.domain.vocabulary import Urgency

FRIDAY = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def test_defaults_cover_every_kind_and_urgency() -> None:
    policy = DeadlinePolicy(DEFAULT_RULES)
    for kind in DeadlineKind:
        for urgency in Urgency:
            assert policy.rule_for(kind, urgency).amount > 0


def test_child_protection_notification_is_24_hours() -> None:
    policy = DeadlinePolicy(DEFAULT_RULES)
    due = policy.due_at(DeadlineKind.CONCERN_DECISION, Urgency.CHILD_PROTECTION, FRIDAY)
    assert due == datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


def test_complex_assessment_is_10_calendar_days() -> None:
    policy = DeadlinePolicy(DEFAULT_RULES)
    due = policy.due_at(DeadlineKind.CASE_COMPLEX_ASSESSMENT, Urgency.ROUTINE, FRIDAY)
    assert due == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def test_working_days_skip_weekends_and_holidays() -> None:
    assert add_duration(FRIDAY, 1, DurationUnit.WORKING_DAYS).date().isoformat() == "2026-11-23"
    christmas_eve = datetime(2026, 12, 24, 9, 0, tzinfo=UTC)  # Thursday; 25th is a holiday
    assert add_duration(christmas_eve, 1, DurationUnit.WORKING_DAYS).day == 28
    assert not is_working_day(datetime(2027, 8, 27, tzinfo=UTC).date())  # Independence Day


def test_policy_is_data() -> None:
    custom = DeadlinePolicy(
        [DeadlineRule(DeadlineKind.REFERRAL_RESPONSE, Urgency.ROUTINE, 2, DurationUnit.HOURS)]
    )
    assert custom.due_at(DeadlineKind.REFERRAL_RESPONSE, Urgency.ROUTINE, FRIDAY).hour == 17
    with pytest.raises(MissingDeadlineRule):
        custom.rule_for(DeadlineKind.CASE_PLANNING, Urgency.ROUTINE)


def test_naive_start_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        add_duration(datetime(2026, 1, 5), 1, DurationUnit.DAYS)  # noqa: DTZ001
