"""Drafting an assessment, submitting it, a supervisor's decision, revisions: the REST actions,
one mutation each."""

from __future__ import annotations

import strawberry

from app.api.graphql.assessments.types import Assessment
from app.api.graphql.mutations import mutation
from app.domain.assessments import AssessmentChanges, NewAssessment, ReturnDecision
from app.services import assessments as service

A = "/assessments/{assessment_id}"


@strawberry.type
class AssessmentMutations:
    create_assessment = mutation(
        Assessment,
        command=NewAssessment,
        run=lambda uow, a, data: service.create_assessment(uow, a, data),
        method="POST",
        path="/assessments",
        description="Start an initial or complex assessment of a case, as a draft.",
    )
    update_assessment = mutation(
        Assessment,
        target="Assessment",
        command=AssessmentChanges,
        run=lambda uow, a, ident, data, expected_version: service.update_assessment(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="PATCH",
        path=A,
        description="Change a draft or returned assessment; null empties a field.",
    )
    submit_assessment = mutation(
        Assessment,
        target="Assessment",
        run=lambda uow, a, ident, expected_version: service.submit_assessment(
            uow, a, ident, expected_version=expected_version
        ),
        method="POST",
        path=f"{A}/submit",
        description="Submit for a supervisor's approval; all eight indicators must be rated.",
    )
    approve_assessment = mutation(
        Assessment,
        target="Assessment",
        run=lambda uow, a, ident, expected_version: service.approve_assessment(
            uow, a, ident, expected_version=expected_version
        ),
        method="POST",
        path=f"{A}/approve",
        description="Approve a submitted assessment (supervisors only); it becomes immutable.",
    )
    return_assessment = mutation(
        Assessment,
        target="Assessment",
        command=ReturnDecision,
        run=lambda uow, a, ident, data, expected_version: service.return_assessment(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path=f"{A}/return",
        description="Return a submitted assessment for changes (supervisors only).",
    )
    revise_assessment = mutation(
        Assessment,
        target="Assessment",
        versioned=False,
        run=lambda uow, a, ident: service.revise_assessment(uow, a, ident),
        method="POST",
        path=f"{A}/revise",
        description="Start a revision of an approved assessment: a new draft that supersedes "
        "it. The payload's assessment is the revision.",
    )
