"""Deadlines as data.

The law sets how long each step may take (GD 270/2014, Law 140/2013, Law 123/2010, GD 143/2018)
and the law changes, so durations live in a policy table in the database; `DEFAULT_RULES` are the
Moldovan defaults that the first migration loads. This module only computes: given a rule and a
start time, when is the item due.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from app.domain.errors import DomainError
from app.domain.vocabulary import Urgency


class DeadlineKind(StrEnum):
    CONCERN_DECISION = "concern.decision"
    REFERRAL_RESPONSE = "referral.response"
    CASE_INITIAL_ASSESSMENT = "case.initial_assessment"
    CASE_COMPLEX_ASSESSMENT = "case.complex_assessment"
    CASE_PLANNING = "case.planning"
    CASE_REVIEW = "case.review"
    ASSESSMENT_APPROVAL = "assessment.approval"
    PLAN_REVIEW = "plan.review"


class DurationUnit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working_days"


@dataclass(frozen=True)
class DeadlineRule:
    kind: DeadlineKind
    urgency: Urgency
    amount: int
    unit: DurationUnit
    legal_basis: str = ""


class MissingDeadlineRule(DomainError):
    code = "deadline-rule-missing"
    title = "No deadline rule covers this item"
    status = 500


# Fixed-date public holidays of the Republic of Moldova (Labour Code art. 111). Orthodox Easter and
# the Day of Remembrance move every year; deployments add them to the policy calendar when needed.
_FIXED_HOLIDAYS = {
    (1, 1),
    (1, 7),
    (1, 8),
    (3, 8),
    (5, 1),
    (5, 9),
    (6, 1),
    (8, 27),
    (8, 31),
    (12, 25),
}


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in _FIXED_HOLIDAYS


def add_duration(start: datetime, amount: int, unit: DurationUnit) -> datetime:
    if start.tzinfo is None:
        raise ValueError("deadline arithmetic needs an aware datetime")
    if unit is DurationUnit.HOURS:
        return start + timedelta(hours=amount)
    if unit is DurationUnit.DAYS:
        return start + timedelta(days=amount)
    current = start
    remaining = amount
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current.date()):
            remaining -= 1
    return current


class DeadlinePolicy:
    """The rules in force, looked up by (kind, urgency)."""

    def __init__(self, rules: Iterable[DeadlineRule]) -> None:
        self._rules = {(r.kind, r.urgency): r for r in rules}

    def rule_for(self, kind: DeadlineKind, urgency: Urgency) -> DeadlineRule:
        rule = self._rules.get((kind, urgency))
        if rule is None:
            raise MissingDeadlineRule(f"No deadline rule for {kind} at urgency {urgency}.")
        return rule

    def due_at(self, kind: DeadlineKind, urgency: Urgency, start: datetime) -> datetime:
        rule = self.rule_for(kind, urgency)
        return add_duration(start, rule.amount, rule.unit)


def _same_for_all(
    kind: DeadlineKind, amount: int, unit: DurationUnit, basis: str
) -> list[DeadlineRule]:
    return [DeadlineRule(kind, u, amount, unit, basis) for u in Urgency]


_CP, _PR, _RO = Urgency.CHILD_PROTECTION, Urgency.PRIORITY, Urgency.ROUTINE
_H, _D, _WD = DurationUnit.HOURS, DurationUnit.DAYS, DurationUnit.WORKING_DAYS

DEFAULT_RULES: tuple[DeadlineRule, ...] = (
    # Suspected violence, neglect, exploitation or trafficking: the guardianship authority is told
    # at once and the written notification follows within 24 hours (GD 270/2014).
    DeadlineRule(
        DeadlineKind.CONCERN_DECISION, _CP, 24, _H, "GD 270/2014: written notification within 24 h"
    ),
    DeadlineRule(DeadlineKind.CONCERN_DECISION, _PR, 3, _WD, "GD 143/2018: priority concern"),
    DeadlineRule(DeadlineKind.CONCERN_DECISION, _RO, 10, _WD, "GD 143/2018: routine concern"),
    DeadlineRule(DeadlineKind.REFERRAL_RESPONSE, _CP, 24, _H, "GD 270/2014: immediate response"),
    DeadlineRule(DeadlineKind.REFERRAL_RESPONSE, _PR, 3, _WD, "GD 143/2018"),
    DeadlineRule(DeadlineKind.REFERRAL_RESPONSE, _RO, 5, _WD, "GD 143/2018"),
    DeadlineRule(
        DeadlineKind.CASE_INITIAL_ASSESSMENT,
        _CP,
        24,
        _H,
        "GD 270/2014: initial assessment without delay",
    ),
    DeadlineRule(DeadlineKind.CASE_INITIAL_ASSESSMENT, _PR, 3, _D, "GD 270/2014"),
    DeadlineRule(DeadlineKind.CASE_INITIAL_ASSESSMENT, _RO, 5, _WD, "GD 143/2018"),
    *_same_for_all(
        DeadlineKind.CASE_COMPLEX_ASSESSMENT,
        10,
        _D,
        "Law 123/2010: complex assessment within 10 days",
    ),
    *_same_for_all(
        DeadlineKind.CASE_PLANNING,
        10,
        _D,
        "GD 270/2014: individual plan after the complex assessment",
    ),
    *_same_for_all(
        DeadlineKind.CASE_REVIEW, 10, _WD, "Review meeting of the team around the child"
    ),
    *_same_for_all(DeadlineKind.ASSESSMENT_APPROVAL, 3, _WD, "Supervisor's approval"),
    DeadlineRule(
        DeadlineKind.PLAN_REVIEW, _CP, 30, _D, "Plan review, child-protection case: monthly"
    ),
    DeadlineRule(DeadlineKind.PLAN_REVIEW, _PR, 90, _D, "Plan review every 3 months"),
    DeadlineRule(DeadlineKind.PLAN_REVIEW, _RO, 90, _D, "Plan review every 3 months"),
)


def utcnow() -> datetime:
    return datetime.now(UTC)
