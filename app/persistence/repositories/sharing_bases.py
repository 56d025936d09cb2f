from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlmodel import col, select

from app.persistence.tables.cases import TeamMember
from app.persistence.tables.referrals import Referral
from app.persistence.tables.sharing_bases import SharingBasis
from app.persistence.uow import UnitOfWork


async def by_ids(uow: UnitOfWork, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, SharingBasis]:
    """The bases a page of referrals or team members rests on, in one statement."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    stmt = select(SharingBasis).where(col(SharingBasis.id).in_(wanted))
    return {b.id: b for b in (await uow.session.exec(stmt)).all()}


async def organisations_relying_on(uow: UnitOfWork, basis_id: uuid.UUID) -> list[uuid.UUID]:
    """Every organisation whose referral or team membership rests on the basis: they are the
    ones to hear that it was withdrawn."""
    referrals = select(Referral.from_organisation_id, Referral.to_organisation_id).where(
        Referral.sharing_basis_id == basis_id
    )
    members = select(TeamMember.organisation_id).where(TeamMember.sharing_basis_id == basis_id)
    found: dict[uuid.UUID, None] = {}
    for sent, received in (await uow.session.exec(referrals)).all():
        found |= {sent: None, received: None}
    for organisation in (await uow.session.exec(members)).all():
        found[organisation] = None
    return list(found)


async def opening_referral_basis(uow: UnitOfWork, case_id: uuid.UUID) -> uuid.UUID | None:
    """The basis of the first referral that led to the case."""
    stmt = (
        select(Referral.sharing_basis_id)
        .where(Referral.case_id == case_id)
        .order_by(col(Referral.created_at), col(Referral.id))
        .limit(1)
    )
    return (await uow.session.exec(stmt)).first()
