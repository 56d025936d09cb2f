"""Observations and concerns: routine monitoring, the concern each story starts from, and what the
institution decides when it keeps the concern itself."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import timedelta

from app.demo.casefiles import OBSERVATION_NOTES
from app.demo.clock import backdate_until_overdue
from app.demo.directory import Cast
from app.demo.plans import carry_out, review, write_plan
from app.demo.population import DemoChild
from app.demo.stories import Story
from app.demo.users import DEMO_USERS
from app.domain.concerns import ActInInstitution, CloseConcern, NewConcern, NewObservation
from app.domain.deadlines import utcnow
from app.domain.plans import today
from app.domain.vocabulary import Indicator, ProtectiveFactor
from app.persistence.tables.concerns import Concern
from app.persistence.tables.plans import Plan
from app.persistence.uow import UnitOfWork
from app.services import concerns, observations, plans

_USERS = {u.key: u for u in DEMO_USERS}
# Indicators a family doctor rates at a routine check-up.
_HEALTH_CHECK = (Indicator.HEALTHY, Indicator.NURTURED, Indicator.SAFE, Indicator.ACTIVE)


def institution_of(raised_by: str) -> str:
    """The key of the institution a demo professional works for."""
    return _USERS[raised_by].organisation


async def observe(
    uow: UnitOfWork,
    cast: Cast,
    child: DemoChild,
    *,
    days_ago: int,
    ratings: Mapping[Indicator, int],
    notes: str | None,
) -> None:
    """The school's designated person watches pupils; the family doctor the youngest."""
    by = "designated_person" if child.institution == "school" else "family_doctor"
    await observations.record_observation(
        uow,
        cast.actor(by),
        NewObservation(
            child_id=child.id,
            observed_on=today() - timedelta(days=days_ago),
            ratings=dict(ratings),
            notes=notes,
        ),
    )


async def observe_population(
    uow: UnitOfWork, cast: Cast, rng: random.Random, population: Sequence[DemoChild]
) -> None:
    """Routine monitoring of some Călărași children: a dozen pupils, eight little ones."""
    here = [c for c in population if c.district == "calarasi"]
    pupils = [c for c in here if c.institution == "school"][:12]
    little = [c for c in here if c.institution != "school"][:8]
    for child in [*pupils, *little]:
        codes = list(Indicator) if child.institution == "school" else _HEALTH_CHECK
        await observe(
            uow,
            cast,
            child,
            days_ago=rng.randint(3, 90),
            ratings={code: rng.choice((3, 4, 4, 5, 5)) for code in codes},
            notes=rng.choice(OBSERVATION_NOTES),
        )


async def raise_concern(uow: UnitOfWork, cast: Cast, story: Story, child: DemoChild) -> Concern:
    return await concerns.record_concern(
        uow,
        cast.actor(story.raised_by),
        NewConcern(
            child_id=child.id,
            indicators=list(story.indicators),
            description=story.description,
            observed_at=utcnow() - timedelta(days=story.days_ago, hours=3),
            child_words=story.child_words,
            urgency=story.urgency,
            risk_category=story.risk,
            five_questions=story.five_questions,
        ),
    )


async def keep_in_institution(
    uow: UnitOfWork, cast: Cast, story: Story, concern: Concern, *, note: str | None = None
) -> Plan:
    """Act in the institution with its own plan in force, its first action under way. A story
    with a late review had that review a fortnight ago and should have had the next one by now;
    one of its actions is also past its date."""
    actor = cast.actor(story.raised_by)
    await concerns.act_in_institution(
        uow,
        actor,
        concern.id,
        ActInInstitution(note=note or story.reason),
        expected_version=None,
    )
    first_due = today() - timedelta(days=5) if story.late_review else None
    plan = await write_plan(
        uow,
        actor,
        cast,
        concern_id=concern.id,
        indicators=story.indicators,
        institutions={institution_of(story.raised_by)},
        needs=story.description,
        child_views=story.child_words,
        first_due=first_due,
    )
    await plans.activate_plan(uow, actor, plan.id, expected_version=None)
    await carry_out(uow, cast, actor, plan, started=1)
    if story.late_review:
        await review(
            uow,
            actor,
            plan,
            progress="Mesajele jignitoare s-au oprit; eleva stă încă singură în pauze. "
            "Continuăm cu psihologul școlar.",
            indicators=dict.fromkeys(story.indicators, 3),
            factors={ProtectiveFactor.CHILD_SOCIAL_EMOTIONAL_COMPETENCE: 3},
            child_views="Acum e mai bine, dar tot nu am cu cine sta în pauză.",
            held_on=today() - timedelta(days=16),
            next_review_on=today() - timedelta(days=2),
        )
    return plan


async def escalate(uow: UnitOfWork, cast: Cast, story: Story, concern: Concern) -> None:
    """The institution tried its own plan first; it was not enough, so the plan is cancelled and
    the concern goes on to the mayoralty (the referral is made by the case story)."""
    assert story.reason is not None
    actor = cast.actor(story.raised_by)
    plan = await keep_in_institution(
        uow,
        cast,
        story,
        concern,
        note="Școala încearcă întâi singură: masă caldă, haine, discuții cu tatăl.",
    )
    await plans.cancel_plan(uow, actor, plan.id, story.reason, expected_version=None)


async def close(uow: UnitOfWork, cast: Cast, story: Story, concern: Concern) -> None:
    assert story.reason is not None
    await concerns.close_concern(
        uow,
        cast.actor(story.raised_by),
        concern.id,
        CloseConcern(reason=story.reason),
        expected_version=None,
    )


async def make_late(uow: UnitOfWork, concern: Concern) -> None:
    """Undecided two days past its decision deadline."""
    await backdate_until_overdue(uow, concern, overdue_by=timedelta(days=2))
