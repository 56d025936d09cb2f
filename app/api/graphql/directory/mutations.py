"""Registering organisations and professionals (administrators, by the route rule)."""

from __future__ import annotations

import strawberry

from app.api.graphql.directory.types import Organisation, Professional
from app.api.graphql.mutations import mutation
from app.domain.organisations import NewOrganisation, NewProfessional
from app.services import organisations as service


@strawberry.type
class DirectoryMutations:
    create_organisation = mutation(
        Organisation,
        command=NewOrganisation,
        run=lambda uow, a, data: service.create_organisation(uow, a, data),
        method="POST",
        path="/organisations",
        description="Register an organisation; its sector follows from its kind.",
    )
    create_professional = mutation(
        Professional,
        command=NewProfessional,
        run=lambda uow, a, data: service.create_professional(uow, a, data),
        method="POST",
        path="/professionals",
        description="Register a professional in an active organisation, with their roles.",
    )
