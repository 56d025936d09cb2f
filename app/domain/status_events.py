"""Status back: what a sector system is told of what became of the concerns it sent.

A domain event is internal: it may carry notes, reasons and whatever a reader of the case file may
see. A *status event* is what leaves the service for a sector system (by webhook or the pull
feed), so it is mapped here, type by type, to a thin payload: ids, statuses, stage, timestamps and
at most the authority's reason for declining — never a description, a note, an assessment, a
name or anything about the child beyond our child id. An event without a mapping never leaves.

Who hears an event is said here as a *route* (through the concern, the referral, the case or the
organisation an action is asked of); which OAuth clients that means is a query the persistence
layer makes for a whole transaction's events at once (`app.persistence.outbox`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.domain.events import DomainEvent

Via = Literal["concern", "referral", "case", "organisation"]
"""How the audience of a status event is found: the OAuth client that sent the concern (for a
concern, a referral made from it, or a case such a referral was accepted into), or the sector
systems of the organisation a plan action is asked of."""


class StatusEventType(StrEnum):
    CONCERN_RECEIVED = "concern.received"
    CONCERN_ACTED_IN_INSTITUTION = "concern.acted_in_institution"
    CONCERN_CLOSED = "concern.closed"
    REFERRAL_RECEIVED = "referral.received"
    REFERRAL_ACCEPTED = "referral.accepted"
    REFERRAL_DECLINED = "referral.declined"
    REFERRAL_REDIRECTED = "referral.redirected"
    REFERRAL_WITHDRAWN = "referral.withdrawn"
    CASE_OPENED = "case.opened"
    CASE_STAGE_CHANGED = "case.stage_changed"
    CASE_CLOSED = "case.closed"
    CASE_REOPENED = "case.reopened"
    ACTION_ASSIGNED = "action.assigned"


_TIME = "2025-03-12T10:15:00Z"
_CHILD = "2b6f0c1e-7a44-4c1b-9d6e-1f2a3b4c5d6e"
_CONCERN = "5f0e8b7a-3c2d-4e1f-8a9b-0c1d2e3f4a5b"
_REFERRAL = "799f002a-4f51-460a-9a39-cd0d7eac0ea5"
_CASE = "c3a1f9d2-6b8e-4d7a-9f0c-2e4b6d8f0a1c"


class StatusPayload(BaseModel):
    """The `data` of a status event. Fields are closed (`extra="forbid"`), so nothing a later
    change adds to a domain event can leak out without a change here. Every fact but the
    record's id may be null: the mapping runs inside the committing transaction, and an event
    lacking a fact must not refuse the change it tells of."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    child_id: uuid.UUID | None = Field(description="Our id of the child, nothing more.")
    occurred_at: datetime


def _example(**fields: Any) -> ConfigDict:
    return ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"examples": [{"child_id": _CHILD, "occurred_at": _TIME, **fields}]},
    )


class ConcernReceived(StatusPayload):
    model_config = _example(concern_id=_CONCERN, status="recorded", urgency="routine")

    concern_id: uuid.UUID
    status: Literal["recorded"] = "recorded"
    urgency: str | None


class ConcernActedInInstitution(StatusPayload):
    model_config = _example(
        concern_id=_CONCERN, status="single_agency_plan", decision="act_in_institution"
    )

    concern_id: uuid.UUID
    status: Literal["single_agency_plan"] = "single_agency_plan"
    decision: str | None


class ConcernClosed(StatusPayload):
    model_config = _example(concern_id=_CONCERN, status="closed", decision="no_further_action")

    concern_id: uuid.UUID
    status: Literal["closed"] = "closed"
    decision: str | None


class ReferralReceived(StatusPayload):
    model_config = _example(
        referral_id=_REFERRAL,
        concern_id=_CONCERN,
        status="received",
        urgency="routine",
        redirected_from_id=None,
    )

    referral_id: uuid.UUID
    concern_id: uuid.UUID | None
    status: Literal["received"] = "received"
    urgency: str | None
    redirected_from_id: uuid.UUID | None = None


class ReferralAccepted(StatusPayload):
    model_config = _example(referral_id=_REFERRAL, status="accepted", case_id=_CASE)

    referral_id: uuid.UUID
    status: Literal["accepted"] = "accepted"
    case_id: uuid.UUID | None


