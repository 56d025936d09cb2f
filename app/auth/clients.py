"""A registered client as Authlib's grants and endpoints expect to see it.

A frozen snapshot of the row, taken on the event loop, because Authlib reads it from a worker
thread where the ORM object must not be touched.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from authlib.oauth2.rfc6749 import ClientMixin

from app.auth.passwords import verify_secret
from app.auth.redirects import redirect_uri_matches
from app.auth.scopes import format_scope, parse_scope
from app.persistence.tables.oauth import OAuthClient


@dataclass(frozen=True)
class RegisteredClient(ClientMixin):  # type: ignore[misc]
    client_id: str
    name: str
    kind: str
    organisation_id: uuid.UUID | None
    secret_hash: str | None
    token_endpoint_auth_method: str
    jwks: dict[str, Any] | None
    jwks_uri: str | None
    redirect_uris: tuple[str, ...]
    grant_types: tuple[str, ...]
    allowed_scopes: frozenset[str]

    @classmethod
    def of(cls, row: OAuthClient) -> RegisteredClient:
        return cls(
            client_id=row.client_id,
            name=row.name,
            kind=row.kind,
            organisation_id=row.organisation_id,
            secret_hash=row.secret_hash,
            token_endpoint_auth_method=row.token_endpoint_auth_method,
            jwks=row.jwks,
            jwks_uri=row.jwks_uri,
            redirect_uris=tuple(row.redirect_uris),
            grant_types=tuple(row.grant_types),
            allowed_scopes=parse_scope(row.scope),
        )

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return self.redirect_uris[0] if self.redirect_uris else None

    def get_allowed_scope(self, scope: str | None) -> str:
        return format_scope(parse_scope(scope) & self.allowed_scopes)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        # Exact match (RFC 9700 §4.1.3), any port for loopback redirects (RFC 8252 §7.3).
        return redirect_uri_matches(redirect_uri, self.redirect_uris)

    def check_client_secret(self, client_secret: str) -> bool:
        return self.secret_hash is not None and verify_secret(self.secret_hash, client_secret).ok

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        # A client authenticates the same way at every endpoint: the way it was registered.
        return method == self.token_endpoint_auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types
