"""The legal basis for sharing a child's data: reading one, and withdrawing a consent."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from fastapi import APIRouter, Response
from pydantic import ConfigDict, Field
from pydantic.config import JsonDict

from app.api.rest.deps import CurrentActor, ExpectedVersion, Uow, set_etag
from app.api.rest.responses import CHANGE, READ
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.legal_basis import CHILD_PROTECTION_REFERENCE, WithdrawConsent
from app.persistence.tables.sharing_bases import SharingBasis
from app.services import sharing_bases as service
from app.services.sharing_bases import Bases

router = APIRouter(prefix="/sharing-bases", tags=["sharing bases"])

_NO_CONSENT: JsonDict = {
    "given_by_name": None,
    "given_by_relationship": None,
    "given_at": None,
    "purpose": None,
    "valid_until": None,
}
_NOT_WITHDRAWN: JsonDict = {
    "withdrawn_at": None,
    "withdrawn_by_id": None,
    "withdrawal_reason": None,
}
EXEMPTION_SHOWN: JsonDict = {
    "id": ex.SHARING_BASIS_ID,
    "kind": "child_protection_exemption",
    "status": "active",
    **_NO_CONSENT,
    "grounds": "Child-protection concern: suspected violence (recorded automatically).",
    "legal_reference": CHILD_PROTECTION_REFERENCE,
    "recorded_by_id": ex.DESIGNATED_PERSON_ID,
    "recorded_at": ex.REFERRED_AT,
    **_NOT_WITHDRAWN,
}
CONSENT_SHOWN: JsonDict = {
    "id": ex.CONSENT_ID,
    "kind": "consent",
    "status": "active",
    "given_by_name": "Ludmila Căpățînă",
    "given_by_relationship": "parent",
    "given_at": "2025-03-17",
    "purpose": "Referirea la autoritatea tutelară și evaluarea nevoilor familiei.",
    "valid_until": "2026-03-17",
    "grounds": None,
    "legal_reference": None,
    "recorded_by_id": ex.DESIGNATED_PERSON_ID,
    "recorded_at": "2025-03-18T08:30:00Z",
    **_NOT_WITHDRAWN,
}
CONSENT_WITHDRAWN: JsonDict = {
    **CONSENT_SHOWN,
    "status": "withdrawn",
    "withdrawn_at": "2025-04-02T12:10:00Z",
    "withdrawn_by_id": ex.SOCIAL_WORKER_ID,
    "withdrawal_reason": "Mama a retras consimțământul în scris la primărie, pe 2 aprilie.",
}


class LegalBasisView(View):
    """The basis a referral or team membership rests on, and its status now: a consent is
    `active`, `expired` (after `valid_until`) or `withdrawn`; the exemption is always `active`.
    Null on records made before bases were recorded."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXEMPTION_SHOWN, CONSENT_SHOWN]})

    id: uuid.UUID
    kind: str
    status: str
    given_by_name: str | None
    given_by_relationship: str | None
    given_at: date | None
    purpose: str | None
    valid_until: date | None
    grounds: str | None
    legal_reference: str | None
    recorded_by_id: uuid.UUID | None = Field(
        description="The professional who recorded it; null when a sector system did."
    )
    recorded_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by_id: uuid.UUID | None
    withdrawal_reason: str | None


class SharingBasisView(LegalBasisView):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **CONSENT_WITHDRAWN,
                    "child_id": ex.STEFAN_CAPATINA_ID,
                    "legal_actions": [],
                    "version": 2,
                    "created_at": "2025-03-18T08:30:00Z",
                    "updated_at": "2025-04-02T12:10:00Z",
                }
            ]
        }
    )

    child_id: uuid.UUID
    legal_actions: list[str] = Field(default_factory=list)
    version: int
    created_at: datetime
    updated_at: datetime


def legal_basis_view(basis_id: uuid.UUID | None, bases: Bases) -> LegalBasisView | None:
    """The basis a shown record rests on, from the bases loaded for the page it is on."""
    basis = bases.get(basis_id) if basis_id is not None else None
    if basis is None:
        return None
    return LegalBasisView.model_validate(
        {**basis.model_dump(), "status": service.status_of(basis).value}
    )


def _answer(basis: SharingBasis, response: Response) -> SharingBasisView:
    set_etag(response, basis.version)
    return SharingBasisView.model_validate(
        {
            **basis.model_dump(),
            "status": service.status_of(basis).value,
            "legal_actions": service.actions_of(basis),
        }
    )


@router.get(
    "/{sharing_basis_id}",
    summary="Read a legal basis for sharing",
    description="A consent (who gave it, when, for what purpose, until when, and whether it was "
    "withdrawn) or a child-protection exemption (grounds, legal reference), with its `status` "
    "now and `legal_actions`. Reading it is a disclosure of the child's data and is recorded. "
    "The ETag is its version, for `If-Match`.",
    responses=READ,
)
async def get_sharing_basis(
    uow: Uow, actor: CurrentActor, sharing_basis_id: uuid.UUID, response: Response
) -> SharingBasisView:
    return _answer(await service.get_sharing_basis(uow, actor, sharing_basis_id), response)


@router.post(
    "/{sharing_basis_id}/withdraw",
    summary="Withdraw a consent",
    description="The family (or the child who consented) takes the consent back; the reason is "
    "required. The referrals and team memberships resting on it then show "
    '`legal_basis.status = "withdrawn"`, and it cannot be used for new ones. Only a consent '
    "in force can be withdrawn: the child-protection exemption does not rest on anyone's will "
    "(409). Requires `If-Match`.",
    responses=CHANGE,
)
async def withdraw_consent(
    uow: Uow,
    actor: CurrentActor,
    sharing_basis_id: uuid.UUID,
    data: WithdrawConsent,
    expected_version: ExpectedVersion,
    response: Response,
) -> SharingBasisView:
    basis = await service.withdraw_consent(
        uow, actor, sharing_basis_id, data, expected_version=expected_version
    )
    return _answer(basis, response)
