"""Changing a deadline rule when the law changes."""

from __future__ import annotations

import strawberry

from app.api.graphql.deadline_policy.types import DeadlineRule
from app.api.graphql.inputs import graphql_enum
from app.api.graphql.mutations import Argument, mutation
from app.domain.deadlines import DeadlineKind
from app.domain.vocabulary import Urgency
from app.services import deadlines as service


@strawberry.type
class DeadlinePolicyMutations:
    change_deadline_rule = mutation(
        DeadlineRule,
        command=service.RuleChange,
        arguments={
            "kind": Argument(graphql_enum(DeadlineKind)),
            "urgency": Argument(graphql_enum(Urgency)),
        },
        run=lambda uow, a, kind, urgency, data: service.change_rule(uow, a, kind, urgency, data),
        present=DeadlineRule.of,
        method="PUT",
        path="/deadline-policy/{kind}/{urgency}",
        description="Change how long items of one kind and urgency may wait. Items opened later "
        "use the new duration; open items keep the due time they were given.",
    )
