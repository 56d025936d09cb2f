"""Break-the-glass review: the data protection officer's judgement on each emergency opening.

A professional may open a record outside their scope in an emergency (`access_policy`); the
opening is flagged `pending` until the data protection officer says whether the emergency
justified it. The review is final: a judgement that could be quietly redone would not hold
anyone to account, so a second review is refused and a correction is a matter for the officer's
own records, not an overwrite here.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from app.domain.actor import Actor
from app.domain.commands import Command
from app.domain.errors import Forbidden, IllegalTransition
from app.domain.labels import Labels
from app.domain.vocabulary import Role

KIND = "break-the-glass opening"


class ReviewOutcome(StrEnum):
    """What the data protection officer concludes about an opening."""

    JUSTIFIED = "justified"
    UNJUSTIFIED = "unjustified"


REVIEW_OUTCOME_LABELS: dict[ReviewOutcome, Labels] = {
    ReviewOutcome.JUSTIFIED: Labels("Justificată", "Обоснованно", "Justified"),
    ReviewOutcome.UNJUSTIFIED: Labels("Nejustificată", "Необоснованно", "Unjustified"),
}


class ReviewStatus(StrEnum):
    """Where an opening stands: waiting for review, or the outcome it was given."""

    PENDING = "pending"
    JUSTIFIED = "justified"
    UNJUSTIFIED = "unjustified"


REVIEW = "review"
"""The one action on an opening, legal while it is pending."""


def legal_actions(status: ReviewStatus) -> list[str]:
    return [REVIEW] if status is ReviewStatus.PENDING else []


def check_reviewable(status: ReviewStatus) -> None:
    """Only a pending opening may be reviewed; a reviewed one is final (409, nothing legal)."""
    if status is not ReviewStatus.PENDING:
        raise IllegalTransition.build(KIND, status.value, REVIEW, legal_actions(status))


def reviewed_status(outcome: ReviewOutcome) -> ReviewStatus:
    return ReviewStatus(outcome.value)


def check_may_review(actor: Actor) -> None:
    """Openings name the child, the record and the emergency as the opener told it: they are for
    the officer who reviews them, and no one else, not even the opener's supervisor."""
    if not actor.has_role(Role.DATA_PROTECTION_OFFICER):
        raise Forbidden(
            "Only the data protection officer may see and review break-the-glass openings."
        )


JUSTIFIED: JsonDict = {
    "outcome": "justified",
    "note": "Copilul era dat dispărut; poliția căuta părinții în timpul nopții.",
}
UNJUSTIFIED: JsonDict = {
    "outcome": "unjustified",
    "note": "Nu exista o urgență: cazul era deja preluat de primărie. Discutat cu șeful "
    "inspectoratului.",
}


class ReviewOpening(Command):
    """The officer's conclusion. An opening found unjustified says why, so that the finding can be
    acted on (a talk with the opener's organisation, a report) and checked later."""

    model_config = ConfigDict(json_schema_extra={"examples": [JUSTIFIED, UNJUSTIFIED]})

    outcome: ReviewOutcome
    note: str | None = Field(default=None, min_length=1, max_length=2000)

    @model_validator(mode="after")
    def _note_when_unjustified(self) -> ReviewOpening:
        if self.outcome is ReviewOutcome.UNJUSTIFIED and not self.note:
            raise ValueError("Say why the opening was unjustified in `note`.")
        return self


class OpeningSearch(Command):
    review_status: ReviewStatus | None = None
    child_id: uuid.UUID | None = None
