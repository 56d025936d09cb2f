"""Registering OAuth clients and managing their credentials.

A generated secret is returned once, in plaintext, and stored only as an argon2 hash: whoever
loses it gets a new one (`rotate_secret`), nobody can read it back. Revoking a client stops its
access tokens at the next request (the bearer check looks at the client) and ends its sign-ins.
Every change is a domain event (`oauth_client.*`) naming the administrator, never a secret.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import structlog

from app.auth import client_jwks
from app.auth.client_keys import ClientKeysUnavailable, public_key_set
from app.auth.digests import new_secret
from app.auth.passwords import hash_secret
from app.auth.scopes import (
    API_SCOPES,
    OIDC_SCOPES,
    SYSTEM_DEFAULT_SCOPES,
    SYSTEM_FORBIDDEN_SCOPES,
    format_scope,
    unknown_scopes,
)
from app.domain.actor import Actor
from app.domain.deadlines import utcnow
from app.domain.errors import Conflict, InvalidInput
from app.domain.events import DomainEvent, named_aggregate_id
from app.domain.oauth_clients import GRANTS, AuthMethod, ClientKind, NewClient
from app.persistence.repositories import oauth as repo
from app.persistence.tables.oauth import OAuthClient
from app.persistence.uow import UnitOfWork
from app.services.common import get_or_404
from app.services.reference import organisation_at

log = structlog.get_logger()

SIGN_IN_DEFAULT_SCOPES = frozenset(OIDC_SCOPES) | (frozenset(API_SCOPES) - {"admin", "audit:read"})
"""What a sign-in app may ask for unless registered otherwise: everything a professional does at
work; administration and the access log are granted to named clients only."""


@dataclass(frozen=True)
class Registered:
    client: OAuthClient
    secret: str | None
    """The plaintext secret, when one was generated: shown once, stored nowhere."""


def _check_scopes(kind: ClientKind, scopes: list[str] | None) -> str:
    if scopes is None:
        default = SYSTEM_DEFAULT_SCOPES if kind is ClientKind.SYSTEM else SIGN_IN_DEFAULT_SCOPES
        return format_scope(default)
    if unknown := unknown_scopes(scopes):
        raise InvalidInput.field("#/scopes", f"Unknown scopes: {', '.join(unknown)}.")
    if kind is ClientKind.SYSTEM and (oidc := SYSTEM_FORBIDDEN_SCOPES.intersection(scopes)):
        raise InvalidInput.field(
            "#/scopes", f"A sector system signs nobody in: {', '.join(sorted(oidc))}."
        )
    return format_scope(scopes)


def _check_keys(jwks: dict[str, Any] | None) -> dict[str, Any] | None:
    if jwks is None:
        return None
    try:
        public_key_set(jwks)
    except ClientKeysUnavailable as exc:
        raise InvalidInput.field("#/jwks", f"The key set is not usable: {exc}.") from exc
    return {"keys": list(jwks["keys"])}


async def register_client(uow: UnitOfWork, actor: Actor | None, data: NewClient) -> Registered:
    if data.organisation_id is not None:
        await organisation_at(uow, data.organisation_id, "#/organisation_id")
    client_id = data.client_id or secrets.token_urlsafe(12)
    if await repo.client(uow.session, client_id) is not None:
        raise Conflict(f"A client {client_id} already exists.", extra={"pointer": "#/client_id"})
    method = data.method
    secret = new_secret() if method is AuthMethod.CLIENT_SECRET_BASIC else None
    row = OAuthClient(
        client_id=client_id,
        name=data.name,
        kind=data.kind.value,
        organisation_id=data.organisation_id,
        secret_hash=hash_secret(secret) if secret else None,
        token_endpoint_auth_method=method.value,
        jwks=_check_keys(data.jwks),
        jwks_uri=data.jwks_uri,
        redirect_uris=list(data.redirect_uris),
        grant_types=list(GRANTS[data.kind]),
        scope=_check_scopes(data.kind, data.scopes),
    )
    uow.session.add(row)
    await uow.flush()
    _record(uow, actor, row, "registered", f"OAuth client registered: {row.name} ({row.kind})")
    log.info("oauth.client_registered", client_id=client_id, kind=row.kind, by=_who(actor))
    return Registered(row, secret)


async def _client(uow: UnitOfWork, client_id: str) -> OAuthClient:
    return await get_or_404(uow, OAuthClient, client_id, "client")


async def get_client(uow: UnitOfWork, client_id: str) -> OAuthClient:
    return await _client(uow, client_id)


async def list_clients(uow: UnitOfWork) -> list[OAuthClient]:
    return await repo.clients(uow.session)


async def rotate_secret(uow: UnitOfWork, actor: Actor | None, client_id: str) -> str:
    """A new secret replaces the old one at once (the old stops working): deploy it first."""
    row = await _client(uow, client_id)
    if row.token_endpoint_auth_method != AuthMethod.CLIENT_SECRET_BASIC.value:
        raise Conflict(
            f"Client {client_id} authenticates with {row.token_endpoint_auth_method}, not a secret."
        )
    secret = new_secret()
    row.secret_hash = hash_secret(secret)
    uow.session.add(row)
    await uow.flush()
    _record(uow, actor, row, "secret_rotated", f"OAuth client secret rotated: {row.name}")
    log.info("oauth.client_secret_rotated", client_id=client_id, by=_who(actor))
    return secret


async def set_keys(
    uow: UnitOfWork,
    actor: Actor | None,
    client_id: str,
    *,
    jwks: dict[str, Any] | None = None,
    jwks_uri: str | None = None,
) -> OAuthClient:
    """Replace a confidential client's or system's keys (inline or by URI). The client then
    authenticates with private_key_jwt only: its secret, if it had one, is dropped."""
    if (jwks is None) == (jwks_uri is None):
        raise InvalidInput.field("#/jwks", "Give exactly one of jwks and jwks_uri.")
    row = await _client(uow, client_id)
    if row.kind == ClientKind.PUBLIC.value:
        raise Conflict("A public client cannot hold keys: it cannot keep a private key secret.")
    if row.jwks_uri:
        client_jwks.forget(row.jwks_uri)
    row.jwks, row.jwks_uri = _check_keys(jwks), jwks_uri
    row.token_endpoint_auth_method = AuthMethod.PRIVATE_KEY_JWT.value
    row.secret_hash = None
    uow.session.add(row)
    await uow.flush()
    published = {"jwks_uri": jwks_uri} if jwks_uri else {"kids": _kids(row.jwks)}
    _record(uow, actor, row, "keys_set", f"OAuth client keys replaced: {row.name}", published)
    log.info("oauth.client_keys_set", client_id=client_id, by=_who(actor))
    return row


async def revoke_client(uow: UnitOfWork, actor: Actor | None, client_id: str) -> OAuthClient:
    row = await _client(uow, client_id)
    if not row.active:
        return row
    now = utcnow()
    row.active, row.revoked_at = False, now
    uow.session.add(row)
    await uow.flush()
    await repo.revoke_client_refresh_tokens(uow.session, client_id, now)
    _record(uow, actor, row, "revoked", f"OAuth client revoked: {row.name}")
    log.info("oauth.client_revoked", client_id=client_id, by=_who(actor))
    return row


def _record(
    uow: UnitOfWork,
    actor: Actor | None,
    row: OAuthClient,
    what: str,
    summary: str,
    payload: dict[str, Any] | None = None,
) -> None:
    """No child is concerned; the client's organisation (a system's) hears of it in its feed."""
    uow.record(
        DomainEvent(
            type=f"oauth_client.{what}",
            aggregate_type="oauth_client",
            aggregate_id=named_aggregate_id("oauth_client", row.client_id),
            actor_id=actor.professional_id if actor else None,
            organisation_ids=(row.organisation_id,) if row.organisation_id else (),
            summary=summary,
            payload={"client_id": row.client_id, **(payload or {})},
        )
    )


def _kids(jwks: dict[str, Any] | None) -> list[str]:
    return [str(k.get("kid")) for k in (jwks or {}).get("keys", []) if isinstance(k, dict)]


def _who(actor: Actor | None) -> str | None:
    return str(actor.professional_id) if actor else None
