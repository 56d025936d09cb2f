"""The legal basis for sharing a child's data: every referral and every team membership has one.

Sharing is lawful either on **consent** — given by a parent, legal representative or guardian, or
by the child from 14 years, for a stated purpose, possibly until a date, and withdrawable at any
time — or on the **child-protection exemption**: on the child-protection path (suspected violence,
neglect, exploitation or trafficking; Law 140/2013 art. 8, GD 270/2014) the guardianship authority
is told and acts without waiting for anyone's consent. A routine or priority concern has no such
exemption: it is shared with the family's consent or not at all.

The status of a consent is not stored: it is `active`, `expired` or `withdrawn` at a moment, so it
can never disagree with its dates.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from app.domain.commands import Command
from app.domain.dates import Day, PastDay
from app.domain.labels import Labels
from app.domain.vocabulary import Urgency


class LegalBasisKind(StrEnum):
    CONSENT = "consent"
    CHILD_PROTECTION_EXEMPTION = "child_protection_exemption"


LEGAL_BASIS_KIND_LABELS: dict[LegalBasisKind, Labels] = {
    LegalBasisKind.CONSENT: Labels("Consimțământ", "Согласие", "Consent"),
    LegalBasisKind.CHILD_PROTECTION_EXEMPTION: Labels(
        "Excepția de protecție a copilului (Legea 140/2013)",
        "Исключение в целях защиты ребёнка (Закон 140/2013)",
        "Child-protection exemption (Law 140/2013)",
    ),
}


class ConsentGiver(StrEnum):
    """Who gave the consent, in relation to the child."""

    PARENT = "parent"
    LEGAL_REPRESENTATIVE = "legal_representative"
    GUARDIAN = "guardian"
    CHILD = "child"


CONSENT_GIVER_LABELS: dict[ConsentGiver, Labels] = {
    ConsentGiver.PARENT: Labels("Părinte", "Родитель", "Parent"),
    ConsentGiver.LEGAL_REPRESENTATIVE: Labels(
        "Reprezentant legal", "Законный представитель", "Legal representative"
    ),
    ConsentGiver.GUARDIAN: Labels("Tutore sau curator", "Опекун или попечитель", "Guardian"),
    ConsentGiver.CHILD: Labels("Copilul (de la 14 ani)", "Ребёнок (с 14 лет)", "The child (14+)"),
}


class SharingBasisStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


WITHDRAW = "withdraw"

# A child consents on their own from this age (Law 133/2011 and the Civil Code's 14-year
# threshold); a younger child's consent is given by a parent, guardian or legal representative.
CHILD_CONSENT_AGE = 14

CHILD_PROTECTION_REFERENCE = "Legea nr. 140/2013, art. 8; HG nr. 270/2014 (protecția copilului)"
"""Where the exemption comes from, unless the caller names a more precise provision."""


# ---- rules -----------------------------------------------------------------------------------


def needs_consent(urgency: Urgency) -> bool:
    """Off the child-protection path, data is shared only with consent."""
    return urgency is not Urgency.CHILD_PROTECTION


def exemption_applies(urgency: Urgency) -> bool:
    """The exemption belongs to the child-protection path and to nothing else."""
    return urgency is Urgency.CHILD_PROTECTION


def age_on(birth_date: date, day: date) -> int:
    """Full years on `day` (a child born on 29 February has their birthday on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def may_consent_alone(birth_date: date, on: date) -> bool:
    return age_on(birth_date, on) >= CHILD_CONSENT_AGE


def status_at(
    kind: LegalBasisKind,
    *,
    valid_until: date | None,
    withdrawn_at: datetime | None,
    at: datetime,
) -> SharingBasisStatus:
    """A consent is withdrawn from its withdrawal, expired after its last valid day (inclusive,
    as a UTC date like every date here), else active. The exemption is always in force: it does
    not depend on anyone's will."""
    if kind is LegalBasisKind.CHILD_PROTECTION_EXEMPTION:
        return SharingBasisStatus.ACTIVE
    if withdrawn_at is not None and withdrawn_at <= at:
        return SharingBasisStatus.WITHDRAWN
    if valid_until is not None and valid_until < at.date():
        return SharingBasisStatus.EXPIRED
    return SharingBasisStatus.ACTIVE


def legal_actions(kind: LegalBasisKind, status: SharingBasisStatus) -> list[str]:
    """Only a consent still in force can be withdrawn."""
    if kind is LegalBasisKind.CONSENT and status is SharingBasisStatus.ACTIVE:
        return [WITHDRAW]
    return []


def exemption_grounds(risk_category: str | None) -> str:
    """The grounds recorded when a child-protection referral comes without a basis of its own."""
    named = risk_category.replace("_", " ") if risk_category else "a risk to the child"
    return f"Child-protection concern: suspected {named} (recorded automatically)."


# ---- typed input -----------------------------------------------------------------------------

CONSENT: JsonDict = {
    "kind": "consent",
    "given_by_name": "Ludmila Căpățînă",
    "given_by_relationship": "parent",
    "given_at": "2025-03-17",
    "purpose": "Referirea la autoritatea tutelară și evaluarea nevoilor familiei.",
    "valid_until": "2026-03-17",
}
EXEMPTION: JsonDict = {
    "kind": "child_protection_exemption",
    "grounds": "Suspiciune de violență în familie: vânătăi și frica de a merge acasă.",
}


class ConsentInput(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [CONSENT]})

    kind: Literal[LegalBasisKind.CONSENT]
    given_by_name: str = Field(min_length=2, max_length=200, description="Who consented.")
    given_by_relationship: ConsentGiver = Field(
        description="A parent, legal representative or guardian; or the child from 14 years."
    )
    given_at: PastDay = Field(description="The day the consent was given; not in the future.")
    purpose: str = Field(
        min_length=3, max_length=2000, description="What the data may be shared for."
    )
    valid_until: Day | None = Field(
        default=None, description="The last day the consent covers; open-ended when omitted."
    )

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> ConsentInput:
        if self.valid_until is not None and self.valid_until <= self.given_at:
            raise ValueError("valid_until must be after given_at.")
        return self


