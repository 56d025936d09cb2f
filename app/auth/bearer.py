"""The resource server's half: is this bearer token one of ours, still good, and whose is it?

Everything an attacker controls in a JWT is distrusted until the signature is checked, and the
signature is checked only with a key we chose, by the algorithm that key was made for: the
header's `alg` merely has to agree. That closes the classic confusions (`alg: none`; HS256 keyed
with our published RSA key; a kid pointing to a key we never issued). Then the claims: our
issuer, our audience, not expired (small leeway for clock skew), not revoked; and the client and
the professional behind it must still be active, so that disabling either takes effect within
one request, not at the token's expiry.

Tokens of a trusted external OpenID Connect issuer are verified by `app.auth.external`.
"""

from __future__ import annotations

import uuid
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey
from joserfc.jwt import JWTClaimsRegistry
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth import external, keys
from app.auth.principal import InvalidToken as InvalidToken
from app.auth.principal import Principal as Principal
from app.auth.principal import VerifiedToken as VerifiedToken
from app.auth.principal import claimed_issuer, token_header, validate_claims
from app.auth.scopes import parse_scope
from app.auth.tokens import ACCESS_TOKEN_TYP
from app.persistence.repositories import oauth as repo
from app.settings import Settings

_TYPS = (ACCESS_TOKEN_TYP, "application/" + ACCESS_TOKEN_TYP)


async def _key_for(token: str, session: AsyncSession, settings: Settings) -> RSAKey:
    header = token_header(token)
    alg, kid = header.get("alg"), header.get("kid")
    if alg not in keys.ASYMMETRIC_ALGS:
        raise InvalidToken("The token's signing algorithm is not accepted.")
    if not isinstance(kid, str):
        raise InvalidToken("The token names no signing key (kid).")
    published = await keys.published_keys(session, settings, must_know=kid)
    key = next((k for k in published.published if k.kid == kid), None)
    if key is None:
        raise InvalidToken("The token was not signed by a current key of this server.")
    if alg != key.alg:
        raise InvalidToken("The token's algorithm does not match its key.")
    if str(header.get("typ", "")).lower() not in _TYPS:
        raise InvalidToken("The token is not an access token (typ must be at+jwt).")
    return RSAKey.import_key(key.public_jwk)


async def read_own_token(
    token: str, session: AsyncSession, settings: Settings
) -> dict[str, Any] | None:
    """The claims of an access token this server signed, expired or revoked or not; None for
    anything else. For revocation, which must recognise a token without accepting it."""
    try:
        key = await _key_for(token, session, settings)
        claims = dict(jwt.decode(token, key, algorithms=[key.alg or keys.SIGNING_ALG]).claims)
    except (InvalidToken, JoseError, ValueError):
        return None
    return claims if claims.get("iss") == settings.issuer else None


def _check_claims(claims: dict[str, Any], settings: Settings) -> None:
    registry = JWTClaimsRegistry(
        leeway=settings.token_leeway_seconds,
        iss={"essential": True, "value": settings.issuer},
        aud={"essential": True, "value": settings.api_audience},
        exp={"essential": True},
        iat={"essential": True},
        sub={"essential": True},
        jti={"essential": True},
        client_id={"essential": True},
        principal={"essential": True, "values": ["professional", "system"]},
    )
    validate_claims(registry, claims)
    if not isinstance(claims.get("scope", ""), str):
        raise InvalidToken("The token's scope claim is not a string.")


async def verify_access_token(
    token: str, session: AsyncSession, settings: Settings
) -> VerifiedToken:
    key = await _key_for(token, session, settings)
    try:
        claims = dict(jwt.decode(token, key, algorithms=[key.alg or keys.SIGNING_ALG]).claims)
    except JoseError as exc:
        raise InvalidToken("The token's signature does not verify.") from exc
    _check_claims(claims, settings)
    if await repo.access_token_revoked(session, str(claims["jti"])):
        raise InvalidToken("The token has been revoked.")
    client = await repo.client(session, str(claims["client_id"]))
    if client is None or not client.active:
        raise InvalidToken("The client this token was issued to is no longer active.")
    subject = str(claims["sub"])
    professional_id: uuid.UUID | None = None
    if claims["principal"] == "professional":
        try:
            professional_id = uuid.UUID(subject)
        except ValueError as exc:
            raise InvalidToken("The token's subject is not a professional's id.") from exc
        person = await repo.professional(session, professional_id)
        if person is None or not person.active:
            raise InvalidToken("The professional this token was issued to is not active.")
        organisation_id: uuid.UUID | None = person.organisation_id
    else:
        if subject != client.client_id or client.kind != "system":
            raise InvalidToken("The token's subject is not a sector system.")
        organisation_id = client.organisation_id
    principal = Principal(
        kind=claims["principal"],
        subject=subject,
        professional_id=professional_id,
        client_id=client.client_id,
        organisation_id=organisation_id,
        scopes=parse_scope(claims.get("scope")),
        token_id=str(claims["jti"]),
        issuer=str(claims["iss"]),
    )
    return VerifiedToken(principal, claims)


async def verify_bearer(token: str, session: AsyncSession, settings: Settings) -> Principal:
    """The principal of a valid access token, or `InvalidToken` saying why it is not one.

    A token claiming a configured external issuer is verified by that issuer's keys and rules
    (`app.auth.external`); every other token must be one of ours. Which path is taken depends on
    the unverified `iss`, which is safe because each path checks `iss` again, with keys that
    belong to that issuer only."""
    issuer = claimed_issuer(token)
    if issuer is not None and issuer != settings.issuer:
        trusted = settings.external_issuer(issuer)
        if trusted is None:
            raise InvalidToken("The token's issuer is not trusted here.")
        return await external.verify_external_token(token, trusted, session, settings)
    return (await verify_access_token(token, session, settings)).principal
