"""The data protection officer's finding on a break-the-glass opening."""

from __future__ import annotations

import strawberry

from app.api.graphql.break_glass.types import BreakGlassOpening
from app.api.graphql.mutations import mutation
from app.domain.break_glass import ReviewOpening
from app.services import break_glass as service


@strawberry.type
class BreakGlassMutations:
    review_break_glass_opening = mutation(
        BreakGlassOpening,
        target="BreakGlassOpening",
        command=ReviewOpening,
        run=lambda uow, a, ident, data, expected_version: service.review_opening(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path="/break-glass-openings/{opening_id}/review",
        description="Record whether the emergency justified the opening (`unjustified` needs a "
        "note). An opening is reviewed once: a second review is refused (code "
        "illegal-transition).",
    )
