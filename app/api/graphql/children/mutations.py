"""Registering a child and recording the people and places around them: the REST writes, one
mutation each. The actions on a child's record take the child's id as `id`."""

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
        target="Child",
        versioned=False,
        command=SectorIdentifier,
        run=lambda uow, a, ident, data: service.add_identifier(uow, a, ident, data),
        method="POST",
        path=f"{C}/identifiers",
        description="Link an id held by a sector system to the child `id`. A value already "
        "linked to another child is refused (code conflict).",
    )
    add_family_member = mutation(
        FamilyMember,
        target="Child",
        versioned=False,
        command=NewFamilyMember,
        run=lambda uow, a, ident, data: service.add_family_member(uow, a, ident, data),
        method="POST",
        path=f"{C}/family-members",
        description="Record a family member or caregiver of the child `id`.",
    )
    add_child_institution = mutation(
        ChildInstitution,
        target="Child",
        versioned=False,
        command=NewChildInstitution,
        run=lambda uow, a, ident, data: service.add_institution(uow, a, ident, data),
        method="POST",
        path=f"{C}/institutions",
        description="Record an institution the child `id` attends or is registered with.",
    )
