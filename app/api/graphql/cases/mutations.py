"""Opening a case, moving it through its stages, closing and reopening it, and the team around
the child: the REST actions, one mutation each."""

from __future__ import annotations

from typing import Any

import strawberry

from app.api.graphql.cases.types import Case, TeamMember
from app.api.graphql.mutations import mutation
from app.domain.cases import (
    CaseAction,
    CaseChanges,
    CaseClosure,
    CaseReopening,
    NewCase,
    NewTeamMember,
)
from app.services import cases as service

C = "/cases/{case_id}"


def _stage(action: CaseAction, description: str) -> Any:
    """The four stage actions differ only in their name, as their REST routes do."""
    return mutation(
        Case,
        target="Case",
        run=lambda uow, a, ident, expected_version: service.advance_case(
            uow, a, ident, action, expected_version=expected_version
        ),
        method="POST",
        path=f"{C}/{action.value}",
        description=description,
    )


@strawberry.type
class CaseMutations:
    open_case = mutation(
        Case,
        command=NewCase,
        run=lambda uow, a, data: service.open_child_protection_case(uow, a, data),
        method="POST",
        path="/cases",
        description="Open a case on the child-protection path, without a referral (GD 270/2014); "
        "only a guardianship authority may.",
    )
    update_case = mutation(
        Case,
        target="Case",
        command=CaseChanges,
        run=lambda uow, a, ident, data, expected_version: service.update_case(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="PATCH",
        path=C,
        description="Change a case's level of need or lead professional.",
    )
    start_complex_assessment = _stage(
        CaseAction.START_COMPLEX_ASSESSMENT, "Start the complex assessment."
    )
    start_planning = _stage(
        CaseAction.START_PLANNING, "Start planning the individual assistance plan."
    )
    start_implementation = _stage(
        CaseAction.START_IMPLEMENTATION, "Start implementing and monitoring the plan."
    )
    start_review = _stage(CaseAction.START_REVIEW, "Start a review.")
    close_case = mutation(
        Case,
        target="Case",
        command=CaseClosure,
        run=lambda uow, a, ident, data, expected_version: service.close_case(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path=f"{C}/close",
        description="Close a case with a reason; a child-protection case only by a supervisor.",
    )
    reopen_case = mutation(
        Case,
        target="Case",
        command=CaseReopening,
        run=lambda uow, a, ident, data, expected_version: service.reopen_case(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path=f"{C}/reopen",
        description="Reopen a closed case; it starts again at initial assessment.",
    )
    add_team_member = mutation(
        TeamMember,
        parent="Case",
        command=NewTeamMember,
        run=lambda uow, a, parent, data: service.add_team_member(uow, a, parent, data),
        method="POST",
        path=f"{C}/team",
        description="Add a professional to the team around the child.",
    )
    remove_team_member = mutation(
        TeamMember,
        parent="Case",
        target="TeamMember",
        versioned=False,
        run=lambda uow, a, parent, ident: service.remove_team_member(uow, a, parent, ident),
        method="DELETE",
        path=f"{C}/team/{{member_id}}",
        description="Remove a professional from the team around the child; the lead cannot "
        "leave while lead.",
    )
