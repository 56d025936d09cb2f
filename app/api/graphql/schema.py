"""The GraphQL schema: every feature's queries, mutations and subscriptions in one place."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from app.api.graphql.access_log.queries import AccessLogQueries
from app.api.graphql.admin.mutations import AdminMutations
from app.api.graphql.admin.queries import AdminQueries
from app.api.graphql.assessments.mutations import AssessmentMutations
from app.api.graphql.assessments.queries import AssessmentQueries
from app.api.graphql.break_glass.mutations import BreakGlassMutations
from app.api.graphql.break_glass.queries import BreakGlassQueries
from app.api.graphql.cases.mutations import CaseMutations
from app.api.graphql.cases.queries import CaseQueries
from app.api.graphql.cases.subscriptions import CaseSubscriptions
from app.api.graphql.children.mutations import ChildMutations
from app.api.graphql.children.queries import ChildQueries
from app.api.graphql.chronology.mutations import ChronologyMutations
from app.api.graphql.chronology.queries import ChronologyQueries
from app.api.graphql.concerns.mutations import ConcernMutations
from app.api.graphql.concerns.queries import ConcernQueries
from app.api.graphql.counts.queries import CountQueries
from app.api.graphql.deadline_policy.mutations import DeadlinePolicyMutations
from app.api.graphql.deadline_policy.queries import DeadlinePolicyQueries
from app.api.graphql.deadlines.queries import DeadlineQueries
from app.api.graphql.directory.mutations import DirectoryMutations
from app.api.graphql.directory.queries import DirectoryQueries
from app.api.graphql.errors import shaped
from app.api.graphql.events.queries import EventQueries
from app.api.graphql.identity.mutations import IdentityMutations
from app.api.graphql.limits import limits
from app.api.graphql.node import NodeQueries
from app.api.graphql.observations.mutations import ObservationMutations
from app.api.graphql.observations.queries import ObservationQueries
from app.api.graphql.plans.mutations import PlanMutations
from app.api.graphql.plans.queries import PlanQueries
from app.api.graphql.positions import POSITION_SCALAR, Position
from app.api.graphql.reference.queries import ReferenceQueries
from app.api.graphql.referrals.mutations import ReferralMutations
from app.api.graphql.referrals.queries import ReferralQueries
from app.api.graphql.referrals.subscriptions import ReferralSubscriptions
from app.api.graphql.sharing_bases.mutations import SharingBasisMutations
from app.api.graphql.sharing_bases.queries import SharingBasisQueries
from app.api.graphql.subscriptions import DeliveryExtension
from app.settings import Settings

QUERIES: tuple[type, ...] = (
    NodeQueries,
    ReferralQueries,
    CaseQueries,
    AssessmentQueries,
    PlanQueries,
    DeadlineQueries,
    DirectoryQueries,
    ReferenceQueries,
    DeadlinePolicyQueries,
    EventQueries,
    AdminQueries,
    CountQueries,
    ChildQueries,
    ChronologyQueries,
    ObservationQueries,
    ConcernQueries,
    SharingBasisQueries,
    BreakGlassQueries,
    AccessLogQueries,
)
MUTATIONS: tuple[type, ...] = (
    ReferralMutations,
    CaseMutations,
    AssessmentMutations,
    PlanMutations,
    DirectoryMutations,
    DeadlinePolicyMutations,
    AdminMutations,
    ChildMutations,
    ChronologyMutations,
    ObservationMutations,
    ConcernMutations,
    SharingBasisMutations,
    BreakGlassMutations,
    IdentityMutations,
)
SUBSCRIPTIONS: tuple[type, ...] = (ReferralSubscriptions, CaseSubscriptions)


class Schema(strawberry.Schema):
    """Errors leave shaped (`errors.shaped`): domain errors with their codes, the rest masked."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Logging happens in `shaped`, for the unexpected ones only.
        return None

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        result = await super().execute(*args, **kwargs)
        if result.errors:
            context = kwargs.get("context_value")
            request_id = getattr(context, "request_id", None)
            result.errors = [shaped(e, request_id) for e in result.errors]
        return result


def build_schema(settings: Settings) -> Schema:
    query = merge_types("Query", QUERIES)
    mutation = merge_types("Mutation", MUTATIONS)
    subscription = merge_types("Subscription", SUBSCRIPTIONS)
    return Schema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        extensions=[*limits(settings), DeliveryExtension],
        config=StrawberryConfig(
            batching_config={"max_operations": settings.graphql_max_batch},
            scalar_map={Position: POSITION_SCALAR},
        ),
    )
