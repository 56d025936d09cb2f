"""Dashboard counts: how many concerns or cases there are per territory, indicator, stage or month,
without a figure that could single a child out.

A group with fewer than `MIN_GROUP_SIZE` records is suppressed: it is still listed (so a screen
knows the group exists and can say "fewer than 5") but its count is withheld. Leaving it out and
summing the suppressed groups into one figure was the other choice; it was not taken because that
figure, next to the shown groups, gives the hidden count away whenever a single group is hidden.
No total is given beside the groups, for the same reason: total minus the shown groups would be
the suppressed ones.

Suppression protects one answer. Counts of the same records grouped two ways can still be
subtracted from each other; what bounds that is the scope: the counts cover only records the
caller may list one by one anyway (`GET /concerns`, `GET /cases`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Generic, Self, TypeVar

from pydantic import Field, model_validator

from app.domain.commands import Command
from app.domain.dates import Day
from app.domain.errors import InvalidInput
from app.domain.vocabulary import Urgency

MIN_GROUP_SIZE = 5
"""The smallest count shown. Below it a figure about a class, a village or a month can point at a
child people know; five is a common small-cell threshold in published statistics about children."""

K = TypeVar("K")


class CountDimension(StrEnum):
    TERRITORY = "territory"
    """A concern: the territory of the institution that recorded it. A case: the territory whose
    guardianship authority runs it."""
    INDICATOR = "indicator"
    """A concern about several indicators counts once under each of them."""
    STAGE = "stage"
    """A case's stage."""
    MONTH = "month"
    """The calendar month (UTC, as every time is stored) the record was created in, YYYY-MM."""


class CountSubject(StrEnum):
    CONCERN = "concern"
    CASE = "case"


DIMENSIONS: dict[CountSubject, frozenset[CountDimension]] = {
    CountSubject.CONCERN: frozenset(
        {CountDimension.TERRITORY, CountDimension.INDICATOR, CountDimension.MONTH}
    ),
    CountSubject.CASE: frozenset(
        {CountDimension.TERRITORY, CountDimension.STAGE, CountDimension.MONTH}
    ),
}
"""What each subject can be grouped by. A case has no indicators of its own (those of the
concerns behind it would count one case several times over), and a concern has no stage."""


def check_dimensions(
    subject: CountSubject, by: Sequence[CountDimension], *, pointer: str = "by"
) -> list[CountDimension]:
    """The dimensions to group by, each once, in the order asked; one that does not apply to the
    subject is a field error rather than an empty answer, which would read as "none"."""
    wrong = [d for d in by if d not in DIMENSIONS[subject]]
    if wrong:
        allowed = ", ".join(sorted(d.name for d in DIMENSIONS[subject]))
        raise InvalidInput.field(
            pointer,
            f"{subject.value.capitalize()}s cannot be counted by "
            f"{', '.join(d.name for d in wrong)}; they can by {allowed}.",
        )
    return list(dict.fromkeys(by))


class CountFilter(Command):
    """Which records to count, within what the caller may see."""

    territory_code: str | None = Field(default=None, max_length=32)
    urgency: Urgency | None = None
    created_from: Day | None = Field(default=None, description="The first day counted (UTC).")
    created_before: Day | None = Field(
        default=None, description="The day after the last one counted (UTC)."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if (
            self.created_from is not None
            and self.created_before is not None
            and self.created_from >= self.created_before
        ):
            raise ValueError("created_from must be before created_before")
        return self

    @property
    def since(self) -> datetime | None:
        return _midnight(self.created_from)

    @property
    def until(self) -> datetime | None:
        return _midnight(self.created_before)


def _midnight(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(), tzinfo=UTC)


@dataclass(frozen=True)
class Group(Generic[K]):
    key: K
    count: int | None
    """None when suppressed."""

    @property
    def suppressed(self) -> bool:
        return self.count is None


def suppress(counted: Iterable[tuple[K, int]], minimum: int = MIN_GROUP_SIZE) -> list[Group[K]]:
    """Each group with its count, or with none when the count is below `minimum`."""
    return [Group(key, count if count >= minimum else None) for key, count in counted]
