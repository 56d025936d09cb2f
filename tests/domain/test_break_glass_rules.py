"""Break-the-glass review rules, without a database: who may review, once, and the note."""

from __future__ import annotations

import uuid

import pytest
from pydantic import ValidationError

from app.domain.actor import Actor
from app.domain.break_glass import (
    ReviewOpening,
    ReviewOutcome,
    ReviewStatus,
    check_may_review,
    check_reviewable,
    legal_actions,
    reviewed_status,
)
from app.domain.errors import Forbidden, IllegalTransition
from app.domain.vocabulary import Role, Sector


def actor(*roles: Role) -> Actor:
    return Actor(uuid.uuid4(), uuid.uuid4(), Sector.SOCIAL_ASSISTANCE, "calarasi", frozenset(roles))


def test_only_a_pending_opening_may_be_reviewed() -> None:
    assert legal_actions(ReviewStatus.PENDING) == ["review"]
    check_reviewable(ReviewStatus.PENDING)
    for outcome in ReviewOutcome:
        done = reviewed_status(outcome)
        assert done.value == outcome.value
        assert legal_actions(done) == []
        with pytest.raises(IllegalTransition) as refused:
            check_reviewable(done)
        assert refused.value.extra["legal_actions"] == []


def test_only_the_data_protection_officer_may_review() -> None:
    check_may_review(actor(Role.DATA_PROTECTION_OFFICER))
    for role in (Role.SUPERVISOR, Role.CASE_MANAGER, Role.ADMINISTRATOR):
        with pytest.raises(Forbidden):
            check_may_review(actor(role))


def test_an_unjustified_finding_says_why() -> None:
    assert ReviewOpening(outcome=ReviewOutcome.JUSTIFIED).note is None
    with pytest.raises(ValidationError, match="note"):
        ReviewOpening(outcome=ReviewOutcome.UNJUSTIFIED)
    with pytest.raises(ValidationError):
        ReviewOpening.model_validate({"outcome": "unjustified", "note": "   "})
    found = ReviewOpening.model_validate({"outcome": "unjustified", "note": " Nu era urgent. "})
    assert found.note == "Nu era urgent."
