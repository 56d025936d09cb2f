"""Who is acting. Every service call receives one, so object-level rules have a place to live."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from app.domain.errors import Forbidden
from app.domain.vocabulary import Role, Sector


@dataclass(frozen=True)
class Actor:
    """A professional, or a sector system (a school registry, a clinic) acting for its
    organisation through its own OAuth client; a system has no professional and no roles."""

    professional_id: uuid.UUID | None
    organisation_id: uuid.UUID
    sector: Sector
    territory_code: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    display_name: str = ""
    client_id: str | None = None
    """The OAuth client the actor acts through."""
    scopes: frozenset[str] = field(default_factory=frozenset)
    """What the access token allows (OAuth scopes); the route table checks them."""
    break_glass_reason: str | None = None
    """Stated by a professional opening a record outside their scope in an emergency."""

    @property
    def is_professional(self) -> bool:
        return self.professional_id is not None

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def person(self) -> uuid.UUID:
        """The acting professional. Work that only a person may do (assessing, planning, writing
        about a child) refuses a sector system here."""
        if self.professional_id is None:
            raise Forbidden("Only a signed-in professional may do this, not a sector system.")
        return self.professional_id
