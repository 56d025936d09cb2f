"""The subject-access export: everything the service holds about one child, in one document.

A data subject (the child, or a parent acting for them) has the right to a copy of the personal
data held about them (GDPR art. 15; Law 133/2011 on personal data protection, art. 13). The data
protection officer answers such requests, so only they may export. Every column of every row is
included as stored, with nothing summarised away, and the export is itself a disclosure on record.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlmodel import SQLModel

from app.domain.access import Disclosure
from app.domain.actor import Actor
from app.domain.deadlines import utcnow
from app.domain.errors import Forbidden, NotFound
from app.domain.vocabulary import Role
from app.persistence.repositories import subject_access as repo
from app.persistence.uow import UnitOfWork

PURPOSE = "subject access request"


def _dump(rows: Iterable[SQLModel]) -> list[dict[str, Any]]:
    return [row.model_dump(mode="json") for row in rows]


async def export_child(uow: UnitOfWork, actor: Actor, child_id: uuid.UUID) -> dict[str, Any]:
    if not actor.has_role(Role.DATA_PROTECTION_OFFICER):
        raise Forbidden(
            "Only the data protection officer may export everything held about a child."
        )
    child = await repo.child(uow, child_id)
    if child is None:
        raise NotFound.of("child", child_id)

    concerns = await repo.concerns(uow, child_id)
    indicators: dict[uuid.UUID, list[str]] = {c.id: [] for c in concerns}
    for tag in await repo.concern_indicators(uow, [c.id for c in concerns]):
        indicators[tag.concern_id].append(tag.indicator)
    cases = await repo.cases(uow, child_id)
    plans = await repo.plans(uow, child_id)
    plan_ids = [p.id for p in plans]

    document: dict[str, Any] = {
        "child": child.model_dump(mode="json"),
        "identifiers": _dump(await repo.identifiers(uow, child_id)),
        "family_members": _dump(await repo.family_members(uow, child_id)),
        "institutions": _dump(await repo.institutions(uow, child_id)),
        "observations": _dump(await repo.observations(uow, child_id)),
        "concerns": [
            {**c.model_dump(mode="json"), "indicators": indicators[c.id]} for c in concerns
        ],
        "referrals": _dump(await repo.referrals(uow, child_id)),
        "cases": _dump(cases),
        "team_members": _dump(await repo.team_members(uow, [c.id for c in cases])),
        "assessments": _dump(await repo.assessments(uow, child_id)),
        "plans": _dump(plans),
        "plan_objectives": _dump(await repo.plan_objectives(uow, plan_ids)),
        "plan_actions": _dump(await repo.plan_actions(uow, plan_ids)),
        "reviews": _dump(await repo.reviews(uow, child_id)),
        "wellbeing_ratings": _dump(await repo.wellbeing_ratings(uow, child_id)),
        "events": _dump(await repo.events(uow, child_id)),
        "deadlines": _dump(await repo.deadlines(uow, child_id)),
        "generated_at": utcnow().isoformat(),
        "generated_by": str(actor.professional_id),
    }
    uow.disclose(
        actor,
        Disclosure(
            operation="export",
            resource_type="child",
            resource_id=str(child_id),
            child_id=child_id,
            purpose=PURPOSE,
        ),
    )
    return document
