"""Registering a child and recording the people and places around them: the REST writes, one
mutation each. What is added to a child's record names the child first, as `childId`, as
the REST path does."""

from __future__ import annotations

import strawberry

from app.api.graphql.children.types import Child, ChildIdentifier, ChildInstitution, FamilyMember
from app.api.graphql.mutations import mutation
from app.domain.children import (
    ChildChanges,
    NewChild,
    NewChildInstitution,
    NewFamilyMember,
    SectorIdentifier,
)
from app.services import children as service

C = "/children/{child_id}"


@strawberry.type
class ChildMutations:
    register_child = mutation(
        Child,
        command=NewChild,
        run=lambda uow, a, data: service.register_child(uow, a, data),
        method="POST",
        path="/children",
        description="Register a child. The IDNP is optional but, when given, must have a valid "
        "check digit and be unique; a sector system's id is unique per system.",
    )
    update_child = mutation(
        Child,
        target="Child",
        command=ChildChanges,
        run=lambda uow, a, ident, data, expected_version: service.update_child(
            uow, a, ident, data, expected_version=expected_version
        ),
        method="PATCH",
        path=C,
        description="Change a child's record: only the fields sent change; null empties one.",
    )
    add_child_identifier = mutation(
        ChildIdentifier,
        parent="Child",
        command=SectorIdentifier,
        run=lambda uow, a, parent, data: service.add_identifier(uow, a, parent, data),
        method="POST",
        path=f"{C}/identifiers",
        description="Link an id held by a sector system to the child. A value already "
        "linked to another child is refused (code conflict).",
    )
    add_family_member = mutation(
        FamilyMember,
        parent="Child",
        command=NewFamilyMember,
        run=lambda uow, a, parent, data: service.add_family_member(uow, a, parent, data),
        method="POST",
        path=f"{C}/family-members",
        description="Record a family member or caregiver of the child.",
    )
    add_child_institution = mutation(
        ChildInstitution,
        parent="Child",
        command=NewChildInstitution,
        run=lambda uow, a, parent, data: service.add_institution(uow, a, parent, data),
        method="POST",
        path=f"{C}/institutions",
        description="Record an institution the child attends or is registered with.",
    )
