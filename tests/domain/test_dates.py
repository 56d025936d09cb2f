"""Days people enter: a day's grace for the time zone, and a sane range of years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import TypeAdapter, ValidationError

from app.domain.dates import FIRST_YEAR, LAST_YEAR, Day, PastDay
from app.domain.deadlines import utcnow

DAY = TypeAdapter(Day)
PAST_DAY = TypeAdapter(PastDay)


def test_a_day_that_has_happened_may_be_a_day_ahead_of_utc() -> None:
    utc_today = utcnow().date()
    for day in (date(FIRST_YEAR, 1, 1), utc_today, utc_today + timedelta(days=1)):
        assert PAST_DAY.validate_python(day) == day
    with pytest.raises(ValidationError, match="in the future"):
        PAST_DAY.validate_python(utc_today + timedelta(days=2))


@pytest.mark.parametrize("day", [date(1, 1, 1), date(FIRST_YEAR - 1, 12, 31), date(9999, 12, 31)])
def test_days_outside_the_sane_years_are_refused(day: date) -> None:
    with pytest.raises(ValidationError, match=f"{FIRST_YEAR} and {LAST_YEAR}"):
        DAY.validate_python(day)
    with pytest.raises(ValidationError):
        PAST_DAY.validate_python(day)


def test_days_inside_the_sane_years_pass() -> None:
    for day in (date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)):
        assert DAY.validate_python(day) == day
