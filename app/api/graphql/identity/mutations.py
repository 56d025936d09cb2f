"""Deciding an identity review, and reverting a merge: the REST actions, one mutation each."""

from __future__ import annotations

import strawberry

from app.api.graphql.identity.types import ChildMerge, IdentityReview
from app.api.graphql.mutations import mutation
from app.domain.identity import DecideIdentity
from app.services import identity_reviews as service
from app.services import merges


@strawberry.type
class IdentityMutations:
    decide_identity_review = mutation(
        IdentityReview,
        target="IdentityReview",
        command=DecideIdentity,
        run=lambda uow, a, ident, data, expected_version: service.decide(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path="/identity-reviews/{review_id}/decide",
        description="`same` merges the child registered from the message into the known one "
        "(reversible); `different` keeps both. An open review is decided once.",
    )
    revert_child_merge = mutation(
        ChildMerge,
        target="ChildMerge",
        versioned=False,
        run=lambda uow, a, ident: merges.revert_merge(uow, a, ident),
        method="POST",
        path="/child-merges/{merge_id}/revert",
        description="Put back exactly the rows a merge moved, and reopen its identity review.",
    )
