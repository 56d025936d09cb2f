"""School attendance, as school registries report it (Ed-Fi `StudentSchoolAttendanceEvent`), and
the rule that turns a pattern of unexcused absence into a concern for the school's designated
person.

The rule, with its defaults (settings `ATTENDANCE_*`), for one pupil at one school:

- **share**: on a school day, unexcused absences are at least 10% of the sessions recorded in
  the 30 days ending that day, once at least 10 sessions are recorded in that window;
- **consecutive**: the pupil's last 5 school days (days with a record), up to and including that
  day, were each an unexcused absence (every session recorded that day was one).

An *episode* begins on the first school day a rule holds and goes on while it holds again
within 10 school days; it ends after 10 school days in a row on which it did not hold. One
concern is raised per episode and rule, never one per day or per batch.

Plain Python: the service loads the days and the alerts already raised and stores what this
module decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field
from pydantic.config import JsonDict

from app.domain.commands import Command
from app.domain.plans import today

ED_FI_CATEGORY = "uri://ed-fi.org/AttendanceEventCategoryDescriptor"


class AttendanceCategory(StrEnum):
    """Ed-Fi's AttendanceEventCategoryDescriptor code values, as we store them."""

    PRESENT = "present"
    EXCUSED_ABSENCE = "excused_absence"
    UNEXCUSED_ABSENCE = "unexcused_absence"
    TARDY = "tardy"
    EARLY_DEPARTURE = "early_departure"
    PARTIAL = "partial"


_CODE_VALUES = {c.value.replace("_", " "): c for c in AttendanceCategory}


def category_of(text: str) -> AttendanceCategory:
    """The category of a descriptor, as its URI (`uri://ed-fi.org/
    AttendanceEventCategoryDescriptor#Unexcused Absence`) or its bare code value (`Unexcused
    Absence`), whatever the case; our own stored value (`unexcused_absence`) is accepted too."""
    namespace, _, code = text.strip().rpartition("#")
    if namespace and not namespace.endswith("AttendanceEventCategoryDescriptor"):
        raise ValueError(f"{namespace!r} is not an AttendanceEventCategoryDescriptor namespace.")
    key = re.sub(r"[\s_-]+", " ", code).strip().lower()
    found = _CODE_VALUES.get(key)
    if found is None:
        known = ", ".join(c.value.replace("_", " ").capitalize() for c in AttendanceCategory)
        raise ValueError(f"Unknown attendance category {code!r}; use one of: {known}.")
    return found


class RecordError(ValueError):
    """A bad field of a record, with a stable code the answer lists (`bad_date` …)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _iso_date(value: object) -> object:
    """Only ISO 8601 calendar dates (YYYY-MM-DD): numbers and other shapes are refused."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise RecordError("bad_date", "Give the date as YYYY-MM-DD.")
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise RecordError("bad_date", f"{value.strip()} is not a calendar date.") from exc


def _not_future(value: date) -> date:
    if value > today():
        raise RecordError(
            "future_date", "Attendance cannot be recorded for a day that has not come yet."
        )
    return value


RegistryId = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[\x21-\x7e]+$")]
SessionName = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[^\x00-\x1f]+$")]
EventDate = Annotated[date, BeforeValidator(_iso_date), AfterValidator(_not_future)]


def _category(value: object) -> AttendanceCategory:
    try:
        return category_of(str(value))
    except ValueError as exc:
        raise RecordError("unknown_category", str(exc)) from exc


Category = Annotated[AttendanceCategory, BeforeValidator(_category)]

EVENT_EXAMPLE: JsonDict = {
    "studentUniqueId": "E-2019-004512",
    "schoolId": "MD-SCH-0417",
    "eventDate": "2025-03-03",
    "attendanceEventCategoryDescriptor": f"{ED_FI_CATEGORY}#Unexcused Absence",
    "eventDuration": 1.0,
    "sessionName": "2024-2025 Semestrul II",
}


