"""The one place the demo writes rows itself: moving a clock back so that something is late."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select

from app.domain.deadlines import DeadlineKind, DeadlinePolicy, utcnow
from app.domain.vocabulary import Urgency
from app.persistence.repositories import deadlines as deadline_repo
from app.persistence.tables.concerns import Concern
from app.persistence.tables.deadlines import Deadline
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork
from app.services.deadlines import load_policy

_SUBJECT_TYPES: dict[type[Concern | Referral], str] = {Concern: "concern", Referral: "referral"}
_CLOCK = ("created_at", "updated_at", "decided_at", "responded_at")


def _due(policy: DeadlinePolicy, deadline: Deadline, started: datetime) -> datetime:
    return policy.due_at(DeadlineKind(deadline.kind), Urgency(deadline.urgency), started)


async def backdate_until_overdue(
    uow: UnitOfWork,
    item: Concern | Referral,
    *,
    overdue_by: timedelta,
    together_with: Sequence[Concern | Referral] = (),
) -> None:
    """Move the clock of `item` back so that its open deadline fell due at least `overdue_by` ago.

    Why the demo writes to the database here: every service starts a clock at the moment it is
    called (a concern's decision deadline runs from when it was recorded, a referral's response
    deadline from when it was made) and rightly takes no start time from its caller, so a freshly
    loaded demo would have no late concern or referral, and `GET /api/v1/deadlines/overdue` would
    show only what the services accept a past date for (a plan review). A newcomer should see the
    overdue list at work, so this function, and nothing else in the demo, rewrites times.

    It moves the item's own timestamps (created, updated, decided, responded) back by one amount,
    and the start and met times of its deadlines with them; each due time (the deadline's, and the
    item's `due_at` while its deadline is open) is computed again from the policy table, so the
    record reads exactly as if it had been made that long ago. `together_with` moves related rows
    the same way (the concern a late referral came from), so nothing appears to happen before its
    cause. The change is a bulk UPDATE, so versions stay as they were: nobody edited these
    records. Events keep the time of loading.
    """
    policy = await load_policy(uow)
    subject_type = _SUBJECT_TYPES[type(item)]
    deadline = await deadline_repo.open_for(uow, subject_type, item.id)
    if deadline is None:
        raise ValueError(f"{subject_type} {item.id} has no open deadline to make late")
    late = utcnow() - overdue_by
    shift = deadline.due_at - deadline.started_at + overdue_by
    # Working days make the due time jump over weekends and holidays: go back an hour at a time.
    while _due(policy, deadline, deadline.started_at - shift) > late:
        shift += timedelta(hours=1)
    for row in (item, *together_with):
        model = type(row)
        values = {
            name: value - shift
            for name in _CLOCK
            if (value := getattr(row, name, None)) is not None
        }
        found = await uow.session.exec(
            select(Deadline)
            .where(Deadline.subject_type == _SUBJECT_TYPES[model], Deadline.subject_id == row.id)
            .order_by(col(Deadline.started_at))
        )
        for each in found.all():
            each.started_at -= shift
            each.due_at = _due(policy, each, each.started_at)
            if each.met_at is not None:
                each.met_at -= shift
            else:  # only the open deadline is the item's `due_at` (a decided item has none)
                values["due_at"] = each.due_at
            uow.session.add(each)
        await uow.session.exec(update(model).where(col(model.id) == row.id).values(**values))
    await uow.flush()