class ReferralDeclined(StatusPayload):
    model_config = _example(
        referral_id=_REFERRAL,
        status="declined",
        reason="Nu este nevoie de intervenție intersectorială.",
    )

    referral_id: uuid.UUID
    status: Literal["declined"] = "declined"
    reason: str | None = Field(
        description="The authority's reason for declining: the one free text that leaves, since "
        "the institution that referred needs it to decide what to do next."
    )


class ReferralRedirected(StatusPayload):
    model_config = _example(
        referral_id=_REFERRAL,
        status="redirected",
        redirected_to_id="0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a",
    )

    referral_id: uuid.UUID
    status: Literal["redirected"] = "redirected"
    redirected_to_id: uuid.UUID | None


class ReferralWithdrawn(StatusPayload):
    model_config = _example(referral_id=_REFERRAL, status="withdrawn")

    referral_id: uuid.UUID
    status: Literal["withdrawn"] = "withdrawn"


class CaseOpened(StatusPayload):
    model_config = _example(case_id=_CASE, stage="initial_assessment", urgency="routine")

    case_id: uuid.UUID
    stage: str = "initial_assessment"
    urgency: str | None


class CaseStageChanged(StatusPayload):
    model_config = _example(case_id=_CASE, previous_stage="initial_assessment", stage="planning")

    case_id: uuid.UUID
    previous_stage: str | None
    stage: str | None


class CaseClosed(StatusPayload):
    model_config = _example(case_id=_CASE, stage="closed", closure_reason="objectives_achieved")

    case_id: uuid.UUID
    stage: Literal["closed"] = "closed"
    closure_reason: str | None = Field(description="The closing category, never the note.")


class CaseReopened(StatusPayload):
    model_config = _example(case_id=_CASE, stage="initial_assessment", reopen_count=1)

    case_id: uuid.UUID
    stage: str = "initial_assessment"
    reopen_count: int | None


class ActionAssigned(StatusPayload):
    model_config = _example(
        action_id="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
        plan_id="f0e1d2c3-b4a5-4968-8776-655443322110",
        responsible_organisation_id="9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a",
        status="planned",
        due_on="2025-04-12",
    )

    action_id: uuid.UUID
    plan_id: uuid.UUID | None
    responsible_organisation_id: uuid.UUID
    status: Literal["planned"] = "planned"
    due_on: date | None


PAYLOADS: dict[StatusEventType, type[StatusPayload]] = {
    StatusEventType.CONCERN_RECEIVED: ConcernReceived,
    StatusEventType.CONCERN_ACTED_IN_INSTITUTION: ConcernActedInInstitution,
    StatusEventType.CONCERN_CLOSED: ConcernClosed,
    StatusEventType.REFERRAL_RECEIVED: ReferralReceived,
    StatusEventType.REFERRAL_ACCEPTED: ReferralAccepted,
    StatusEventType.REFERRAL_DECLINED: ReferralDeclined,
    StatusEventType.REFERRAL_REDIRECTED: ReferralRedirected,
    StatusEventType.REFERRAL_WITHDRAWN: ReferralWithdrawn,
    StatusEventType.CASE_OPENED: CaseOpened,
    StatusEventType.CASE_STAGE_CHANGED: CaseStageChanged,
    StatusEventType.CASE_CLOSED: CaseClosed,
    StatusEventType.CASE_REOPENED: CaseReopened,
    StatusEventType.ACTION_ASSIGNED: ActionAssigned,
}
"""Each outbound type's payload schema (exported to `schemas/events/`)."""


@dataclass(frozen=True)
class StatusDraft:
    """A status event before its audience is known: the persistence layer resolves `via` and
    `key` to OAuth clients and writes one status event per client."""

    type: StatusEventType
    payload: StatusPayload
    via: Via
    key: uuid.UUID
    source: DomainEvent
    also_concern: uuid.UUID | None = None
    """A concern a case was opened from directly (child protection), heard beside the referrals
    accepted into the case."""

    def data(self) -> dict[str, Any]:
        return self.payload.model_dump(mode="json")


def _id(value: object) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


def _str(value: object) -> str | None:
    return str(value) if value is not None else None


