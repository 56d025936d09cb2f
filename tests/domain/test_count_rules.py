"""Dashboard counts: which groups may show their count, and what each subject is grouped by."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from app.domain.counts import (
    MIN_GROUP_SIZE,
    CountDimension,
    CountFilter,
    CountSubject,
    Group,
    check_dimensions,
    suppress,
)
from app.domain.errors import InvalidInput


def test_a_group_below_the_threshold_keeps_its_place_but_not_its_count() -> None:
    counted = [("calarasi", MIN_GROUP_SIZE + 7), ("ungheni", MIN_GROUP_SIZE - 1), ("soroca", 1)]
    assert suppress(counted) == [
        Group("calarasi", MIN_GROUP_SIZE + 7),
        Group("ungheni", None),
        Group("soroca", None),
    ]
    assert [g.suppressed for g in suppress(counted)] == [False, True, True]


def test_the_threshold_itself_is_shown() -> None:
    [at, below] = suppress([("a", MIN_GROUP_SIZE), ("b", MIN_GROUP_SIZE - 1)])
    assert at.count == MIN_GROUP_SIZE
    assert not at.suppressed
    assert below.count is None
    assert below.suppressed


def test_the_threshold_is_five_unless_given() -> None:
    assert MIN_GROUP_SIZE == 5
    assert suppress([("a", 9)], minimum=10) == [Group("a", None)]
    assert suppress([("a", 2)], minimum=2) == [Group("a", 2)]


def test_groups_keep_the_order_they_came_in() -> None:
    counted = [(("2025-02",), 3), (("2025-01",), 8), (("2025-03",), 6)]
    assert [g.key for g in suppress(counted)] == [("2025-02",), ("2025-01",), ("2025-03",)]


def test_a_concern_has_no_stage_and_a_case_no_indicator() -> None:
    with pytest.raises(InvalidInput) as concern:
        check_dimensions(CountSubject.CONCERN, [CountDimension.MONTH, CountDimension.STAGE])
    assert [e.pointer for e in concern.value.errors] == ["by"]
    assert "STAGE" in concern.value.detail
    with pytest.raises(InvalidInput, match="INDICATOR"):
        check_dimensions(CountSubject.CASE, [CountDimension.INDICATOR])


def test_dimensions_are_grouped_once_each_in_the_order_asked() -> None:
    by = [CountDimension.MONTH, CountDimension.TERRITORY, CountDimension.MONTH]
    assert check_dimensions(CountSubject.CASE, by) == [
        CountDimension.MONTH,
        CountDimension.TERRITORY,
    ]
    assert check_dimensions(CountSubject.CONCERN, []) == []


def test_a_period_runs_from_midnight_utc_to_midnight_utc() -> None:
    period = CountFilter(created_from=date(2025, 1, 1), created_before=date(2025, 2, 1))
    assert period.since == datetime(2025, 1, 1, tzinfo=UTC)
    assert period.until == datetime(2025, 2, 1, tzinfo=UTC)
    assert CountFilter().since is None
    assert CountFilter().until is None


def test_a_period_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="created_from must be before"):
        CountFilter(created_from=date(2025, 2, 1), created_before=date(2025, 2, 1))
