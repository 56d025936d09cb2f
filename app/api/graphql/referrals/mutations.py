"""Referring a concern, and the authority's answer: the REST actions, one mutation each."""

from __future__ import annotations

import strawberry

from app.api.graphql.mutations import mutation
from app.api.graphql.referrals.types import Referral
from app.domain.referrals import (
    AcceptReferral,
    AssignReferral,
    DeclineReferral,
    NewReferral,
    RedirectReferral,
    WithdrawReferral,
)
from app.services import referrals as service

R = "/referrals/{referral_id}"


@strawberry.type
class ReferralMutations:
    create_referral = mutation(
        Referral,
        command=NewReferral,
        run=lambda uow, a, data: service.create_referral(uow, a, data),
        method="POST",
        path="/referrals",
        description="Refer a concern to a guardianship authority.",
    )
    accept_referral = mutation(
        Referral,
        target="Referral",
        command=AcceptReferral,
        input_required=False,
        run=lambda uow, a, ident, data, expected_version: service.accept_referral(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path=f"{R}/accept",
        description="Accept a referral: join the child's open case, or open a new one.",
    )
    decline_referral = mutation(
        Referral,
        target="Referral",
        command=DeclineReferral,
        run=lambda uow, a, ident, data, expected_version: service.decline_referral(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path=f"{R}/decline",
        description="Decline a referral, saying why; the referrer sees the reason.",
    )
    redirect_referral = mutation(
        Referral,
        target="Referral",
        command=RedirectReferral,
        run=lambda uow, a, ident, data, expected_version: service.redirect_referral(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path=f"{R}/redirect",
        description="Send a referral on to another guardianship authority.",
    )
    withdraw_referral = mutation(
        Referral,
        target="Referral",
        command=WithdrawReferral,
        run=lambda uow, a, ident, data, expected_version: service.withdraw_referral(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path=f"{R}/withdraw",
        description="Withdraw a referral the caller's institution made.",
    )
    assign_referral = mutation(
        Referral,
        target="Referral",
        command=AssignReferral,
        run=lambda uow, a, ident, data, expected_version: service.assign_referral(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path=f"{R}/assign",
        description="Assign a referral to a professional of the receiving authority.",
    )
