"""What the ID token and the userinfo endpoint say about a professional, by scope.

`sub` always; with `profile` the name, the organisation and the roles; with `email` the address.
"""

from __future__ import annotations

import uuid
from collections.abc import Set
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from app.persistence.repositories import oauth as repo

PROFILE_CLAIMS = (
    "name",
    "given_name",
    "family_name",
    "organisation_id",
    "organisation_name",
    "roles",
)
EMAIL_CLAIMS = ("email",)


async def user_claims(
    session: AsyncSession, professional_id: uuid.UUID, scopes: Set[str]
) -> dict[str, Any]:
    claims: dict[str, Any] = {"sub": str(professional_id)}
    person = await repo.professional(session, professional_id)
    if person is None:
        return claims
    if "profile" in scopes:
        organisation = await repo.organisation(session, person.organisation_id)
        claims |= {
            "name": f"{person.given_name} {person.family_name}",
            "given_name": person.given_name,
            "family_name": person.family_name,
            "organisation_id": str(person.organisation_id),
            "organisation_name": organisation.name if organisation else None,
            "roles": sorted(person.roles),
        }
    if "email" in scopes:
        claims["email"] = person.email
    return claims
