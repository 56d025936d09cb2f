"""The legal basis rules as plain functions: a consent's status at a moment, who may consent, which
path needs which basis, and what the typed input refuses."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from app.domain.legal_basis import (
    CHILD_PROTECTION_REFERENCE,
    ConsentInput,
    ExemptionInput,
    LegalBasisInput,
    LegalBasisKind,
    SharedOnABasis,
    SharingBasisStatus,
    age_on,
    exemption_applies,
    exemption_grounds,
    legal_actions,
    may_consent_alone,
    needs_consent,
    status_at,
)
from app.domain.plans import today
from app.domain.vocabulary import Urgency

NOW = datetime(2025, 4, 2, 12, 0, tzinfo=UTC)
CONSENT, EXEMPTION = LegalBasisKind.CONSENT, LegalBasisKind.CHILD_PROTECTION_EXEMPTION
ACTIVE, EXPIRED, WITHDRAWN = (
    SharingBasisStatus.ACTIVE,
    SharingBasisStatus.EXPIRED,
    SharingBasisStatus.WITHDRAWN,
)
parse: TypeAdapter[Any] = TypeAdapter(LegalBasisInput)


def consent(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "consent",
        "given_by_name": "Elena Rusu",
        "given_by_relationship": "parent",
        "given_at": (today() - timedelta(days=3)).isoformat(),
        "purpose": "Referirea la autoritatea tutelară.",
    }
    body.update(overrides)
    return body


# ---- status ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_until", "withdrawn_at", "expected"),
    [
        (None, None, ACTIVE),
        (date(2025, 4, 2), None, ACTIVE),  # the last valid day is still covered
        (date(2025, 4, 1), None, EXPIRED),
        (None, NOW - timedelta(minutes=1), WITHDRAWN),
        (None, NOW, WITHDRAWN),
        (None, NOW + timedelta(minutes=1), ACTIVE),  # withdrawn later than the moment asked
        (date(2025, 3, 1), NOW - timedelta(days=60), WITHDRAWN),  # withdrawn before it expired
    ],
)
def test_a_consents_status_at_a_moment(
    valid_until: date | None, withdrawn_at: datetime | None, expected: SharingBasisStatus
) -> None:
    assert status_at(CONSENT, valid_until=valid_until, withdrawn_at=withdrawn_at, at=NOW) is (
        expected
    )


def test_the_exemption_is_always_in_force() -> None:
    status = status_at(EXEMPTION, valid_until=date(2000, 1, 1), withdrawn_at=NOW, at=NOW)
    assert status is ACTIVE
    assert legal_actions(EXEMPTION, ACTIVE) == []


def test_only_a_consent_in_force_can_be_withdrawn() -> None:
    assert legal_actions(CONSENT, ACTIVE) == ["withdraw"]
    assert legal_actions(CONSENT, EXPIRED) == []
    assert legal_actions(CONSENT, WITHDRAWN) == []


# ---- paths and ages --------------------------------------------------------------------------


def test_which_path_needs_which_basis() -> None:
    assert needs_consent(Urgency.ROUTINE)
    assert needs_consent(Urgency.PRIORITY)
    assert not needs_consent(Urgency.CHILD_PROTECTION)
    assert exemption_applies(Urgency.CHILD_PROTECTION)
    assert not exemption_applies(Urgency.ROUTINE)
    assert not exemption_applies(Urgency.PRIORITY)


def test_a_child_consents_alone_from_the_14th_birthday() -> None:
    born = date(2011, 4, 2)
    assert age_on(born, date(2025, 4, 1)) == 13
    assert not may_consent_alone(born, date(2025, 4, 1))
    assert may_consent_alone(born, date(2025, 4, 2))
    leap = date(2012, 2, 29)
    assert age_on(leap, date(2026, 2, 28)) == 13
    assert age_on(leap, date(2026, 3, 1)) == 14


def test_the_default_grounds_name_the_risk() -> None:
    assert "violence" in exemption_grounds("violence")
    assert "begging or vagrancy" in exemption_grounds("begging_or_vagrancy")
    assert "risk to the child" in exemption_grounds(None)


# ---- typed input -----------------------------------------------------------------------------


def test_the_kind_chooses_the_fields() -> None:
    parsed = parse.validate_python(consent())
    assert isinstance(parsed, ConsentInput)
    exemption = parse.validate_python({"kind": "child_protection_exemption", "grounds": "Abuz"})
    assert isinstance(exemption, ExemptionInput)
    assert exemption.legal_reference == CHILD_PROTECTION_REFERENCE
    with pytest.raises(ValidationError):
        parse.validate_python({"kind": "child_protection_exemption"})  # grounds required
    with pytest.raises(ValidationError):
        parse.validate_python({**consent(), "grounds": "not a consent field"})
    with pytest.raises(ValidationError):
        parse.validate_python({"kind": "hearsay", "grounds": "x"})


@pytest.mark.parametrize(
    "overrides",
    [
        {"given_at": (today() + timedelta(days=2)).isoformat()},  # in the future
        {"given_by_name": ""},
        {"purpose": "  "},
        {"given_by_relationship": "neighbour"},
        {"valid_until": (today() - timedelta(days=3)).isoformat()},  # not after given_at
        {"valid_until": (today() - timedelta(days=10)).isoformat()},
    ],
)
def test_a_consent_that_cannot_be_is_refused(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        parse.validate_python(consent(**overrides))


def test_a_new_basis_or_a_recorded_one_not_both() -> None:
    SharedOnABasis.model_validate({"legal_basis": consent()})
    SharedOnABasis.model_validate({"sharing_basis_id": "5d0c8f4e-2b7a-4c1e-9a36-8f1b2e4d7c90"})
    SharedOnABasis.model_validate({})
    with pytest.raises(ValidationError, match="not both"):
        SharedOnABasis.model_validate(
            {"legal_basis": consent(), "sharing_basis_id": "5d0c8f4e-2b7a-4c1e-9a36-8f1b2e4d7c90"}
        )
