"""Who is calling: the access token (and an emergency reason) turned into the acting principal.

REST and GraphQL ask the same question the same way; only what each then authorizes differs
(a REST route's rule; a GraphQL field's mirrored rule)."""

from __future__ import annotations

import dataclasses
import urllib.parse

from app.auth.bearer import InvalidToken, verify_bearer
from app.domain.actor import Actor
from app.domain.errors import InvalidInput, Unauthenticated
from app.persistence.uow import UnitOfWork
from app.services.actors import resolve_actor
from app.settings import Settings


def bearer_token(authorization: str | None) -> str:
    if not authorization:
        raise Unauthenticated(
            "Send an access token: Authorization: Bearer <token>. Get one at /oauth/token.",
            extra={"no_token": True},
        )
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("The Authorization header must be: Bearer <access token>.")
    return token.strip()


async def authenticate(
    uow: UnitOfWork,
    settings: Settings,
    authorization: str | None,
    break_glass_reason: str | None = None,
) -> Actor:
    """The principal an `Authorization` header speaks for; 401 for a missing or bad token."""
    token = bearer_token(authorization)
    try:
        principal = await verify_bearer(token, uow.session, settings)
    except InvalidToken as exc:
        raise Unauthenticated(exc.description) from exc
    actor = await resolve_actor(uow, principal)
    if break_glass_reason:
        try:
            reason = urllib.parse.unquote(break_glass_reason, errors="strict")
        except UnicodeDecodeError as exc:
            raise InvalidInput.field(
                "X-Break-Glass-Reason", "Percent-encode the reason as UTF-8, as in a URL."
            ) from exc
        actor = dataclasses.replace(actor, break_glass_reason=reason)
    return actor
