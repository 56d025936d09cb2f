"""The grants this server offers. Today: client_credentials, for sector systems."""

from __future__ import annotations

from typing import Any, ClassVar

from authlib.oauth2.rfc6749 import InvalidScopeError, UnauthorizedClientError
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant

from app.auth.assertions import PRIVATE_KEY_JWT
from app.auth.scopes import format_scope, parse_scope


class SystemClientCredentials(ClientCredentialsGrant):  # type: ignore[misc]
    """A sector system asks for a token for itself (RFC 6749 §4.4).

    Only `system` clients may: a confidential sign-in app has professionals to act for and must
    not get a token that speaks for nobody. Without a `scope` the client gets everything it was
    registered with; asking for more than that is `invalid_scope`, never a silent narrowing, so
    that an integrator learns at once that the registration and the code disagree.
    """

    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = ["client_secret_basic", PRIVATE_KEY_JWT]

    def validate_token_request(self) -> None:
        super().validate_token_request()
        client = self.request.client
        if client.kind != "system":
            raise UnauthorizedClientError(
                description="Only sector systems may use the client_credentials grant."
            )
        requested = parse_scope(self.request.payload.scope)
        if not requested:
            requested = client.allowed_scopes
        beyond = requested - client.allowed_scopes
        if beyond:
            raise InvalidScopeError(
                description=f"The client is not registered for: {format_scope(beyond)}."
            )
        self.request.scope = format_scope(requested)

    def create_token_response(self) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        token = self.generate_token(scope=self.request.scope, include_refresh_token=False)
        self.save_token(token)
        return 200, token, self.TOKEN_RESPONSE_HEADER
