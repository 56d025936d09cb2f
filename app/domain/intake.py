"""What a sector system tells us, in one canonical shape, whatever standard it spoke.

Every adapter in `app.integrations` (school registries, clinics over FHIR or HL7 v2, police
incident reports) translates its own message into an `InboundConcern`; one service
(`app.services.intake`) then finds or registers the child, records the concern for the
institution the message speaks for, and refers it when asked. Intake is idempotent on the pair
(sending OAuth client, `external_id`): a message sent twice yields the concern of the first.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from app.domain import examples as ex
from app.domain.children import BirthDate, Idnp
from app.domain.commands import Command
from app.domain.concerns import CHILD_WORDS, CONCERN_DESCRIPTION, Indicators, ObservedAt
from app.domain.legal_basis import LegalBasisInput
from app.domain.vocabulary import RiskCategory, Sex, Urgency

EXTERNAL_ID = Field(
    min_length=1,
    max_length=200,
    pattern=r"^[\x21-\x7e]+$",
    description="The sender's own id for this message or record: sending it again with the same "
    "id returns what the first one created, never a second concern.",
)


class InboxStatus(StrEnum):
    """What became of a message kept in the inbox."""

    RECEIVED = "received"
    """Kept, not yet processed (or being processed)."""
    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    """A message with an external id already taken in: it answered with what the first created."""
    FAILED = "failed"
    """Could not be mapped or was refused; visible, correctable and re-processable."""


class MatchMethod(StrEnum):
    """How the child a message names was found."""

    IDNP = "idnp"
    IDENTIFIER = "identifier"
    """A sector identifier already linked to a child."""
    DEMOGRAPHICS = "demographics"
    """Name, birth date and locality scored above the automatic-link threshold."""
    REVIEW = "review"
    """Scored in the middle band: registered as a new child, with a review task asking a social
    worker whether it is one already known."""
    NEW = "new"


PUPIL: JsonDict = {
    "idnp": ex.STEFAN_CAPATINA_IDNP,
    "identifier": "E-2019-004512",
    "given_name": "Ștefan",
    "family_name": "Căpățînă",
    "birth_date": "2012-04-10",
    "sex": "male",
    "territory_code": "calarasi",
    "locality_code": "calarasi/calarasi",
}
ABSENCES: JsonDict = {
    "external_id": "SIIME-ABS-2025-03-0042",
    "child": PUPIL,
    "organisation_ref": "MD-SCH-0417",
    "indicators": ["achieving", "included"],
    "description": "14 absențe nemotivate în ultimele 30 de zile; nu a răspuns la telefon.",
    "observed_at": ex.OBSERVED_AT,
    "urgency": "priority",
}
INJURIES: JsonDict = {
    "external_id": "CS-CAL-2025-000913",
    "child": {
        "identifier": "FM-88213",
        "given_name": "Ana",
        "family_name": "Rusu",
        "birth_date": "2014-03-01",
        "sex": "female",
    },
    "indicators": ["safe", "healthy"],
    "description": "Echimoze pe antebrațe, explicații contradictorii ale însoțitorului.",
    "observed_at": ex.OBSERVED_AT,
    "urgency": "child_protection",
    "risk_category": "violence",
    "referral": {"reason": "Suspiciune de violență fizică; examinare la 11.03."},
}


class ChildIdentity(Command):
    """Whatever the sender knows of the child: enough to find them, and to register them when
    nobody matches (names, birth date; the territory defaults to the institution's)."""

    model_config = ConfigDict(json_schema_extra={"examples": [PUPIL]})

    idnp: Idnp | None = None
    identifier: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="The sender's own id for the child (a registry `sourcedId`, a medical record "
        "number, a police person id). Linked to the child, so later messages find them by it.",
    )
    identifier_system: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="Whose id `identifier` is; by default the sending client's id.",
    )
    given_name: str | None = Field(default=None, min_length=1, max_length=80)
    family_name: str | None = Field(default=None, min_length=1, max_length=80)
    patronymic: str | None = Field(default=None, max_length=80)
    birth_date: BirthDate | None = None
    sex: Sex = Sex.UNKNOWN
    territory_code: str | None = Field(default=None, min_length=1, max_length=32)
    locality_code: str | None = Field(default=None, min_length=1, max_length=64)

    @model_validator(mode="after")
    def _findable(self) -> ChildIdentity:
        named = self.given_name and self.family_name and self.birth_date
        if not (self.idnp or self.identifier or named):
            raise ValueError(
                "Identify the child by IDNP, by your identifier for them, or by given name, "
                "family name and birth date."
            )
        return self


class InboundReferral(Command):
    """Refer the concern to the guardianship authority as soon as it is recorded."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"reason": "Suspiciune de violență fizică."}]}
    )

    to_organisation_id: uuid.UUID | None = Field(
        default=None,
        description="A guardianship authority; by default the one of the child's locality, else "
        "of the child's territory.",
    )
    reason: str = Field(min_length=3, max_length=4000)
    legal_basis: LegalBasisInput | None = Field(
        default=None,
        description="Omit on the child-protection path: the exemption of Law 140/2013 applies.",
    )


class InboundConcern(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [ABSENCES, INJURIES]})

    external_id: str = EXTERNAL_ID
    child: ChildIdentity
    organisation_id: uuid.UUID | None = Field(
        default=None,
        description="The institution the concern is recorded for, when the sender speaks for "
        "several (a national registry for its schools); by default the sender's own.",
    )
    organisation_ref: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="Instead of `organisation_id`: your own id for the institution (a school's "
        "`sourcedId`), which an administrator has linked to it.",
    )
    assignee_id: uuid.UUID | None = Field(
        default=None,
        description="Who decides the concern (the institution's designated person); by default "
        "the institution's designated person, if it has one.",
    )
    indicators: Indicators
    description: str = CONCERN_DESCRIPTION
    observed_at: ObservedAt
    child_words: str | None = CHILD_WORDS
    urgency: Urgency
    risk_category: RiskCategory | None = None
    referral: InboundReferral | None = None

    @model_validator(mode="after")
    def _one_institution(self) -> InboundConcern:
        if self.organisation_id is not None and self.organisation_ref is not None:
            raise ValueError("Send organisation_id or organisation_ref, not both.")
        return self
