"""One DataLoader per relation, made per request: a page of cases asks for its children, its
referrals, its teams and its plan actions in one statement each, not one per case.

Every loader reads through `app.services.related`, so what a relation shows is what the access
policy lets the caller see, logged as any other read. A request's statements share one session,
which allows one statement at a time: the loaders and the root fields take turns on `lock`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from sqlmodel import SQLModel
from strawberry.dataloader import DataLoader

from app.domain.actor import Actor
from app.persistence.tables.assessments import Assessment
from app.persistence.tables.cases import Case, TeamMember
from app.persistence.tables.children import (
    Child,
    ChildIdentifier,
    ChildInstitution,
    FamilyMember,
)
from app.persistence.tables.concerns import Concern
from app.persistence.tables.organisations import Organisation, Professional
from app.persistence.tables.plans import Plan, PlanAction, PlanObjective, Review
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork
from app.services import children, concerns, related

T = TypeVar("T", bound=SQLModel)
Key = uuid.UUID


def _one(
    lock: asyncio.Lock,
    fetch: Callable[[Sequence[Key]], Awaitable[dict[Key, T]]],
) -> DataLoader[Key, T | None]:
    async def load(keys: list[Key]) -> list[T | None]:
        async with lock:
            found = await fetch(keys)
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


def _many(
    lock: asyncio.Lock,
    fetch: Callable[[Sequence[Key]], Awaitable[dict[Key, list[T]]]],
) -> DataLoader[Key, list[T]]:
    async def load(keys: list[Key]) -> list[list[T]]:
        async with lock:
            found = await fetch(keys)
        return [found.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


class Loaders:
    def __init__(self, uow: UnitOfWork, actor: Actor, lock: asyncio.Lock) -> None:
        def records(model: type[Any], kind: str) -> DataLoader[Key, Any]:
            return _one(lock, lambda ids: related.records(uow, actor, model, kind, ids))

        def records_by(model: type[Any], kind: str, column: str) -> DataLoader[Key, list[Any]]:
            return _many(lock, lambda ids: related.records_by(uow, actor, model, kind, column, ids))

        self.child: DataLoader[Key, Child | None] = records(Child, "child")
        self.concern: DataLoader[Key, Concern | None] = records(Concern, "concern")
        self.referral: DataLoader[Key, Referral | None] = records(Referral, "referral")
        self.case: DataLoader[Key, Case | None] = records(Case, "case")
        self.plan: DataLoader[Key, Plan | None] = records(Plan, "plan")
        self.organisation: DataLoader[Key, Organisation | None] = _one(
            lock, lambda ids: related.directory(uow, Organisation, ids)
        )
        self.professional: DataLoader[Key, Professional | None] = _one(
            lock, lambda ids: related.directory(uow, Professional, ids)
        )
        self.referrals_of_case: DataLoader[Key, list[Referral]] = records_by(
            Referral, "referral", "case_id"
        )
        self.referrals_of_concern: DataLoader[Key, list[Referral]] = records_by(
            Referral, "referral", "concern_id"
        )
        self.concerns_of_child: DataLoader[Key, list[Concern]] = records_by(
            Concern, "concern", "child_id"
        )
        self.cases_of_child: DataLoader[Key, list[Case]] = records_by(Case, "case", "child_id")
        self.plans_of_case: DataLoader[Key, list[Plan]] = records_by(Plan, "plan", "case_id")
        self.assessments_of_case: DataLoader[Key, list[Assessment]] = records_by(
            Assessment, "assessment", "case_id"
        )
        self.team_of_case: DataLoader[Key, list[TeamMember]] = _many(
            lock, lambda ids: related.teams(uow, ids)
        )
        self.actions_of_case: DataLoader[Key, list[PlanAction]] = _many(
            lock, lambda ids: related.plan_actions_of_cases(uow, actor, ids)
        )
        self.whole_team_of_case: DataLoader[Key, list[TeamMember]] = _many(
            lock, lambda ids: related.teams(uow, ids, include_former=True)
        )
        self.objectives_of_plan: DataLoader[Key, list[PlanObjective]] = _many(
            lock, lambda ids: related.of_plans(uow, actor, PlanObjective, "plan_objective", ids)
        )
        self.actions_of_plan: DataLoader[Key, list[PlanAction]] = _many(
            lock, lambda ids: related.of_plans(uow, actor, PlanAction, "plan_action", ids)
        )
        self.reviews_of_plan: DataLoader[Key, list[Review]] = _many(
            lock,
            lambda ids: related.of_plans(
                uow, actor, Review, "review", ids, order=("held_on", "created_at")
            ),
        )
        self.identifiers_of_child: DataLoader[Key, list[ChildIdentifier]] = _many(
            lock, lambda ids: children.identifiers(uow, list(ids))
        )
        self.family_of_child: DataLoader[Key, list[FamilyMember]] = _many(
            lock, lambda ids: related.parts_of_children(uow, actor, FamilyMember, "family", ids)
        )
        self.institutions_of_child: DataLoader[Key, list[ChildInstitution]] = _many(
            lock,
            lambda ids: related.parts_of_children(
                uow, actor, ChildInstitution, "institutions", ids
            ),
        )

        async def indicators(keys: list[Key]) -> list[list[str]]:
            async with lock:
                found = await concerns.indicators(uow, keys)
            return [found.get(k, []) for k in keys]

        self.indicators_of_concern: DataLoader[Key, list[str]] = DataLoader(load_fn=indicators)
