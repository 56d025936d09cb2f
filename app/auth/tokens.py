"""Access tokens: RFC 9068 JWTs signed with the active key.

A JWT rather than an opaque handle so that the API checks a token without a round trip to a
token table; the price is that revocation must be remembered separately (`jti` in
`oauth_revoked_access_tokens`) and that tokens are short-lived: minutes, not hours.

`sub` is the professional's id for people and the client id for sector systems (RFC 9068 §2.2),
and `principal` says which, so the API never has to guess from the shape of `sub`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from joserfc import jwt
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth import keys
from app.auth.scopes import format_scope, unknown_scopes
from app.domain.deadlines import utcnow
from app.persistence.uow import UnitOfWork
from app.settings import Settings, get_settings

ACCESS_TOKEN_TYP = "at+jwt"  # noqa: S105 (a media type, not a secret)
PrincipalKind = Literal["professional", "system"]


@dataclass(frozen=True)
class IssuedToken:
    token: str
    claims: dict[str, Any]
    expires_in: int


def session_of(session_or_uow: AsyncSession | UnitOfWork) -> AsyncSession:
    return session_or_uow.session if isinstance(session_or_uow, UnitOfWork) else session_or_uow


async def issue(
    session_or_uow: AsyncSession | UnitOfWork,
    *,
    client_id: str,
    scopes: Iterable[str],
    professional_id: uuid.UUID | None,
    lifetime: timedelta | None = None,
    extra_claims: Mapping[str, Any] | None = None,
    settings: Settings | None = None,
    jti: str | None = None,
) -> IssuedToken:
    """Sign an access token. Whether the client may have these scopes is the grant's decision,
    made before; only names outside the vocabulary are refused here, as a programming error.
    `extra_claims` is for the sign-in grants (`auth_time`, `acr`), never for the claims above.
    `jti` is given by the authorization-code grant (derived from the code, so that a replayed
    code can revoke the token); otherwise it is random."""
    settings = settings or get_settings()
    scope_set = set(scopes)
    if unknown := unknown_scopes(scope_set):
        raise ValueError(f"unknown scopes: {unknown}")
    kind: PrincipalKind = "professional" if professional_id is not None else "system"
    if lifetime is None:
        lifetime = (
            settings.professional_token_lifetime
            if kind == "professional"
            else settings.system_token_lifetime
        )
    key = await keys.signing_key(session_of(session_or_uow), settings)
    now = int(utcnow().timestamp())
    expires_in = int(lifetime.total_seconds())
    claims: dict[str, Any] = {
        **(extra_claims or {}),
        "iss": settings.issuer,
        "sub": str(professional_id) if professional_id is not None else client_id,
        "aud": settings.api_audience,
        "exp": now + expires_in,
        "iat": now,
        "jti": jti or uuid.uuid4().hex,
        "client_id": client_id,
        "scope": format_scope(scope_set),
        "principal": kind,
    }
    header = {"typ": ACCESS_TOKEN_TYP, "alg": key.alg, "kid": key.kid}
    token = jwt.encode(header, claims, key.key, algorithms=[key.alg])
    return IssuedToken(token=token, claims=claims, expires_in=expires_in)


async def issue_access_token(
    session_or_uow: AsyncSession | UnitOfWork,
    *,
    client_id: str,
    scopes: Iterable[str],
    professional_id: uuid.UUID | None,
    lifetime: timedelta | None = None,
    settings: Settings | None = None,
) -> str:
    """An access token for a professional (`professional_id`) or, without one, for the sector
    system `client_id` itself. Lifetime from the settings unless given (tests give a negative one
    to make an expired token)."""
    issued = await issue(
        session_or_uow,
        client_id=client_id,
        scopes=scopes,
        professional_id=professional_id,
        lifetime=lifetime,
        settings=settings,
    )
    return issued.token