def _common(event: DomainEvent) -> dict[str, Any]:
    return {"child_id": event.child_id, "occurred_at": event.occurred_at}


Mapper = Callable[[DomainEvent], StatusDraft]


def _about(via: Via) -> Callable[..., Mapper]:
    """Mappers for the events of one kind of record (`via`): each payload names the record by
    `<via>_id`; a case opened directly from a concern is heard by that concern's sender too."""

    def mapper(kind: StatusEventType, **fields: Callable[[DomainEvent], Any]) -> Mapper:
        def draft(e: DomainEvent) -> StatusDraft:
            values = {name: get(e) for name, get in fields.items()}
            model: Any = PAYLOADS[kind]  # each mapper builds its own type's payload
            payload = model(**_common(e), **{f"{via}_id": e.aggregate_id}, **values)
            opened_from = kind is StatusEventType.CASE_OPENED
            also = _id(e.payload.get("concern_id")) if opened_from else None
            return StatusDraft(kind, payload, via, e.aggregate_id, e, also_concern=also)

        return draft

    return mapper


_concern, _referral, _case = _about("concern"), _about("referral"), _about("case")


def _action_assigned(e: DomainEvent) -> StatusDraft:
    organisation = _id(e.payload.get("responsible_organisation_id"))
    if organisation is None:  # every assigned action names one; an old event may not
        organisation = e.organisation_ids[0]
    due = e.payload.get("due_on")
    payload = ActionAssigned(
        **_common(e),
        action_id=e.aggregate_id,
        plan_id=_id(e.payload.get("plan_id")),
        responsible_organisation_id=organisation,
        due_on=date.fromisoformat(str(due)) if due else None,
    )
    return StatusDraft(StatusEventType.ACTION_ASSIGNED, payload, "organisation", organisation, e)


def _get(name: str) -> Callable[[DomainEvent], Any]:
    return lambda e: e.payload.get(name)


MAPPINGS: dict[str, Mapper] = {
    "concern.recorded": _concern(StatusEventType.CONCERN_RECEIVED, urgency=_get("urgency")),
    "concern.decided": _concern(
        StatusEventType.CONCERN_ACTED_IN_INSTITUTION, decision=_get("decision")
    ),
    "concern.closed": _concern(StatusEventType.CONCERN_CLOSED, decision=_get("decision")),
    "referral.received": _referral(
        StatusEventType.REFERRAL_RECEIVED,
        concern_id=lambda e: _id(e.payload.get("concern_id")),
        urgency=_get("urgency"),
        redirected_from_id=lambda e: _id(e.payload.get("redirected_from_id")),
    ),
    "referral.accepted": _referral(
        StatusEventType.REFERRAL_ACCEPTED, case_id=lambda e: _id(e.payload.get("case_id"))
    ),
    "referral.declined": _referral(
        StatusEventType.REFERRAL_DECLINED, reason=lambda e: _str(e.payload.get("reason"))
    ),
    "referral.redirected": _referral(
        StatusEventType.REFERRAL_REDIRECTED,
        redirected_to_id=lambda e: _id(e.payload.get("redirected_to_id")),
    ),
    "referral.withdrawn": _referral(StatusEventType.REFERRAL_WITHDRAWN),
    "case.opened": _case(StatusEventType.CASE_OPENED, urgency=_get("urgency")),
    "case.stage_changed": _case(
        StatusEventType.CASE_STAGE_CHANGED, previous_stage=_get("from"), stage=_get("to")
    ),
    "case.closed": _case(StatusEventType.CASE_CLOSED, closure_reason=_get("reason")),
    "case.reopened": _case(StatusEventType.CASE_REOPENED, reopen_count=_get("reopen_count")),
    "action.assigned": _action_assigned,
}
"""Domain event type -> its status event. Anything else (assessments, notes, plan details,
team changes …) is internal and never leaves."""


def status_draft(event: DomainEvent) -> StatusDraft | None:
    """The status event a domain event becomes, or None when it stays inside the service."""
    mapper = MAPPINGS.get(event.type)
    return mapper(event) if mapper is not None else None


def wants(event_types: list[str], type_: str) -> bool:
    """A subscription's filter: an empty list means every type."""
    return not event_types or type_ in event_types
