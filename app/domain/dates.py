"""Calendar days people enter: when something happened, when something is due.

Dates in this service are UTC dates, but people write their local day. Moldova is two or three
hours ahead of UTC, so just after midnight in Chișinău "today" is still yesterday in UTC: a day
that has happened may be one day after the UTC date, and no more. Days outside a sane range of
years are refused as invalid input, before date arithmetic could overflow on them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import AfterValidator

from app.domain.deadlines import utcnow

FIRST_YEAR = 1900
LAST_YEAR = 2200


def in_range(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"Give a date between the years {FIRST_YEAR} and {LAST_YEAR}.")
    return value


def not_in_future(value: date) -> date:
    """Today in any Moldovan time zone passes; tomorrow there does not."""
    if value > utcnow().date() + timedelta(days=1):
        raise ValueError("This date is in the future.")
    return value


Day = Annotated[date, AfterValidator(in_range)]
"""A day in the sane range: a due date or the next review."""

PastDay = Annotated[date, AfterValidator(in_range), AfterValidator(not_in_future)]
"""A day that has happened (a review held, an observation made), allowing for the time zone."""
