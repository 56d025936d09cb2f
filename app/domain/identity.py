"""Identity review tasks and merges: the words and inputs, without a framework."""

from __future__ import annotations

from enum import StrEnum

from pydantic import ConfigDict

from app.domain.commands import Command


class IdentityReviewStatus(StrEnum):
    OPEN = "open"
    SAME = "same"
    """One child: the new record was merged into the candidate."""
    DIFFERENT = "different"
    """Two children: both records stay."""


class IdentityDecision(StrEnum):
    SAME = "same"
    DIFFERENT = "different"


class DecideIdentity(Command):
    """A social worker's answer to "is this the child we already know?"."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"decision": "same"}, {"decision": "different"}]}
    )

    decision: IdentityDecision


DECIDE = "decide"


def legal_actions(status: str) -> list[str]:
    return [DECIDE] if status == IdentityReviewStatus.OPEN else []
