"""Withdrawing a consent, on the family's word."""

from __future__ import annotations

import strawberry

from app.api.graphql.mutations import mutation
from app.api.graphql.sharing_bases.types import SharingBasis
from app.domain.legal_basis import WithdrawConsent
from app.services import sharing_bases as service


@strawberry.type
class SharingBasisMutations:
    withdraw_consent = mutation(
        SharingBasis,
        target="SharingBasis",
        command=WithdrawConsent,
        run=lambda uow, a, ident, data, expected_version: service.withdraw_consent(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path="/sharing-bases/{sharing_basis_id}/withdraw",
        description="Withdraw a consent in force, saying why. What rests on it then shows it "
        "withdrawn, and it cannot be used again; the child-protection exemption cannot be "
        "withdrawn (code illegal-transition).",
    )
