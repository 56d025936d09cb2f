"""Who is acting. Every service call receives one, so object-level rules have a place to live."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from app.domain.vocabulary import Role, Sector


@dataclass(frozen=True)
class Actor:
    professional_id: uuid.UUID
    organisation_id: uuid.UUID
    sector: Sector
    territory_code: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    display_name: str = ""
    # The OAuth client the actor acts through (None until OAuth sign-in arrives).
    client_id: str | None = None

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))
