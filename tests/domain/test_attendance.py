"""The attendance rule and the Ed-Fi category descriptors, without a database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.attendance import (
    AttendanceCategory,
    AttendanceRule,
    Episode,
    Known,
    RuleKind,
    SchoolDay,
    category_of,
    episodes,
)

D0 = date(2025, 1, 6)
RULE = AttendanceRule()


def consecutive(found: list[Episode]) -> list[Episode]:
    return [e for e in found if e.kind is RuleKind.CONSECUTIVE]


def days(n: int, absent: set[int]) -> list[SchoolDay]:
    return [SchoolDay(D0 + timedelta(days=i), 1, int(i in absent)) for i in range(n)]


@pytest.mark.parametrize(
    "text",
    [
        "uri://ed-fi.org/AttendanceEventCategoryDescriptor#Unexcused Absence",
        "Unexcused Absence",
        "unexcused absence",
        "unexcused_absence",
    ],
)
def test_descriptor_uri_and_code_value_are_the_same_category(text: str) -> None:
    assert category_of(text) is AttendanceCategory.UNEXCUSED_ABSENCE


def test_another_descriptor_namespace_is_refused() -> None:
    with pytest.raises(ValueError, match="namespace"):
        category_of("uri://ed-fi.org/SexDescriptor#Male")


def test_the_share_holds_once_ten_sessions_are_recorded() -> None:
    (episode,) = episodes(days(12, {2}), RULE, evaluate_from=D0)
    assert (episode.kind, episode.start, episode.facts.sessions) == (
        RuleKind.SHARE,
        D0 + timedelta(9),
        10,
    )


def test_five_unexcused_days_in_a_row_begin_one_episode() -> None:
    found = episodes(days(7, {0, 1, 2, 3, 4, 5}), RULE, evaluate_from=D0)
    assert [(e.kind, e.start, e.last_held) for e in found] == [
        (RuleKind.CONSECUTIVE, D0 + timedelta(4), D0 + timedelta(5))
    ]


def test_an_episode_continues_until_ten_school_days_without_the_rule() -> None:
    known = {RuleKind.CONSECUTIVE: Known(D0 + timedelta(4), D0 + timedelta(4))}
    soon = days(15, {0, 1, 2, 3, 4, 8, 9, 10, 11, 12})
    (again,) = consecutive(episodes(soon, RULE, evaluate_from=D0 + timedelta(5), known=known))
    assert not again.new
    late = days(25, {0, 1, 2, 3, 4, 16, 17, 18, 19, 20})
    (new,) = consecutive(episodes(late, RULE, evaluate_from=D0 + timedelta(5), known=known))
    assert new.new
    assert new.start == D0 + timedelta(20)