class ExemptionInput(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [EXEMPTION]})

    kind: Literal[LegalBasisKind.CHILD_PROTECTION_EXEMPTION]
    grounds: str = Field(
        min_length=3, max_length=2000, description="Why the child-protection path applies."
    )
    legal_reference: str = Field(default=CHILD_PROTECTION_REFERENCE, min_length=3, max_length=300)


LegalBasisInput = Annotated[ConsentInput | ExemptionInput, Field(discriminator="kind")]
"""A new basis, recorded with the referral or team membership it allows."""

LEGAL_BASIS_DESCRIPTION = (
    "The legal basis for sharing the child's data: the consent of a parent, guardian, legal "
    "representative or the child from 14 (required off the child-protection path), or the "
    "child-protection exemption of Law 140/2013 (only on that path, and the default there)."
)


class WithdrawConsent(Command):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"reason": "Mama a retras consimțământul în scris la primărie, pe 2 aprilie."}
            ]
        }
    )

    reason: str = Field(min_length=3, max_length=2000)


class SharedOnABasis(Command):
    """The two ways a referral or team membership names its basis: a new one, or one already
    recorded for the child (a consent the family gave for the case covers its team)."""

    legal_basis: LegalBasisInput | None = Field(default=None, description=LEGAL_BASIS_DESCRIPTION)
    sharing_basis_id: uuid.UUID | None = Field(
        default=None,
        description="Instead of `legal_basis`: a basis already recorded for this child, still in "
        "force.",
    )

    @model_validator(mode="after")
    def _one_basis(self) -> SharedOnABasis:
        if self.legal_basis is not None and self.sharing_basis_id is not None:
            raise ValueError("Send either legal_basis or sharing_basis_id, not both.")
        return self
