"""The practice story, told through the services: each story's child, what was observed before,
the concern, and where it led."""

from __future__ import annotations

import random
from datetime import timedelta

from app.demo import concerns, referrals
from app.demo.cases import CaseStory
from app.demo.directory import Cast
from app.demo.population import DemoChild, Registry
from app.demo.stories import STORIES, Path, Story
from app.domain.deadlines import utcnow
from app.domain.vocabulary import INDICATOR_LABELS, Indicator
from app.persistence.uow import UnitOfWork
from app.services import chronology

_REFERRAL_ANSWERS = {
    Path.WAITING,
    Path.WAITING_LATE,
    Path.DECLINED,
    Path.REDIRECTED,
    Path.WITHDRAWN,
}


async def tell_stories(uow: UnitOfWork, cast: Cast, registry: Registry, rng: random.Random) -> None:
    for story in STORIES:
        child = await registry.register(
            district="calarasi",
            sex=story.sex,
            birth_date=registry.born(story.age),
            family=story.family,
        )
        await _tell(uow, cast, story, child, rng)


async def _tell(
    uow: UnitOfWork, cast: Cast, story: Story, child: DemoChild, rng: random.Random
) -> None:
    # A month before the concern, routine monitoring already showed the indicators slipping.
    await concerns.observe(
        uow,
        cast,
        child,
        days_ago=story.days_ago + 30,
        ratings={i: 3 if i in story.indicators else rng.choice((4, 4, 5)) for i in Indicator},
        notes="Indicatori de urmărit: "
        + ", ".join(INDICATOR_LABELS[i].ro for i in story.indicators)
        + ".",
    )
    concern = await concerns.raise_concern(uow, cast, story, child)
    if story.path is Path.LATE:
        await concerns.make_late(uow, concern)
    elif story.path is Path.CLOSED:
        await concerns.close(uow, cast, story, concern)
    elif story.path is Path.SINGLE_AGENCY:
        await concerns.keep_in_institution(uow, cast, story, concern)
    elif story.path in _REFERRAL_ANSWERS:
        referral = await referrals.refer(uow, cast, story, child, concern)
        await referrals.answer(uow, cast, story, concern, referral)
    elif story.path is Path.CASE:
        if story.escalated:
            await concerns.escalate(uow, cast, story, concern)
        await CaseStory(uow, cast, story, child, rng).run(concern)
    for note in story.notes:
        await chronology.record_note(
            uow,
            cast.actor(note.by),
            child.id,
            chronology.NewNote(
                text=note.text, occurred_at=utcnow() - timedelta(days=note.days_ago)
            ),
        )
