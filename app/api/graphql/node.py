"""`node(id)`: any record by its global id, read by the same service (and rule) as REST's read."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from app.api.authorization import authorize
from app.api.graphql.assessments.types import Assessment
from app.api.graphql.break_glass.types import BreakGlassOpening
from app.api.graphql.cases.types import Case
from app.api.graphql.children.types import Child
from app.api.graphql.concerns.types import Concern
from app.api.graphql.directory.types import Organisation, Professional
from app.api.graphql.identity.types import IdentityReview
from app.api.graphql.observations.types import Observation
from app.api.graphql.plans.types import Plan, PlanAction
from app.api.graphql.referrals.types import Referral
from app.api.graphql.relay import Node, from_global_id
from app.api.graphql.rows import build
from app.api.graphql.sharing_bases.types import SharingBasis
from app.domain.actor import Actor
from app.domain.errors import NotFound
from app.persistence.uow import UnitOfWork
from app.services import (
    assessments,
    break_glass,
    cases,
    children,
    concerns,
    identity_reviews,
    observations,
    organisations,
    plans,
    referrals,
    sharing_bases,
)

Reader = Callable[[UnitOfWork, Actor, uuid.UUID], Awaitable[Any]]

V1 = "/api/v1"
NODES: dict[str, tuple[type, str, Reader]] = {
    "Child": (Child, f"{V1}/children/{{child_id}}", children.get_child),
    "Concern": (Concern, f"{V1}/concerns/{{concern_id}}", concerns.get_concern),
    "Referral": (Referral, f"{V1}/referrals/{{referral_id}}", referrals.get_referral),
    "Case": (Case, f"{V1}/cases/{{case_id}}", cases.get_case),
    "Plan": (Plan, f"{V1}/plans/{{plan_id}}", plans.get_plan),
    "PlanAction": (PlanAction, f"{V1}/plans/{{plan_id}}/actions/{{action_id}}", plans.read_action),
    "Assessment": (Assessment, f"{V1}/assessments/{{assessment_id}}", assessments.get_assessment),
    "Organisation": (
        Organisation,
        f"{V1}/organisations/{{organisation_id}}",
        organisations.get_organisation,
    ),
    "Professional": (
        Professional,
        f"{V1}/professionals/{{professional_id}}",
        organisations.get_professional,
    ),
    "Observation": (
        Observation,
        f"{V1}/observations/{{observation_id}}",
        observations.get_observation,
    ),
    "SharingBasis": (
        SharingBasis,
        f"{V1}/sharing-bases/{{sharing_basis_id}}",
        sharing_bases.get_sharing_basis,
    ),
    "BreakGlassOpening": (
        BreakGlassOpening,
        f"{V1}/break-glass-openings/{{opening_id}}",
        break_glass.get_opening,
    ),
    "IdentityReview": (
        IdentityReview,
        f"{V1}/identity-reviews/{{review_id}}",
        identity_reviews.get_review,
    ),
}
"""Each kind of node: its GraphQL type, the REST read it mirrors, and the service that reads it."""


@strawberry.type
class NodeQueries:
    @strawberry.field(
        description="Any record by its global id, under the rule of the REST read it mirrors."
    )
    async def node(self, info: strawberry.Info, id: strawberry.ID) -> Node:
        type_name, ident = from_global_id(id)
        if type_name not in NODES:
            raise NotFound(f"There is no record with id {id}.")
        kind, path, read = NODES[type_name]
        ctx = info.context
        authorize(ctx.actor, "GET", path)
        async with ctx.lock:
            row = await read(ctx.uow, ctx.actor, ident)
        node: Node = build(kind, row)
        return node
