"""What followed a concern, read for its status: a fixed number of statements, whatever the
number of referrals (a chain of redirections) or of actions asked of the institution."""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from app.domain.plans import PlanStatus
from app.persistence.tables.cases import Case
from app.persistence.tables.organisations import Organisation
from app.persistence.tables.plans import Plan, PlanAction
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork


async def referrals_of(uow: UnitOfWork, concern_id: uuid.UUID) -> list[tuple[Referral, str]]:
    """The concern's referrals, oldest first, each with the name of the authority it went to."""
    stmt = (
        select(Referral, Organisation.name)
        .join(Organisation, col(Organisation.id) == col(Referral.to_organisation_id))
        .where(Referral.concern_id == concern_id)
        .order_by(col(Referral.created_at), col(Referral.id))
    )
    return [(referral, name) for referral, name in (await uow.session.exec(stmt)).all()]


async def case(uow: UnitOfWork, case_id: uuid.UUID) -> Case | None:
    return await uow.session.get(Case, case_id)


async def actions_for(
    uow: UnitOfWork, case_id: uuid.UUID, organisation_id: uuid.UUID
) -> list[PlanAction]:
    """The actions of the case's plans that one organisation is responsible for, oldest first.
    A draft plan asks nothing of anyone yet, so its actions are left out."""
    stmt = (
        select(PlanAction)
        .join(Plan, col(Plan.id) == col(PlanAction.plan_id))
        .where(
            Plan.case_id == case_id,
            Plan.status != PlanStatus.DRAFT.value,
            PlanAction.responsible_organisation_id == organisation_id,
        )
        .order_by(col(PlanAction.created_at), col(PlanAction.id))
    )
    return list((await uow.session.exec(stmt)).all())
