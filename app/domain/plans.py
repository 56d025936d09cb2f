"""Plans, their actions and reviews: lifecycles, the review calendar, and the typed input services
accept.

A plan is either a designated person's *single-agency plan* (owned by a concern the institution
decided to meet itself) or the *child's plan* of a multi-agency case. Only one plan per owner is in
force at a time: activating a new one supersedes the old. Actions say who does what by when, so a
sector system can ask what is expected of its institution; reviews re-rate the indicators and
protective factors, which is how progress becomes visible over time.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from pydantic import (
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict

from app.domain import examples as ex
from app.domain.commands import Command
from app.domain.dates import Day, PastDay
from app.domain.deadlines import DeadlineRule, DurationUnit, add_duration, utcnow
from app.domain.errors import Conflict, FieldError, IllegalTransition, InvalidInput
from app.domain.state_machine import StateMachine
from app.domain.vocabulary import RATING_MAX, RATING_MIN, Indicator, ProtectiveFactor


class PlanScope(StrEnum):
    SINGLE_AGENCY = "single_agency"
    MULTI_AGENCY = "multi_agency"


class PlanStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    SUPERSEDED = "superseded"


class PlanStep(StrEnum):
    """What a caller may do to a plan. Superseding is not here: it follows from activating
    another plan of the same owner (see `superseded`)."""

    ACTIVATE = "activate"
    COMPLETE = "complete"
    CANCEL = "cancel"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class ActionStep(StrEnum):
    START = "start"
    COMPLETE = "complete"
    CANCEL = "cancel"


class ReviewDecision(StrEnum):
    CONTINUE = "continue"
    REVISE_PLAN = "revise_plan"
    CLOSE_CASE = "close_case"


PLAN_MACHINE: StateMachine[PlanStatus, PlanStep] = StateMachine(
    "plan",
    {
        PlanStatus.DRAFT: {
            PlanStep.ACTIVATE: PlanStatus.ACTIVE,
            PlanStep.CANCEL: PlanStatus.CANCELLED,
        },
        PlanStatus.ACTIVE: {
            PlanStep.COMPLETE: PlanStatus.COMPLETED,
            PlanStep.CANCEL: PlanStatus.CANCELLED,
        },
    },
)

ACTION_MACHINE: StateMachine[ActionStatus, ActionStep] = StateMachine(
    "plan action",
    {
        ActionStatus.PLANNED: {
            ActionStep.START: ActionStatus.IN_PROGRESS,
            ActionStep.CANCEL: ActionStatus.CANCELLED,
        },
        ActionStatus.IN_PROGRESS: {
            ActionStep.COMPLETE: ActionStatus.DONE,
            ActionStep.CANCEL: ActionStatus.CANCELLED,
        },
    },
)

# A plan can be written to (needs, objectives, actions) until it is final.
OPEN_PLAN_STATUSES = frozenset({PlanStatus.DRAFT, PlanStatus.ACTIVE})
OPEN_ACTION_STATUSES = frozenset({ActionStatus.PLANNED, ActionStatus.IN_PROGRESS})

# The owners' states in which they may hold a plan. Concerns and cases have their own modules; these
# are the values of their `status` and `stage` columns that matter here.
CONCERN_STATUS_FOR_PLAN = "single_agency_plan"
CASE_STAGES_FOR_PLAN = frozenset({"planning", "implementation_monitoring", "review"})


def check_owner_state(scope: PlanScope, state: str) -> None:
    """A single-agency plan needs a concern the institution decided to meet itself; the child's
    plan needs a case that has reached planning and is not closed."""
    if scope is PlanScope.SINGLE_AGENCY and state != CONCERN_STATUS_FOR_PLAN:
        raise Conflict(
            f"A single-agency plan belongs to a concern whose status is {CONCERN_STATUS_FOR_PLAN}; "
            f"this concern is {state}.",
            extra={"owner_state": state},
        )
    if scope is PlanScope.MULTI_AGENCY and state not in CASE_STAGES_FOR_PLAN:
        allowed = ", ".join(sorted(CASE_STAGES_FOR_PLAN))
        raise Conflict(
            f"A child's plan is written when the case is at one of: {allowed}; this case is at "
            f"{state}.",
            extra={"owner_state": state},
        )


# A concern's status and a case's stage once it is closed.
OWNER_CLOSED = "closed"


def check_owner_not_closed(scope: PlanScope, state: str) -> None:
    """A plan is reviewed for a concern or case still being worked on; closing the owner ends
    its plans, and a late review must not move a review date nobody is held to any more."""
    if state == OWNER_CLOSED:
        owner = "concern" if scope is PlanScope.SINGLE_AGENCY else "case"
        raise Conflict(
            f"The plan's {owner} is closed; a plan of a closed {owner} is not reviewed.",
            extra={"owner_state": state},
        )


def superseded(status: PlanStatus) -> PlanStatus:
    """Only a plan in force can be replaced by a newer one; a draft is simply left as it is."""
    if status is not PlanStatus.ACTIVE:
        raise IllegalTransition.build("plan", status, "supersede", [])
    return PlanStatus.SUPERSEDED


def require_open(status: PlanStatus, doing: str) -> None:
    """Refuse writing to a final plan, with the steps still possible (none) in the answer."""
    if status not in OPEN_PLAN_STATUSES:
        raise IllegalTransition.build("plan", status, doing, PLAN_MACHINE.legal_actions(status))


def interval_days(rule: DeadlineRule, today: date) -> int:
    """A review rule as whole calendar days from `today`: plans are reviewed on a date, so an
    hours rule rounds up to days and a working-days rule counts the calendar days it spans."""
    if rule.unit is DurationUnit.DAYS:
        return rule.amount
    if rule.unit is DurationUnit.HOURS:
        return max(1, math.ceil(rule.amount / 24))
    start = datetime.combine(today, time(12), tzinfo=UTC)
    return (add_duration(start, rule.amount, rule.unit).date() - today).days


def end_of_day(day: date) -> datetime:
    """The instant a review date runs out: the deadline is met any time on that day."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def next_review_on(held_on: date, interval: int, explicit: date | None) -> date:
    return explicit if explicit is not None else held_on + timedelta(days=interval)


