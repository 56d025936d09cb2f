"""What the OAuth endpoints answer, as documented models. The answers themselves are built by
Authlib and the discovery functions; these models exist for the OpenAPI document and its
examples."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.auth.metadata import authorization_server_metadata, openid_configuration
from app.settings import Settings

# The documented defaults, not this environment's: the exported document must not depend on it.
_DEFAULTS = Settings.model_construct()


class TokenAnswer(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJSUzI1NiIsImtpZCI6Ik5fTnA...",
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "scope": "children:read concerns:write referrals:write status:read",
                },
                {
                    "access_token": "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJSUzI1NiIsImtpZCI6Ij...",
                    "token_type": "Bearer",
                    "expires_in": 600,
                    "scope": "cases:read children:read offline_access openid profile",
                    "refresh_token": "3Yv7zzSdaEQKrspilCUOmKx7J8wFjNRPuVJ6qDNjyNs",
                    "refresh_token_expires_in": 28800,
                    "id_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6Ij...",
                },
            ]
        }
    )

    access_token: str = Field(description="An RFC 9068 JWT (`typ: at+jwt`, RS256).")
    token_type: str = Field(description="Always `Bearer`.")
    expires_in: int = Field(description="Seconds until the token expires.")
    scope: str = Field(description="The scopes granted, space-separated.")
    refresh_token: str | None = Field(
        default=None,
        description="Sign-in with `offline_access`: use it once, for the next tokens.",
    )
    refresh_token_expires_in: int | None = Field(
        default=None, description="Seconds until the sign-in ends (rotation never extends it)."
    )
    id_token: str | None = Field(
        default=None, description="Sign-in with `openid`: the OpenID Connect ID token (RS256)."
    )


class OAuthError(BaseModel):
    """An OAuth 2.0 error (RFC 6749 §5.2): the OAuth endpoints answer in this shape, not in
    problem+json, because OAuth client libraries expect it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": "invalid_scope",
                    "error_description": "The client is not registered for: cases:write.",
                }
            ]
        }
    )

    error: str = Field(
        description="invalid_request, invalid_client, invalid_grant, unauthorized_client, "
        "unsupported_grant_type, invalid_scope, unsupported_token_type"
    )
    error_description: str | None = None
    error_uri: str | None = None


class RevocationAnswer(BaseModel):
    """Empty: revocation succeeds even for a token that was unknown or already revoked, so that
    the answer tells an attacker nothing (RFC 7009 §2.2)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{}]})


class Introspection(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "active": True,
                    "token_type": "Bearer",
                    "iss": "http://127.0.0.1:8000",
                    "sub": "sime-calarasi",
                    "aud": "girfec-api",
                    "client_id": "sime-calarasi",
                    "scope": "children:read status:read",
                    "principal": "system",
                    "jti": "9b1f0a3c5d7e4f2a8c6b1d3e5f7a9c0b",
                    "iat": 1795420800,
                    "exp": 1795421100,
                },
                {"active": False},
            ]
        },
    )

    active: bool = Field(description="False for a token that is unknown, expired or revoked.")


class JWKSet(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "keys": [
                        {
                            "kty": "RSA",
                            "kid": "N_Np3xQ7dV0cQyZk2bqg7W5pGgk7bC7hI9oQ4m0cR8s",
                            "alg": "RS256",
                            "use": "sig",
                            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAt...",
                            "e": "AQAB",
                        }
                    ]
                }
            ]
        }
    )

    keys: list[dict[str, Any]] = Field(
        description="Public keys: the active signing key and those retiring."
    )


class ServerMetadata(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"examples": [authorization_server_metadata(_DEFAULTS)]},
    )

    issuer: str
    token_endpoint: str
    jwks_uri: str
    scopes_supported: list[str]
    grant_types_supported: list[str]
    token_endpoint_auth_methods_supported: list[str]


class OpenIDConfiguration(ServerMetadata):
    model_config = ConfigDict(
        extra="allow", json_schema_extra={"examples": [openid_configuration(_DEFAULTS)]}
    )

    authorization_endpoint: str
    userinfo_endpoint: str
    id_token_signing_alg_values_supported: list[str]
    subject_types_supported: list[str]


class UserInfo(BaseModel):
    """OpenID Connect userinfo: `sub` always, the rest as the token's scopes allow (`profile`:
    names, organisation, roles; `email`: the address)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "sub": "5f0c2b1e-8d7a-4c3b-9e21-6a4f8b0d3c57",
                    "name": "Maria Ciobanu",
                    "given_name": "Maria",
                    "family_name": "Ciobanu",
                    "organisation_id": "0b7e6f1a-3c2d-4e5f-8a9b-1c2d3e4f5a6b",
                    "organisation_name": "Liceul Teoretic „Mihai Eminescu” Călărași",
                    "roles": ["designated_person", "teacher"],
                    "email": "maria.ciobanu@liceu-calarasi.md",
                }
            ]
        }
    )

    sub: str = Field(description="The professional's id.")
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    organisation_id: str | None = None
    organisation_name: str | None = None
    roles: list[str] | None = None
    email: str | None = None
