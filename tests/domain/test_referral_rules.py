import uuid

import pytest
from pydantic import ValidationError

from app.domain.errors import IllegalTransition
from app.domain.referrals import (
    REFERRAL_MACHINE,
    AcceptReferral,
    DeclineReferral,
    RedirectReferral,
    ReferralAction,
    ReferralStatus,
    WithdrawReferral,
    is_guardianship_authority,
    may_answer,
    may_withdraw,
)
from app.domain.vocabulary import OrganisationKind

LEGAL = {(s, a): t for s, a, t in REFERRAL_MACHINE.all_pairs()}


@pytest.mark.parametrize(("state", "action", "target"), REFERRAL_MACHINE.all_pairs())
def test_every_legal_transition(
    state: ReferralStatus, action: ReferralAction, target: ReferralStatus
) -> None:
    assert REFERRAL_MACHINE.next_state(state, action) is target


@pytest.mark.parametrize(
    ("state", "action"),
    [(s, a) for s in ReferralStatus for a in ReferralAction if (s, a) not in LEGAL],
)
def test_every_illegal_transition_names_what_is_legal(
    state: ReferralStatus, action: ReferralAction
) -> None:
    with pytest.raises(IllegalTransition) as caught:
        REFERRAL_MACHINE.next_state(state, action)
    assert caught.value.extra["legal_actions"] == REFERRAL_MACHINE.legal_actions(state)
    assert caught.value.extra["state"] == state


def test_the_flow_of_a_referral() -> None:
    assert REFERRAL_MACHINE.legal_actions(ReferralStatus.RECEIVED) == [
        "accept",
        "assign",
        "decline",
        "redirect",
        "withdraw",
    ]
    # An accepted referral can still be given to someone; nothing else.
    assert REFERRAL_MACHINE.legal_actions(ReferralStatus.ACCEPTED) == ["assign"]
    for answered in (ReferralStatus.DECLINED, ReferralStatus.REDIRECTED, ReferralStatus.WITHDRAWN):
        assert REFERRAL_MACHINE.is_final(answered)


def test_referrals_go_to_guardianship_authorities_only() -> None:
    assert is_guardianship_authority(OrganisationKind.MAYORALTY)
    assert is_guardianship_authority(OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE)
    for kind in (OrganisationKind.SCHOOL, OrganisationKind.POLICE_UNIT, OrganisationKind.CLINIC):
        assert not is_guardianship_authority(kind)


def test_the_referrer_withdraws_and_the_receiver_answers() -> None:
    school, mayoralty = uuid.uuid4(), uuid.uuid4()
    assert may_withdraw(school, school)
    assert not may_withdraw(mayoralty, school)
    assert may_answer(mayoralty, mayoralty)
    assert not may_answer(school, mayoralty)


@pytest.mark.parametrize("command", [DeclineReferral, WithdrawReferral])
def test_a_refusal_or_withdrawal_needs_a_reason(
    command: type[DeclineReferral] | type[WithdrawReferral],
) -> None:
    for body in ({}, {"reason": "no"}, {"reason": "   "}):
        with pytest.raises(ValidationError):
            command.model_validate(body)
    assert command.model_validate({"reason": "Nu ține de competența noastră."})


def test_a_redirect_names_where_and_why() -> None:
    with pytest.raises(ValidationError):
        RedirectReferral.model_validate({"to_organisation_id": str(uuid.uuid4())})


def test_joining_a_case_takes_no_lead_or_level() -> None:
    assert AcceptReferral.model_validate({}).case_id is None
    AcceptReferral.model_validate({"level_of_need": "multi_agency"})
    with pytest.raises(ValidationError) as caught:
        AcceptReferral.model_validate(
            {"case_id": str(uuid.uuid4()), "lead_professional_id": str(uuid.uuid4())}
        )
    assert caught.value.errors()[0]["loc"] == ("lead_professional_id",)