def is_overdue(status: ActionStatus, due_on: date, today: date) -> bool:
    return status in OPEN_ACTION_STATUSES and due_on < today


def today() -> date:
    """Dates in this service are UTC dates, like every stored instant."""
    return utcnow().date()


# ---- typed input ---------------------------------------------------------------------------

_TEXT = Field(default=None, max_length=4000)
_INTERVAL = Field(default=None, ge=1, le=366, description="Days between reviews.")


SAFE_OBJECTIVE: JsonDict = {
    "indicator": "safe",
    "description": "Ana locuiește într-un mediu sigur, fără violență",
    "expected_outcome": "Nicio nouă sesizare de violență în următoarele 3 luni",
}


class NewObjective(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [SAFE_OBJECTIVE]})

    indicator: Indicator = Field(description="The well-being indicator the objective serves.")
    description: str = Field(min_length=1, max_length=2000)
    expected_outcome: str | None = Field(default=None, max_length=2000)


class ActionFields(Command):
    description: str = Field(min_length=1, max_length=2000)
    service: str | None = Field(
        default=None, max_length=120, examples=["Family Support Service (primary support)"]
    )
    responsible_organisation_id: uuid.UUID
    responsible_professional_id: uuid.UUID | None = Field(
        default=None, description="Must belong to the responsible organisation."
    )
    due_on: Day


class NewAction(ActionFields):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "objective_id": ex.OBJECTIVE_ID,
                    "description": "Discuție săptămânală cu Ana după ore",
                    "responsible_organisation_id": ex.SCHOOL_ID,
                    "responsible_professional_id": ex.DESIGNATED_PERSON_ID,
                    "due_on": "2025-06-13",
                }
            ]
        }
    )

    objective_id: uuid.UUID | None = Field(
        default=None, description="An objective of the same plan."
    )


