"""Applying the route table (`app.api.route_policy`) to one request's principal.

Checked in order, each refusal saying what is missing: the operation must have a rule (deny by
default), the principal's kind must be admitted (people or systems), the token must carry the
rule's scope (RFC 6750 `insufficient_scope`), and a professional must hold the rule's role.
"""

from __future__ import annotations

from app.api.route_policy import ROUTES
from app.domain.actor import Actor
from app.domain.errors import Forbidden, InsufficientScope


def authorize(actor: Actor, method: str, path: str | None) -> None:
    rule = ROUTES.get((method, path or ""))
    if rule is None:
        raise Forbidden("This operation has no access rule yet, so it is refused to everyone.")
    kind = "professional" if actor.is_professional else "system"
    if kind not in rule.principals:
        raise Forbidden("Only a signed-in professional may do this, not a sector system.")
    if rule.scope not in actor.scopes:
        raise InsufficientScope(
            f"The access token was not granted the scope {rule.scope}; ask for it when you "
            "sign in or register the client for it.",
            extra={"scope": rule.scope},
        )
    if rule.roles is not None and not actor.has_role(*rule.roles):
        roles = ", ".join(sorted(r.value for r in rule.roles))
        raise Forbidden(f"This needs one of these roles: {roles}.")
