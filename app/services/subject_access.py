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

# The order a reader meets the child's history in: who they are, what was seen, what was done.
SECTION_ORDER = (
    "identifiers",
    "family_members",
    "institutions",
    "observations",
    "concerns",
    "sharing_bases",
    "referrals",
    "cases",
    "team_members",
    "assessments",
    "plans",
    "plan_objectives",
    "plan_actions",
    "reviews",
    "wellbeing_ratings",
    "events",
    "deadlines",
)


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

    held = {name: await repo.of_child(uow, name, child_id) for name in repo.BY_CHILD}
    parents = {
        "concern_indicators": held["concerns"],
        "team_members": held["cases"],
        "plan_objectives": held["plans"],
        "plan_actions": held["plans"],
    }
    hanging = {
        name: await repo.of_parents(uow, name, [p.id for p in rows])
        for name, rows in parents.items()
    }
    indicators: dict[uuid.UUID, list[str]] = {c.id: [] for c in held["concerns"]}
    for tag in hanging.pop("concern_indicators"):
        indicators[tag.concern_id].append(tag.indicator)

    sections = {**held, **hanging}
    document: dict[str, Any] = {"child": child.model_dump(mode="json")}
    for name in SECTION_ORDER:
        document[name] = _dump(sections[name])
    for concern in document["concerns"]:
        concern["indicators"] = indicators[uuid.UUID(concern["id"])]
    document |= {
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
