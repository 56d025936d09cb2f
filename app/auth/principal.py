"""What a verified access token yields, whoever issued it (this server or a trusted external
issuer), and the one error every verifier raises."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from joserfc import jws
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError, MissingClaimError
from joserfc.jwt import JWTClaimsRegistry


@dataclass(frozen=True)
class Principal:
    """Who a verified access token speaks for."""

    kind: Literal["professional", "system"]
    subject: str
    professional_id: uuid.UUID | None
    client_id: str
    organisation_id: uuid.UUID | None
    """Systems: the client's organisation. Professionals: their own organisation."""
    scopes: frozenset[str]
    token_id: str
    issuer: str


class InvalidToken(Exception):
    """The token is not acceptable; `description` is the RFC 6750 `error_description` (plain
    ASCII, safe to show the caller: it names what failed, never a key or a secret)."""

    error = "invalid_token"

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


@dataclass(frozen=True)
class VerifiedToken:
    principal: Principal
    claims: dict[str, Any]


def token_header(token: str) -> dict[str, Any]:
    """The JOSE header of a compact JWS, unverified: only to choose how to verify it."""
    try:
        return dict(jws.extract_compact(token.encode("ascii")).headers())
    except (JoseError, ValueError, UnicodeError) as exc:
        raise InvalidToken("The token is not a signed JWT.") from exc


def claimed_issuer(token: str) -> str | None:
    """The `iss` a token claims, before anything is verified: it only says which issuer's keys
    and rules to verify the token by, and each verifier then checks `iss` again."""
    try:
        payload = json.loads(jws.extract_compact(token.encode("ascii")).payload)
    except (JoseError, ValueError, UnicodeError):
        return None
    issuer = payload.get("iss") if isinstance(payload, dict) else None
    return issuer if isinstance(issuer, str) else None


def validate_claims(registry: JWTClaimsRegistry, claims: dict[str, Any]) -> None:
    """The registry's verdict as `InvalidToken`, naming the claim that failed."""
    try:
        registry.validate(claims)
    except ExpiredTokenError as exc:
        raise InvalidToken("The token has expired.") from exc
    except MissingClaimError as exc:
        raise InvalidToken(f"The token lacks the claims: {exc.claim}.") from exc
    except ClaimError as exc:
        raise InvalidToken(f"The token's {exc.claim} claim is not valid here.") from exc
