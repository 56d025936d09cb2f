"""Cases: the stages a multi-agency case goes through, the rules for closing it, and the typed input
services accept.

A case is opened when a referral is accepted or straight away on the child-protection path
(GD 270/2014). Each stage has a deadline from the policy table; the stage table below is the only
place that says which stage may follow which.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from app.domain import examples as ex
from app.domain.access_policy import SOCIAL_ROLES
from app.domain.actor import Actor
from app.domain.commands import Command
from app.domain.deadlines import DeadlineKind
from app.domain.errors import Forbidden
from app.domain.legal_basis import SharedOnABasis
from app.domain.state_machine import StateMachine
from app.domain.vocabulary import LevelOfNeed, Role, Urgency


class CaseStage(StrEnum):
    INITIAL_ASSESSMENT = "initial_assessment"
    COMPLEX_ASSESSMENT = "complex_assessment"
    PLANNING = "planning"
    IMPLEMENTATION_MONITORING = "implementation_monitoring"
    REVIEW = "review"
    CLOSED = "closed"


class CaseAction(StrEnum):
    START_COMPLEX_ASSESSMENT = "start-complex-assessment"
    START_PLANNING = "start-planning"
    START_IMPLEMENTATION = "start-implementation"
    START_REVIEW = "start-review"
    CLOSE = "close"
    REOPEN = "reopen"


class CaseOrigin(StrEnum):
    """How a case came to be opened: from an accepted referral, or directly on the
    child-protection path."""

    REFERRAL = "referral"
    CHILD_PROTECTION = "child_protection"


class ClosureReason(StrEnum):
    OBJECTIVES_ACHIEVED = "objectives_achieved"
    NEEDS_MET_BY_UNIVERSAL_SERVICES = "needs_met_by_universal_services"
    FAMILY_MOVED = "family_moved"
    TRANSFERRED = "transferred"
    CHILD_TURNED_18 = "child_turned_18"
    FAMILY_DECLINED_SUPPORT = "family_declined_support"
    CHILD_DECEASED = "child_deceased"
    OTHER = "other"


_S, _A = CaseStage, CaseAction

CASE_MACHINE: StateMachine[CaseStage, CaseAction] = StateMachine(
    "case",
    {
        _S.INITIAL_ASSESSMENT: {
            _A.START_COMPLEX_ASSESSMENT: _S.COMPLEX_ASSESSMENT,
            _A.START_PLANNING: _S.PLANNING,
            _A.CLOSE: _S.CLOSED,
        },
        _S.COMPLEX_ASSESSMENT: {_A.START_PLANNING: _S.PLANNING, _A.CLOSE: _S.CLOSED},
        _S.PLANNING: {
            _A.START_IMPLEMENTATION: _S.IMPLEMENTATION_MONITORING,
            _A.CLOSE: _S.CLOSED,
        },
        _S.IMPLEMENTATION_MONITORING: {_A.START_REVIEW: _S.REVIEW, _A.CLOSE: _S.CLOSED},
        _S.REVIEW: {
            _A.START_IMPLEMENTATION: _S.IMPLEMENTATION_MONITORING,
            _A.START_PLANNING: _S.PLANNING,
            _A.CLOSE: _S.CLOSED,
        },
        _S.CLOSED: {_A.REOPEN: _S.INITIAL_ASSESSMENT},
    },
)

# The deadline each stage runs against. Implementation and monitoring has none of its own: the
# plan's review dates belong to the plan. A closed case waits on nothing.
STAGE_DEADLINES: dict[CaseStage, DeadlineKind] = {
    CaseStage.INITIAL_ASSESSMENT: DeadlineKind.CASE_INITIAL_ASSESSMENT,
    CaseStage.COMPLEX_ASSESSMENT: DeadlineKind.CASE_COMPLEX_ASSESSMENT,
    CaseStage.PLANNING: DeadlineKind.CASE_PLANNING,
    CaseStage.REVIEW: DeadlineKind.CASE_REVIEW,
}

LEAD_PROFESSIONAL_ROLE = "lead_professional"


def stage_deadline(stage: CaseStage) -> DeadlineKind | None:
    return STAGE_DEADLINES.get(stage)


def default_level_of_need(urgency: Urgency) -> LevelOfNeed:
    """A case exists because the need is beyond one institution: multi-agency at least, child
    protection when the concern was on that path."""
    if urgency is Urgency.CHILD_PROTECTION:
        return LevelOfNeed.CHILD_PROTECTION
    return LevelOfNeed.MULTI_AGENCY


def check_may_close(actor: Actor, urgency: Urgency) -> None:
    """Closing a child-protection case takes a supervisor's decision; others close with their
    own."""
    if urgency is Urgency.CHILD_PROTECTION and not actor.has_role(Role.SUPERVISOR):
        raise Forbidden("Only a supervisor may close a child-protection case.")


# ---- typed input ----------------------------------------------------------------------------


NEW_CASE_FROM_POLICE: JsonDict = {
    "child_id": ex.ANA_RUSU_ID,
    "lead_professional_id": ex.SOCIAL_WORKER_ID,
    "reason": "Poliția a semnalat violență în familie; copilul a fost plasat temporar la bunica.",
}
NEW_CASE_FROM_CONCERN: JsonDict = {
    "child_id": ex.ANA_RUSU_ID,
    "concern_id": ex.CONCERN_ID,
    "reason": "Sesizarea școlii: vânătăi și frica de a merge acasă; evaluare inițială imediată.",
}


class NewCase(Command):
    """A case opened directly on the child-protection path, without a referral."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [NEW_CASE_FROM_POLICE, NEW_CASE_FROM_CONCERN]}
    )

    child_id: uuid.UUID
    lead_professional_id: uuid.UUID | None = None
    level_of_need: LevelOfNeed | None = Field(
        default=None, description="Defaults to child_protection on this path."
    )
    concern_id: uuid.UUID | None = Field(
        default=None, description="The concern that started the child-protection path, if any."
    )
    reason: str = Field(
        min_length=3,
        max_length=2000,
        description="Why the case is opened without a referral.",
        examples=["Poliția a semnalat violență în familie; copilul a fost plasat temporar."],
    )


