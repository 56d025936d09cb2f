"""Registering an OAuth client: which kinds there are and what each must bring.

A sector system acts for one organisation and proves itself with a secret or, better, with its
own key pair (private_key_jwt: nothing secret ever crosses the wire). A public client (a browser
or mobile app) can keep no secret, so it is identified by its exact redirect URIs and PKCE. A
confidential client is a server-side web app with both.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any, Self

from pydantic import ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from app.domain import examples as ex
from app.domain.commands import Command


class ClientKind(StrEnum):
    SYSTEM = "system"
    PUBLIC = "public"
    CONFIDENTIAL = "confidential"


class AuthMethod(StrEnum):
    CLIENT_SECRET_BASIC = "client_secret_basic"  # noqa: S105 (a method name)
    PRIVATE_KEY_JWT = "private_key_jwt"
    NONE = "none"


GRANTS: dict[ClientKind, tuple[str, ...]] = {
    ClientKind.SYSTEM: ("client_credentials",),
    ClientKind.PUBLIC: ("authorization_code", "refresh_token"),
    ClientKind.CONFIDENTIAL: ("authorization_code", "refresh_token"),
}


SCHOOL_REGISTRY: JsonDict = {
    "client_id": "sime-calarasi",
    "name": "SIME — registrul școlar Călărași",
    "kind": "system",
    "organisation_id": ex.SCHOOL_ID,
    "scopes": ["children:read", "children:write", "concerns:write", "status:read"],
}
EXAMPLE_JWK: JsonDict = {
    "kty": "EC",
    "crv": "P-256",
    "kid": "sime-2025",
    "alg": "ES256",
    "use": "sig",
    "x": "8Amn6mVZJlexymf-rWPYPtYxfIGCTADgtE3lIaEXOeA",
    "y": "haMj6gheTAs2t7z4nCgAW1DjYgRx_g6PaFrnyyRitKU",
}
POLICE_SYSTEM: JsonDict = {
    "client_id": "siip-calarasi",
    "name": "SIIP — Inspectoratul de Poliție Călărași",
    "kind": "system",
    "organisation_id": ex.POLICE_UNIT_ID,
    "jwks_uri": "https://siip.politia.md/.well-known/jwks.json",
}


class NewClient(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [SCHOOL_REGISTRY, POLICE_SYSTEM]})

    client_id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{2,99}$",
        description="A readable id (e.g. sime-calarasi); generated when not given.",
    )
    name: str = Field(min_length=2, max_length=200)
    kind: ClientKind
    organisation_id: uuid.UUID | None = None
    auth_method: AuthMethod | None = Field(
        default=None,
        description="Defaults: private_key_jwt when keys are given, none for public clients, "
        "otherwise client_secret_basic.",
    )
    jwks: dict[str, Any] | None = None
    jwks_uri: str | None = Field(default=None, max_length=500, pattern=r"^https?://")
    redirect_uris: list[str] = Field(default_factory=list)
    scopes: list[str] | None = Field(
        default=None, description="Allowed scopes; the kind's default set when not given."
    )

    @property
    def method(self) -> AuthMethod:
        if self.auth_method is not None:
            return self.auth_method
        if self.kind is ClientKind.PUBLIC:
            return AuthMethod.NONE
        if self.jwks is not None or self.jwks_uri is not None:
            return AuthMethod.PRIVATE_KEY_JWT
        return AuthMethod.CLIENT_SECRET_BASIC

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        method = self.method
        if self.kind is ClientKind.SYSTEM and self.organisation_id is None:
            raise ValueError("a sector system acts for an organisation: give organisation_id")
        if (self.kind is ClientKind.PUBLIC) != (method is AuthMethod.NONE):
            raise ValueError("public clients, and only they, authenticate with method none")
        if method is AuthMethod.PRIVATE_KEY_JWT and (self.jwks is None) == (self.jwks_uri is None):
            raise ValueError("private_key_jwt needs exactly one of jwks and jwks_uri")
        if method is not AuthMethod.PRIVATE_KEY_JWT and (self.jwks or self.jwks_uri):
            raise ValueError("keys are only for private_key_jwt clients")
        if self.kind is ClientKind.SYSTEM and self.redirect_uris:
            raise ValueError("a sector system signs nobody in: it has no redirect URIs")
        if self.kind is not ClientKind.SYSTEM and not self.redirect_uris:
            raise ValueError("a sign-in client needs at least one redirect URI")
        return self


class ClientKeys(Command):
    """A client's new public keys: inline (a JWKS) or where it publishes them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"jwks": {"keys": [EXAMPLE_JWK]}},
                {"jwks_uri": "https://sime.edu.md/.well-known/jwks.json"},
            ]
        }
    )

    jwks: dict[str, Any] | None = None
    jwks_uri: str | None = Field(default=None, max_length=500, pattern=r"^https?://")

    @model_validator(mode="after")
    def _one(self) -> Self:
        if (self.jwks is None) == (self.jwks_uri is None):
            raise ValueError("give exactly one of jwks and jwks_uri")
        return self
