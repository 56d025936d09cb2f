"""Records related to records the caller has already read, for many parents at once.

GraphQL resolves a screen's relations (each case's child, referrals, team and plan actions)
through DataLoaders that call these: one statement per relation whatever the number of cases, the
same access policy as every other read, and one access-log entry per record shown.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

from sqlmodel import SQLModel

from app.domain.access import Disclosure
from app.domain.access_policy import RecordKind
from app.domain.actor import Actor
from app.persistence.repositories import cases as cases_repo
from app.persistence.repositories import related as repo
from app.persistence.scoping import plans_visible, visible
from app.persistence.tables.cases import TeamMember
from app.persistence.tables.children import Child
from app.persistence.tables.plans import PlanAction
from app.persistence.uow import UnitOfWork
from app.services.common import POLICY_KINDS, disclose_listed, ensure_visible

T = TypeVar("T", bound=SQLModel)
K = TypeVar("K")


async def records(
    uow: UnitOfWork, actor: Actor, model: type[T], kind: str, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, T]:
    """The records with these ids that the actor may see; the others are simply absent."""
    rows = await repo.by_ids(uow, model, ids, visible(POLICY_KINDS[kind], model, actor))
    disclose_listed(uow, actor, kind, rows)
    return {r.id: r for r in rows}  # type: ignore[attr-defined]


async def records_by(
    uow: UnitOfWork,
    actor: Actor,
    model: type[T],
    kind: str,
    column: str,
    keys: Sequence[K],
) -> dict[K, list[T]]:
    """The records whose `column` is one of `keys`, those the actor may see, grouped by key."""
    rows = await repo.by_column(uow, model, column, keys, visible(POLICY_KINDS[kind], model, actor))
    disclose_listed(uow, actor, kind, rows)
    grouped: dict[K, list[T]] = defaultdict(list)
    for r in rows:
        grouped[getattr(r, column)].append(r)
    return grouped


async def directory(
    uow: UnitOfWork, model: type[T], ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, T]:
    """Organisations or professionals: the directory, open to whoever may read it."""
    return {r.id: r for r in await repo.by_ids(uow, model, ids)}  # type: ignore[attr-defined]


async def teams(
    uow: UnitOfWork, case_ids: Sequence[uuid.UUID], *, include_former: bool = False
) -> dict[uuid.UUID, list[TeamMember]]:
    """The present members of cases the caller has read (with `include_former`, those who have
    left too): the team is part of the case, shown with it as REST shows it
    (`app.services.cases.parts_of`), so it is not judged again."""
    rows = await cases_repo.teams_of(uow, case_ids, include_former=include_former)
    grouped: dict[uuid.UUID, list[TeamMember]] = defaultdict(list)
    for r in rows:
        grouped[r.case_id].append(r)
    return grouped


async def plan_actions_of_cases(
    uow: UnitOfWork, actor: Actor, case_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[PlanAction]]:
    """The actions of the cases' plans, as far as the actor may see those plans."""
    found = await repo.actions_of_cases(uow, case_ids, plans_visible(actor))
    uow.disclose(actor, [Disclosure("list", "plan_action", a.id, child) for _, child, a in found])
    grouped: dict[uuid.UUID, list[PlanAction]] = defaultdict(list)
    for case_id, _, action in found:
        grouped[case_id].append(action)
    return grouped


async def of_plans(
    uow: UnitOfWork,
    actor: Actor,
    model: type[T],
    kind: str,
    plan_ids: Sequence[uuid.UUID],
    *,
    order: Sequence[str] = ("created_at", "id"),
) -> dict[uuid.UUID, list[T]]:
    """The objectives, actions or reviews of plans, as far as the actor may see those plans,
    grouped by plan. The plans come from a list of many, so each part shown is logged as the
    child's record it is."""
    found = await repo.of_plans(uow, model, plan_ids, plans_visible(actor), order=order)
    shown = [Disclosure("list", kind, row.id, child) for child, row in found]  # type: ignore[attr-defined]
    uow.disclose(actor, shown)
    grouped: dict[uuid.UUID, list[T]] = defaultdict(list)
    for _, row in found:
        grouped[row.plan_id].append(row)  # type: ignore[attr-defined]
    return grouped


async def parts_of_children(
    uow: UnitOfWork,
    actor: Actor,
    model: type[T],
    part: str,
    child_ids: Sequence[uuid.UUID],
) -> dict[uuid.UUID, list[T]]:
    """A part of each child's record kept in a table of its own (the family, the institutions),
    for the children the actor may see. REST reads it as its own page, judged and logged even
    when the part is empty, so the children are judged first and each one's read is disclosed.
    A child opened by breaking the glass is opened again for its part, as REST's second read
    would be (and flagged for review): in an emergency the family is what is looked for."""
    visible_now = visible(RecordKind.CHILD, Child, actor)
    purposes: dict[uuid.UUID, str | None] = {
        c.id: None for c in await repo.by_ids(uow, Child, child_ids, visible_now)
    }
    if actor.break_glass_reason is not None:
        for c in child_ids:
            if c not in purposes:
                purposes[c] = await ensure_visible(uow, actor, Child, c, "child", child_id=c)
    uow.disclose(actor, [Disclosure("read", part, c, c, purpose=p) for c, p in purposes.items()])
    grouped: dict[uuid.UUID, list[T]] = defaultdict(list)
    if not purposes:
        return grouped
    column = "child_id"
    for r in await repo.by_column(uow, model, column, list(purposes)):
        grouped[getattr(r, column)].append(r)
    return grouped