COUNSELLING_ACTION: JsonDict = {
    "objective_index": 0,
    "description": "Consiliere pentru tată și sprijin pentru bunică",
    "service": "Family Support Service (primary support)",
    "responsible_organisation_id": ex.FAMILY_SUPPORT_ID,
    "due_on": "2025-05-30",
}


class InitialAction(ActionFields):
    """An action written with its plan: objectives have no ids yet, so it names one by position."""

    model_config = ConfigDict(json_schema_extra={"examples": [COUNSELLING_ACTION]})

    objective_index: int | None = Field(
        default=None, ge=0, description="Position in this request's `objectives` (from 0)."
    )


CHILDS_PLAN: JsonDict = {
    "case_id": ex.CASE_ID,
    "lead_professional_id": ex.SOCIAL_WORKER_ID,
    "needs": "Siguranță acasă; tatăl are nevoie de tratament; bunica, de sprijin material.",
    "child_views": "Vrea să rămână la bunica și să meargă în continuare la dansuri.",
    "parents_views": "Mama susține planul; tatăl a acceptat consilierea.",
    "objectives": [SAFE_OBJECTIVE],
    "actions": [COUNSELLING_ACTION],
}
SINGLE_AGENCY_PLAN: JsonDict = {
    "concern_id": ex.ABSENCE_CONCERN_ID,
    "needs": "Absențe repetate; mama lucrează peste hotare, bunica are grijă de copil.",
    "child_views": "Vrea să rămână în clasa lui și să meargă la cercul de șah.",
    "review_interval_days": 30,
    "objectives": [
        {
            "indicator": "achieving",
            "description": "Frecventează regulat școala",
            "expected_outcome": "Cel mult 2 absențe nemotivate pe lună",
        }
    ],
    "actions": [
        {
            "objective_index": 0,
            "description": "Întâlnire săptămânală cu dirigintele",
            "responsible_organisation_id": ex.SCHOOL_ID,
            "responsible_professional_id": ex.DESIGNATED_PERSON_ID,
            "due_on": "2025-04-30",
        }
    ],
}


class NewPlan(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [CHILDS_PLAN, SINGLE_AGENCY_PLAN]})

    case_id: uuid.UUID | None = Field(default=None, description="For the child's plan of a case.")
    concern_id: uuid.UUID | None = Field(
        default=None,
        validate_default=True,
        description="For a single-agency plan; give exactly one of `case_id` and `concern_id`.",
    )
    lead_professional_id: uuid.UUID | None = Field(
        default=None, description="Defaults to the professional writing the plan."
    )
    needs: str | None = _TEXT
    child_views: str | None = _TEXT
    parents_views: str | None = _TEXT
    review_interval_days: int | None = Field(
        default=None,
        ge=1,
        le=366,
        description="Days between reviews; defaults to the plan.review rule for the owner's "
        "urgency.",
    )
    objectives: list[NewObjective] = Field(default_factory=list, max_length=50)
    actions: list[InitialAction] = Field(default_factory=list, max_length=100)

    @field_validator("concern_id")
    @classmethod
    def _one_owner(cls, concern_id: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        if "case_id" not in info.data:  # case_id itself is invalid and already reported
            return concern_id
        if (info.data["case_id"] is None) == (concern_id is None):
            raise ValueError("Give exactly one of `case_id` and `concern_id`.")
        return concern_id

    def index_errors(self) -> list[FieldError]:
        """Actions that point at an objective this request does not have."""
        return [
            FieldError(
                f"#/actions/{n}/objective_index",
                f"There are only {len(self.objectives)} objectives in this plan.",
            )
            for n, action in enumerate(self.actions)
            if action.objective_index is not None and action.objective_index >= len(self.objectives)
        ]


class PlanChanges(Command):
    """A partial update of a plan that is not final; only the fields sent change."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"review_interval_days": 60},
                {"needs": "Tatăl urmează tratament; bunica primește ajutor social."},
            ]
        }
    )

    needs: str | None = _TEXT
    child_views: str | None = _TEXT
    parents_views: str | None = _TEXT
    review_interval_days: int | None = _INTERVAL
    lead_professional_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> PlanChanges:
        if not self.model_fields_set:
            raise ValueError("Send at least one field to change.")
        return self

    def emptied_required(self) -> Sequence[str]:
        return [
            name
            for name in ("review_interval_days", "lead_professional_id")
            if name in self.model_fields_set and getattr(self, name) is None
        ]


class PlanCancellation(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"reason": "Familia s-a mutat la Ungheni; cazul a fost transferat."}]
        }
    )

    reason: str = Field(min_length=3, max_length=2000)


class ActionNote(Command):
    """An optional note with a step on an action (what was done, why it was cancelled)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"note": "Prima ședință a avut loc pe 2 aprilie; tatăl a venit."}]
        }
    )

    note: str | None = Field(default=None, max_length=2000)


