"""Referring a story's concern to the mayoralty (the local guardianship authority), and the answers
that do not open a case: waiting, late, declined, redirected to the district directorate,
withdrawn by the school."""

from __future__ import annotations

from datetime import timedelta

from app.demo.clock import backdate_until_overdue
from app.demo.directory import Cast
from app.demo.population import DemoChild
from app.demo.stories import Path, Story
from app.domain.deadlines import utcnow
from app.domain.legal_basis import ConsentGiver, ConsentInput, LegalBasisKind, needs_consent
from app.domain.referrals import (
    AssignReferral,
    DeclineReferral,
    NewReferral,
    RedirectReferral,
    WithdrawReferral,
)
from app.persistence.tables.concerns import Concern
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork
from app.services import referrals


def consent_of(story: Story, child: DemoChild) -> ConsentInput | None:
    """A routine or priority concern is referred with the carer's consent, given the day the
    concern was seen, for a year; a child-protection one rests on the exemption the service
    records by default."""
    if not needs_consent(story.urgency):
        return None
    given = (utcnow() - timedelta(days=story.days_ago)).date()
    return ConsentInput(
        kind=LegalBasisKind.CONSENT,
        given_by_name=child.carer,
        given_by_relationship=ConsentGiver.PARENT,
        given_at=given,
        purpose="Referirea la autoritatea tutelară și sprijinul echipei din jurul copilului.",
        valid_until=given + timedelta(days=365),
    )


async def refer(
    uow: UnitOfWork, cast: Cast, story: Story, child: DemoChild, concern: Concern
) -> Referral:
    assert story.referral_reason is not None
    return await referrals.create_referral(
        uow,
        cast.actor(story.raised_by),
        NewReferral(
            concern_id=concern.id,
            to_organisation_id=cast.org("mayoralty"),
            reason=story.referral_reason,
            legal_basis=consent_of(story, child),
        ),
    )


async def answer(
    uow: UnitOfWork, cast: Cast, story: Story, concern: Concern, referral: Referral
) -> None:
    """Only the receiving mayoralty answers; only the referring institution withdraws."""
    mayoralty, referrer = cast.actor("social_worker"), cast.actor(story.raised_by)
    reason = story.reason or ""
    if story.path is Path.WAITING:
        await referrals.assign_referral(
            uow,
            mayoralty,
            referral.id,
            AssignReferral(assignee_id=mayoralty.professional_id),
            expected_version=None,
        )
    elif story.path is Path.WAITING_LATE:
        await backdate_until_overdue(
            uow, referral, overdue_by=timedelta(hours=10), together_with=[concern]
        )
    elif story.path is Path.DECLINED:
        await referrals.decline_referral(
            uow, mayoralty, referral.id, DeclineReferral(reason=reason), expected_version=None
        )
    elif story.path is Path.REDIRECTED:
        await referrals.redirect_referral(
            uow,
            mayoralty,
            referral.id,
            RedirectReferral(to_organisation_id=cast.org("directorate"), reason=reason),
            expected_version=None,
        )
    elif story.path is Path.WITHDRAWN:
        await referrals.withdraw_referral(
            uow, referrer, referral.id, WithdrawReferral(reason=reason), expected_version=None
        )
    else:
        raise ValueError(f"{story.path} is not a referral that stays without a case")
