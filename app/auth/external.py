"""Access tokens of a trusted external OpenID Connect issuer: a government sign-on, a Keycloak
realm, configured in `Settings.external_issuers` beside this server's own.

Such a token is checked as strictly as ours: the signature with a key the issuer publishes at
its configured `jwks_uri` (fetched and cached by `app.auth.client_jwks`, refetched early when a
token names a kid the cached set lacks), by an algorithm from the issuer's `allowed_algs` that
fits the key (never none or HS*); then `iss`, `aud`, `exp`, `nbf` and `iat` with the usual
leeway.

Then the person. The issuer says who signed in; **our directory says who that is here and what
they may do**. The token must name a professional registered here and active (by e-mail,
case-insensitively, or by our professional id in a configured claim). Their roles are the roles
the directory gives them, never the issuer's: when `roles_claim` is configured, the issuer's
roles (translated by `role_map`) only have to include at least one role the professional holds
here, so that the issuer can take access away (a person who left the service loses the role in
the provider first) but can never grant a role our administrators did not. Scopes are the
token's intersected with this API's, and the route table still asks for its role.
"""

from __future__ import annotations

import uuid
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import Key
from joserfc.jwt import JWTClaimsRegistry
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth import client_jwks
from app.auth.client_keys import ClientKeysUnavailable
from app.auth.principal import InvalidToken, Principal, token_header, validate_claims
from app.auth.scopes import API_SCOPES
from app.persistence.repositories import oauth as repo
from app.persistence.tables.organisations import Professional
from app.settings import ExternalIssuer, Settings

CLIENT_PREFIX = "external:"
_KEY_TYPES = {"RS256": "RSA", "PS256": "RSA", "ES256": "EC", "EdDSA": "OKP"}


async def _key(token: str, issuer: ExternalIssuer, settings: Settings) -> tuple[Key, str]:
    header = token_header(token)
    alg, kid = header.get("alg"), header.get("kid")
    if not isinstance(alg, str) or alg not in issuer.allowed_algs:
        raise InvalidToken("The token's signing algorithm is not accepted.")
    if not isinstance(kid, str):
        raise InvalidToken("The token names no signing key (kid).")
    try:
        published = await client_jwks.keys_at(issuer.jwks_uri, settings, want_kid=kid)
    except ClientKeysUnavailable as exc:
        raise InvalidToken("The issuer's signing keys cannot be had now.") from exc
    key = next((k for k in published if k.kid == kid), None)
    if key is None:
        raise InvalidToken("The token was not signed by a current key of its issuer.")
    if key.key_type != _KEY_TYPES[alg] or key.get("alg", alg) != alg:
        raise InvalidToken("The token's algorithm does not match its key.")
    if key.get("use", "sig") != "sig":
        raise InvalidToken("The token was signed with a key not meant for signatures.")
    return key, alg


def _check_claims(claims: dict[str, Any], issuer: ExternalIssuer, settings: Settings) -> None:
    registry = JWTClaimsRegistry(
        leeway=settings.token_leeway_seconds,
        iss={"essential": True, "value": issuer.issuer},
        aud={"essential": True, "value": issuer.audience},
        exp={"essential": True},
    )
    validate_claims(registry, claims)


def claim_at(claims: dict[str, Any], path: str) -> Any:
    """A claim by dotted path (`realm_access.roles`); None when any step is missing."""
    value: Any = claims
    for step in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(step)
    return value


def _names(value: Any) -> frozenset[str]:
    """A space-separated string (RFC 6749 scope) or a list of strings, as a set."""
    if isinstance(value, str):
        return frozenset(value.split())
    if isinstance(value, list):
        return frozenset(v for v in value if isinstance(v, str))
    return frozenset()


async def _professional(
    claims: dict[str, Any], issuer: ExternalIssuer, session: AsyncSession
) -> Professional:
    value = claim_at(claims, issuer.professional_claim)
    person: Professional | None = None
    if issuer.professional_claim == "email":
        if claims.get("email_verified") is False:
            raise InvalidToken("The token's e-mail address is not verified.")
        if isinstance(value, str) and value.strip():
            person = await repo.professional_by_email(session, value)
    elif isinstance(value, str):
        try:
            person = await repo.professional(session, uuid.UUID(value))
        except ValueError:
            person = None
    if person is None or not person.active:
        raise InvalidToken("The token's subject is not a known professional.")
    return person


def _check_roles(claims: dict[str, Any], issuer: ExternalIssuer, person: Professional) -> None:
    if issuer.roles_claim is None:
        return
    theirs = _names(claim_at(claims, issuer.roles_claim))
    mapped = {issuer.role_map[name] for name in theirs if name in issuer.role_map}
    if not mapped.intersection(person.roles):
        raise InvalidToken("The token's roles match none the professional holds here.")


async def verify_external_token(
    token: str, issuer: ExternalIssuer, session: AsyncSession, settings: Settings
) -> Principal:
    """The professional an external issuer's access token speaks for, or `InvalidToken`."""
    key, alg = await _key(token, issuer, settings)
    try:
        claims = dict(jwt.decode(token, key, algorithms=[alg]).claims)
    except (JoseError, ValueError) as exc:
        raise InvalidToken("The token's signature does not verify.") from exc
    _check_claims(claims, issuer, settings)
    subject = claims.get(issuer.subject_claim)
    if not isinstance(subject, str) or not subject:
        raise InvalidToken(f"The token lacks the claims: {issuer.subject_claim}.")
    person = await _professional(claims, issuer, session)
    _check_roles(claims, issuer, person)
    party = claims.get("azp") or claims.get("client_id")
    client_id = CLIENT_PREFIX + (party if isinstance(party, str) and party else issuer.audience)
    jti = claims.get("jti")
    return Principal(
        kind="professional",
        subject=subject,
        professional_id=person.id,
        client_id=client_id[:120],
        organisation_id=person.organisation_id,
        scopes=_names(claim_at(claims, issuer.scope_claim)) & API_SCOPES.keys(),
        token_id=jti if isinstance(jti, str) else "",
        issuer=issuer.issuer,
    )
