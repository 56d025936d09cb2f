"""FHIR search parameters read into our queries: `_lastUpdated` (a date parameter, with FHIR's
prefixes) as bounds on when a referral last changed.

A wrong search is the client's request that cannot be run, so it is a 400 (FHIR's search
answers a bad parameter with 400 and an OperationOutcome), not a 422 of a refused resource.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from app.domain.errors import FieldError, InvalidInput
from app.domain.referrals import ChangedBound, Compare

LAST_UPDATED = "_lastUpdated"
PREFIXES = ("gt", "ge", "lt", "le", "eq")
"""The prefixes `_lastUpdated` takes; `eq` is also what a value without a prefix means."""
UNSUPPORTED_PREFIXES = ("ne", "sa", "eb", "ap")
"""FHIR's other prefixes: refused by name rather than read as part of the date."""


class InvalidSearch(InvalidInput):
    code = "invalid-search"
    title = "A search parameter is invalid or not supported"
    status = 400


def _bad(detail: str, code: str) -> InvalidSearch:
    return InvalidSearch(detail, errors=[FieldError(LAST_UPDATED, detail, code)])


def _split(value: str) -> tuple[str, str]:
    head = value[:2]
    if head in PREFIXES:
        return head, value[2:]
    if head in UNSUPPORTED_PREFIXES:
        raise _bad(
            f"The {head} prefix is not supported for {LAST_UPDATED}; use gt, ge, lt, le or eq "
            "(or no prefix).",
            "not-supported",
        )
    return "eq", value


def _span(text: str) -> tuple[datetime, datetime]:
    """The time the value names: an instant is itself; a day (YYYY-MM-DD, in UTC) runs from its
    start to the start of the next."""
    if len(text) == 10:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return start, start + timedelta(days=1)
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise _bad(
            f"{text!r} is neither a day (2026-11-23) nor an instant with its zone "
            "(2026-11-23T08:00:00Z).",
            "value",
        )
    return at, at


def last_updated(values: Sequence[str]) -> list[ChangedBound]:
    """Each value is one condition; several are all met (`ge…&lt…` is a window).

    On a day, the prefixes mean what FHIR says of a range: `gt` after the day, `ge` from its
    start, `lt` before it, `le` up to its end, `eq` (or none) during it. On an instant they are
    the plain comparisons, and `eq` is the instant itself."""
    bounds: list[ChangedBound] = []
    for value in values:
        prefix, text = _split(value.strip())
        start, end = _span(text)
        day = end != start
        if prefix == "gt":
            bounds.append(ChangedBound(Compare.GE, end) if day else ChangedBound(Compare.GT, end))
        elif prefix == "ge":
            bounds.append(ChangedBound(Compare.GE, start))
        elif prefix == "lt":
            bounds.append(ChangedBound(Compare.LT, start))
        elif prefix == "le":
            bounds.append(ChangedBound(Compare.LT, end) if day else ChangedBound(Compare.LE, end))
        else:
            bounds.append(ChangedBound(Compare.GE, start))
            bounds.append(ChangedBound(Compare.LT, end) if day else ChangedBound(Compare.LE, end))
    return bounds
