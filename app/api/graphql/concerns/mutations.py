"""Recording a concern, correcting it while undecided, and the institution's decision: the REST
actions, one mutation each. (A concern is referred by `createReferral`.)"""

from __future__ import annotations

import strawberry

from app.api.graphql.concerns.types import Concern
from app.api.graphql.mutations import mutation
from app.domain.concerns import ActInInstitution, CloseConcern, ConcernChanges, NewConcern
from app.services import concerns as service

C = "/concerns/{concern_id}"


@strawberry.type
class ConcernMutations:
    record_concern = mutation(
        Concern,
        command=NewConcern,
        run=lambda uow, a, data: service.record_concern(uow, a, data),
        method="POST",
        path="/concerns",
        description="Record a concern: the indicators, what was seen and when, the child's own "
        "words, the urgency (a child-protection concern names its risk category). The "
        "decision is due by `dueAt`.",
    )
    update_concern = mutation(
        Concern,
        target="Concern",
        command=ConcernChanges,
        run=lambda uow, a, ident, data, expected_version: service.update_concern(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="PATCH",
        path=C,
        description="Correct an undecided concern, by the institution that recorded it; only "
        "the fields sent change.",
    )
    act_in_institution = mutation(
        Concern,
        target="Concern",
        command=ActInInstitution,
        input_required=False,
        run=lambda uow, a, ident, data, expected_version: service.act_in_institution(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path=f"{C}/act-in-institution",
        description="Decide to meet the need inside the institution that recorded the concern "
        "(a single-agency plan); it may still be referred later.",
    )
    close_concern = mutation(
        Concern,
        target="Concern",
        command=CloseConcern,
        run=lambda uow, a, ident, data, expected_version: service.close_concern(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="POST",
        path=f"{C}/close",
        description="Close a concern, saying why: no further action is needed, or it was "
        "resolved inside the institution.",
    )