class AttendanceEvent(Command):
    """One attendance record of one pupil, with Ed-Fi's field names (flattened: the references
    are their ids)."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [EVENT_EXAMPLE]},
    )

    studentUniqueId: RegistryId = Field(  # noqa: N815 (Ed-Fi's name)
        description="The registry's id for the pupil: the same id it sends as the student's "
        "`sourcedId` with a concern, so the records find the child."
    )
    schoolId: RegistryId = Field(  # noqa: N815
        description="The registry's id for the school, linked by an administrator to one of "
        "our organisations."
    )
    eventDate: EventDate = Field(description="The school day (YYYY-MM-DD), not in the future.")  # noqa: N815
    attendanceEventCategoryDescriptor: Category = Field(  # noqa: N815
        description="`uri://ed-fi.org/AttendanceEventCategoryDescriptor#<code>` or the bare "
        "code: Present, Excused Absence, Unexcused Absence, Tardy, Early departure, Partial.",
        json_schema_extra={"type": "string"},
    )
    eventDuration: float | None = Field(  # noqa: N815
        default=None,
        ge=0,
        le=1,
        description="Ed-Fi's meaning: the part of the school day the event covers (1 a whole "
        "day, 0.5 half a day). Kept; the rule counts records, not durations.",
    )
    sessionName: SessionName | None = Field(  # noqa: N815
        default=None,
        description="The session (or class section) the record is for, when the registry "
        "records attendance per session; absent: the whole day.",
    )


@dataclass(frozen=True)
class AttendanceRule:
    """The thresholds, from settings (defaults as the practice model's pilots used)."""

    window_days: int = 30
    min_sessions: int = 10
    unexcused_share: float = 0.10
    consecutive_days: int = 5
    episode_gap_days: int = 10
    """School days in a row without the rule holding that end an episode."""


class RuleKind(StrEnum):
    SHARE = "unexcused_share"
    CONSECUTIVE = "consecutive_days"


@dataclass(frozen=True)
class SchoolDay:
    """What was recorded of one pupil on one day (a day with at least one record)."""

    day: date
    sessions: int
    unexcused: int

    @property
    def unexcused_all_day(self) -> bool:
        return self.sessions > 0 and self.unexcused == self.sessions


@dataclass(frozen=True)
class Facts:
    """What a rule saw on the day it held: for the concern's description."""

    window_start: date
    window_end: date
    sessions: int
    unexcused: int


@dataclass
class Episode:
    kind: RuleKind
    start: date
    last_held: date
    facts: Facts
    """On the episode's first day (what made it begin)."""
    new: bool = True
    """False: the continuation of an episode already remembered."""


@dataclass(frozen=True)
class Known:
    """An episode already remembered for this pupil and rule: its start and last day held."""

    start: date
    last_held: date


def _holds(days: Sequence[SchoolDay], i: int, kind: RuleKind, rule: AttendanceRule) -> Facts | None:
    end = days[i].day
    if kind is RuleKind.CONSECUTIVE:
        n = rule.consecutive_days
        if i + 1 < n or not all(d.unexcused_all_day for d in days[i + 1 - n : i + 1]):
            return None
        run = days[i + 1 - n : i + 1]
        return Facts(run[0].day, end, sum(d.sessions for d in run), sum(d.unexcused for d in run))
    start = end - timedelta(days=rule.window_days - 1)
    window = [d for d in days[: i + 1] if d.day >= start]
    sessions = sum(d.sessions for d in window)
    unexcused = sum(d.unexcused for d in window)
    if sessions < rule.min_sessions or unexcused < rule.unexcused_share * sessions:
        return None
    return Facts(start, end, sessions, unexcused)


def episodes(
    days: Sequence[SchoolDay],
    rule: AttendanceRule,
    *,
    evaluate_from: date,
    known: Mapping[RuleKind, Known] | None = None,
) -> list[Episode]:
    """The episodes of one pupil at one school that held on a day from `evaluate_from` (the
    days before it are the window's context only), each rule apart. `days` are in order, one
    per date. An episode continues `known` when it holds within the gap after its last day."""
    found: list[Episode] = []
    for kind in RuleKind:
        remembered = (known or {}).get(kind)
        current: Episode | None = None
        last_held = remembered.last_held if remembered else None
        quiet = 0
        for i, day in enumerate(days):
            facts = _holds(days, i, kind, rule) if day.day >= evaluate_from else None
            if facts is None:
                if last_held is not None and day.day > last_held:
                    quiet += 1
                continue
            if last_held is not None and quiet < rule.episode_gap_days:
                if current is None and remembered is not None:
                    current = Episode(kind, remembered.start, last_held, facts, new=False)
                    found.append(current)
                if current is not None:
                    current.last_held = max(current.last_held, day.day)
            else:
                current = Episode(kind, day.day, day.day, facts)
                found.append(current)
            last_held = current.last_held if current else day.day
            quiet = 0
    return found


def describe(kind: RuleKind, facts: Facts) -> str:
    """The concern's description: the counts and dates the rule saw, nothing else."""
    if kind is RuleKind.CONSECUTIVE:
        return (
            f"Absențe nemotivate în {facts.sessions} sesiuni din {facts.window_start} până la "
            f"{facts.window_end}: fiecare zi de școală înregistrată în acest interval "
            f"(zile consecutive) a fost o absență nemotivată."
        )
    share = round(100 * facts.unexcused / facts.sessions)
    return (
        f"Absențe nemotivate: {facts.unexcused} din {facts.sessions} sesiuni înregistrate "
        f"între {facts.window_start} și {facts.window_end} ({share}%)."
    )
