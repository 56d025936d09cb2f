"""Referrals: a concern handed to the guardianship authority when the institution cannot meet it.

The receiving authority accepts (opening a case or joining the child's open one), declines with a
reason, or redirects to the authority that should act; the referring institution may withdraw it
while it waits. Every answer is timed against the response deadline in the policy table.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic.config import JsonDict

from app.domain import examples as ex
from app.domain.commands import Command
from app.domain.legal_basis import CONSENT, SharedOnABasis
from app.domain.state_machine import StateMachine
from app.domain.vocabulary import GUARDIANSHIP_AUTHORITY_KINDS, LevelOfNeed, OrganisationKind


class ReferralStatus(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REDIRECTED = "redirected"
    WITHDRAWN = "withdrawn"


class ReferralAction(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    REDIRECT = "redirect"
    WITHDRAW = "withdraw"
    # Assigning changes no state; it is in the table so that it is refused, with the same 409,
    # once the referral has been answered other than by acceptance.
    ASSIGN = "assign"


_S, _A = ReferralStatus, ReferralAction

REFERRAL_MACHINE: StateMachine[ReferralStatus, ReferralAction] = StateMachine(
    kind="referral",
    transitions={
        _S.RECEIVED: {
            _A.ACCEPT: _S.ACCEPTED,
            _A.DECLINE: _S.DECLINED,
            _A.REDIRECT: _S.REDIRECTED,
            _A.WITHDRAW: _S.WITHDRAWN,
            _A.ASSIGN: _S.RECEIVED,
        },
        _S.ACCEPTED: {_A.ASSIGN: _S.ACCEPTED},
        _S.DECLINED: {},
        _S.REDIRECTED: {},
        _S.WITHDRAWN: {},
    },
)

# The actions that answer the referral: they stop the response clock and say who answered.
RESPONSES = frozenset({_A.ACCEPT, _A.DECLINE, _A.REDIRECT})


def is_guardianship_authority(kind: str) -> bool:
    """Referrals go to the local or territorial guardianship authority, not to another school."""
    return kind in {str(k) for k in GUARDIANSHIP_AUTHORITY_KINDS}


def may_withdraw(actor_organisation_id: uuid.UUID, from_organisation_id: uuid.UUID) -> bool:
    """Only the institution that referred may take its referral back."""
    return actor_organisation_id == from_organisation_id


def may_answer(actor_organisation_id: uuid.UUID, to_organisation_id: uuid.UUID) -> bool:
    """Only the receiving authority answers a referral or assigns it to one of its people."""
    return actor_organisation_id == to_organisation_id


_REASON = Field(min_length=3, max_length=4000)


NEW_CHILD_PROTECTION_REFERRAL: JsonDict = {
    "concern_id": ex.CONCERN_ID,
    "to_organisation_id": ex.MAYORALTY_ID,
    "reason": "Școala nu poate asigura singură siguranța copilului acasă.",
}
NEW_REFERRAL_WITH_CONSENT: JsonDict = {
    "concern_id": ex.ABSENCE_CONCERN_ID,
    "to_organisation_id": ex.MAYORALTY_ID,
    "reason": "Absențe repetate; familia are nevoie de sprijin pe care școala nu îl poate oferi.",
    "legal_basis": CONSENT,
}
NEW_REFERRAL_ON_RECORDED_CONSENT: JsonDict = {
    "concern_id": ex.ABSENCE_CONCERN_ID,
    "to_organisation_id": ex.MAYORALTY_ID,
    "reason": "Absențe repetate; familia are nevoie de sprijin pe care școala nu îl poate oferi.",
    "sharing_basis_id": ex.CONSENT_ID,
}


class NewReferral(SharedOnABasis):
    """A routine or priority concern is referred with the family's consent (`legal_basis` or
    `sharing_basis_id`); a child-protection one rests on the exemption of Law 140/2013, recorded
    by default."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                NEW_CHILD_PROTECTION_REFERRAL,
                NEW_REFERRAL_WITH_CONSENT,
                NEW_REFERRAL_ON_RECORDED_CONSENT,
            ]
        }
    )

    concern_id: uuid.UUID
    to_organisation_id: uuid.UUID = Field(
        description=f"A guardianship authority: an organisation of kind "
        f"{OrganisationKind.MAYORALTY} or {OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE}."
    )
    reason: str = _REASON


ACCEPT_NEW_CASE: JsonDict = {"lead_professional_id": ex.SOCIAL_WORKER_ID}
ACCEPT_JOIN_CASE: JsonDict = {"case_id": ex.CASE_ID}
ACCEPT_AS_MULTI_AGENCY: JsonDict = {
    "lead_professional_id": ex.SOCIAL_WORKER_ID,
    "level_of_need": "multi_agency",
}


class AcceptReferral(Command):
    model_config = ConfigDict(
        json_schema_extra={"examples": [ACCEPT_NEW_CASE, ACCEPT_JOIN_CASE, ACCEPT_AS_MULTI_AGENCY]}
    )

    case_id: uuid.UUID | None = Field(
        default=None, description="Join the child's open case instead of opening a new one."
    )
    lead_professional_id: uuid.UUID | None = None
    level_of_need: LevelOfNeed | None = Field(
        default=None, description="Omit to derive it from the referral's urgency."
    )

    @field_validator("lead_professional_id", "level_of_need")
    @classmethod
    def _only_for_a_new_case(cls, value: object, info: ValidationInfo) -> object:
        # A case that already exists keeps its lead and level; silently ignoring them would lie.
        if value is not None and info.data.get("case_id") is not None:
            raise ValueError("Give this only when a new case is opened (without case_id).")
        return value


class DeclineReferral(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "reason": "Nu este nevoie de intervenție intersectorială: absențele sunt "
                    "motivate medical, iar școala continuă monitorizarea."
                }
            ]
        }
    )

    reason: str = _REASON


class RedirectReferral(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "to_organisation_id": ex.UNGHENI_MAYORALTY_ID,
                    "reason": "Familia s-a mutat la Ungheni în ianuarie; autoritatea tutelară "
                    "competentă este Primăria Ungheni.",
                }
            ]
        }
    )

    to_organisation_id: uuid.UUID
    reason: str = _REASON


class WithdrawReferral(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"reason": "Trimisă din greșeală pentru alt elev; o retragem."}]
        }
    )

    reason: str = _REASON


class AssignReferral(Command):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"assignee_id": ex.SOCIAL_WORKER_ID}]}
    )

    assignee_id: uuid.UUID


class Compare(StrEnum):
    """How a change time is compared with a bound (FHIR's date search prefixes, less those that
    name a range: `eq` is asked as `ge` and `lt` or `le`)."""

    GT = "gt"
    GE = "ge"
    LT = "lt"
    LE = "le"


@dataclass(frozen=True)
class ChangedBound:
    """One bound on when a referral last changed, counting the case it led to as part of it (a
    status feed's poll: "changed since my last poll", "changed on that day")."""

    compare: Compare
    at: datetime


class ReferralSearch(Command):
    status: ReferralStatus | None = None
    overdue: bool = False
    assignee_id: uuid.UUID | None = None
    to_organisation_id: uuid.UUID | None = None
    from_organisation_id: uuid.UUID | None = None
    child_id: uuid.UUID | None = None
    concern_id: uuid.UUID | None = None