class CaseChanges(Command):
    """A partial update; only the fields sent change."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"level_of_need": "multi_agency"},
                {"lead_professional_id": ex.SUPERVISOR_ID},
            ]
        }
    )

    level_of_need: LevelOfNeed | None = None
    lead_professional_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> CaseChanges:
        if not self.model_fields_set:
            raise ValueError("Send at least one field to change.")
        return self


CLOSE_ACHIEVED: JsonDict = {
    "reason": "objectives_achieved",
    "note": "Ana locuiește în siguranță cu bunica; tatăl urmează tratament pentru alcoolism.",
}
CLOSE_OTHER: JsonDict = {
    "reason": "other",
    "note": "Deschis din eroare: sesizarea poliției privea alt copil cu același nume.",
}


class CaseClosure(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [CLOSE_ACHIEVED, CLOSE_OTHER]})

    reason: ClosureReason
    note: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _note_for_other(self) -> CaseClosure:
        if self.reason is ClosureReason.OTHER and not self.note:
            raise ValueError("Say why the case closes in `note` when the reason is `other`.")
        return self


class CaseReopening(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"reason": "O nouă sesizare a poliției: tatăl s-a întors acasă."}]
        }
    )

    reason: str = Field(min_length=3, max_length=2000)


class NoInput(Command):
    """The body of an action that takes nothing: `{}` or no body at all."""

    model_config = ConfigDict(json_schema_extra={"examples": [{}]})


TEAM_MEMBER_ON_THE_PATH: JsonDict = {
    "professional_id": ex.DESIGNATED_PERSON_ID,
    "role": "class teacher",
}
TEAM_MEMBER_ON_CONSENT: JsonDict = {
    "professional_id": ex.DESIGNATED_PERSON_ID,
    "role": "class teacher",
    "sharing_basis_id": ex.CONSENT_ID,
}


class NewTeamMember(SharedOnABasis):
    """On a child-protection case (opened on that path, or from a child-protection referral) the
    member joins on the exemption of Law 140/2013 by default; on any other case the family's
    consent is needed, new (`legal_basis`) or already recorded (`sharing_basis_id`)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [TEAM_MEMBER_ON_THE_PATH, TEAM_MEMBER_ON_CONSENT]}
    )

    professional_id: uuid.UUID
    role: str = Field(
        min_length=1,
        max_length=60,
        description="What they do on the team, in free text.",
        examples=["class teacher", "family doctor", "juvenile inspector"],
    )


class CaseSearch(Command):
    stage: CaseStage | None = None
    lead_professional_id: uuid.UUID | None = None
    child_id: uuid.UUID | None = None
    territory_code: str | None = None
    responsible_organisation_id: uuid.UUID | None = None
    overdue: bool = False


def may_manage(
    actor: Actor,
    lead_professional_id: uuid.UUID | None,
    responsible: uuid.UUID,
    territory_code: str,
) -> bool:
    """Who runs a case: its lead professional, a social worker or case manager of the responsible
    guardianship authority, or a supervisor of the territory's social assistance (who approves
    and closes). The rest of the team works on the plan's actions."""
    if actor.professional_id is not None and actor.professional_id == lead_professional_id:
        return True
    if actor.organisation_id == responsible and actor.has_role(*SOCIAL_ROLES):
        return True
    return actor.has_role(Role.SUPERVISOR) and actor.territory_code == territory_code


NOT_A_MANAGER = (
    "Only the case's lead professional or the social workers of the responsible guardianship "
    "authority may change the case or its team."
)
