"""The discovery documents: RFC 8414 authorization-server metadata and OpenID Connect discovery.

One function builds both, because they describe the same server and must never disagree; the
OpenID document only adds what OpenID Connect requires.
"""

from __future__ import annotations

from typing import Any

from app.auth.assertions import PRIVATE_KEY_JWT
from app.auth.keys import ASYMMETRIC_ALGS, SIGNING_ALG
from app.auth.scopes import SCOPES
from app.settings import Settings

TOKEN_AUTH_METHODS = ["client_secret_basic", PRIVATE_KEY_JWT, "none"]
GRANT_TYPES = ["authorization_code", "refresh_token", "client_credentials"]


def authorization_server_metadata(settings: Settings) -> dict[str, Any]:
    base = settings.issuer.rstrip("/")
    confidential = [m for m in TOKEN_AUTH_METHODS if m != "none"]
    return {
        "issuer": settings.issuer,
        "authorization_endpoint": f"{base}/oauth/authorize",
        "token_endpoint": settings.token_endpoint,
        "jwks_uri": f"{base}/.well-known/jwks.json",
        "revocation_endpoint": f"{base}/oauth/revoke",
        "introspection_endpoint": f"{base}/oauth/introspect",
        "scopes_supported": sorted(SCOPES),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": GRANT_TYPES,
        "token_endpoint_auth_methods_supported": TOKEN_AUTH_METHODS,
        "token_endpoint_auth_signing_alg_values_supported": list(ASYMMETRIC_ALGS),
        "revocation_endpoint_auth_methods_supported": TOKEN_AUTH_METHODS,
        "revocation_endpoint_auth_signing_alg_values_supported": list(ASYMMETRIC_ALGS),
        "introspection_endpoint_auth_methods_supported": confidential,
        "introspection_endpoint_auth_signing_alg_values_supported": list(ASYMMETRIC_ALGS),
        "code_challenge_methods_supported": ["S256"],
        "ui_locales_supported": ["ro", "ru", "en"],
    }


def openid_configuration(settings: Settings) -> dict[str, Any]:
    base = settings.issuer.rstrip("/")
    return {
        **authorization_server_metadata(settings),
        "userinfo_endpoint": f"{base}/oauth/userinfo",
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [SIGNING_ALG],
        "claims_supported": [
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "name",
            "given_name",
            "family_name",
            "email",
            "organisation_id",
            "organisation_name",
            "roles",
        ],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
    }