class Rating(Command):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"rating": 3, "comment": "Nicio sesizare nouă"}]}
    )

    rating: int = Field(ge=RATING_MIN, le=RATING_MAX)
    comment: str | None = Field(default=None, max_length=2000)


REVIEW_CONTINUE: JsonDict = {
    "held_on": "2025-04-24",
    "progress": "Ana locuiește la bunica; tatăl a participat la 3 din 4 ședințe de consiliere.",
    "indicator_ratings": {
        "safe": {"rating": 3, "comment": "Nicio sesizare nouă"},
        "nurtured": {"rating": 3},
    },
    "protective_factors": {"concrete_support": {"rating": 3, "comment": "Ajutor social aprobat"}},
    "child_views": "Mă simt bine la bunica.",
    "decision": "continue",
}
REVIEW_REVISE: JsonDict = {
    "held_on": "2025-04-24",
    "progress": "Tatăl a abandonat consilierea; Ana a lipsit o săptămână de la școală.",
    "indicator_ratings": {"safe": {"rating": 2}, "achieving": {"rating": 2}},
    "decision": "revise_plan",
    "next_review_on": "2025-05-08",
}


class NewReview(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [REVIEW_CONTINUE, REVIEW_REVISE]})

    held_on: PastDay
    progress: str = Field(min_length=1, max_length=4000)
    indicator_ratings: dict[Indicator, Rating] = Field(default_factory=dict)
    protective_factors: dict[ProtectiveFactor, Rating] = Field(default_factory=dict)
    child_views: str | None = _TEXT
    decision: ReviewDecision
    next_review_on: Day | None = Field(
        default=None, description="Defaults to `held_on` plus the plan's review interval."
    )

    @field_validator("next_review_on")
    @classmethod
    def _after_held_on(cls, value: date | None, info: ValidationInfo) -> date | None:
        held_on = info.data.get("held_on")
        if value is not None and held_on is not None and value <= held_on:
            raise ValueError("The next review must come after the one being recorded.")
        return value


def check_indexes(data: NewPlan) -> None:
    errors = data.index_errors()
    if errors:
        raise InvalidInput(errors[0].detail, errors=errors)


class PlanSearch(Command):
    """Which plans to list: the filters of GET /plans, as one typed input for clients that send
    a filter object (GraphQL) rather than query parameters."""

    case_id: uuid.UUID | None = None
    concern_id: uuid.UUID | None = None
    child_id: uuid.UUID | None = None
    status: PlanStatus | None = None


class ActionSearch(Command):
    """Which plan actions to list: the filters of GET /plan-actions, as one typed input."""

    responsible_organisation_id: uuid.UUID | None = None
    responsible_professional_id: uuid.UUID | None = None
    status: ActionStatus | None = None
    overdue: bool = Field(default=False, description="Only open actions past their due date.")
