"""The GraphQL schema: every feature's queries, mutations and subscriptions in one place."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from app.api.graphql.cases.subscriptions import CaseSubscriptions
from app.api.graphql.errors import shaped
from app.api.graphql.limits import limits
from app.api.graphql.node import NodeQueries
from app.api.graphql.referrals.mutations import ReferralMutations
from app.api.graphql.referrals.queries import ReferralQueries
from app.api.graphql.referrals.subscriptions import ReferralSubscriptions
from app.api.graphql.subscriptions import DeliveryExtension
from app.settings import Settings

QUERIES: tuple[type, ...] = (NodeQueries, ReferralQueries)
MUTATIONS: tuple[type, ...] = (ReferralMutations,)
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
        ),
    )
