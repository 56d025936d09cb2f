"""`/oauth/token`, `/oauth/revoke`, `/oauth/introspect`: thin routes over the Authlib server.

The parameters are form fields (RFC 6749 §4.4.2), read by Authlib, not by FastAPI: a missing
`grant_type` must be the OAuth `invalid_request` a client library understands, not a 422 problem.
The form is therefore documented by hand (`openapi_extra`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from app.api.oauth.views import Introspection, OAuthError, RevocationAnswer, TokenAnswer
from app.api.rest.deps import Uow
from app.auth.server import OAuthServer

router = APIRouter(tags=["Sign-in"])

_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_CLIENT_ASSERTION: dict[str, Any] = {
    "client_assertion_type": {"type": "string", "enum": [_ASSERTION_TYPE]},
    "client_assertion": {
        "type": "string",
        "description": "private_key_jwt: a JWT signed with the client's key; iss and sub the "
        "client id, aud the token endpoint, a unique jti, exp within 5 minutes.",
    },
}


def _form(properties: dict[str, Any], required: list[str], example: dict[str, str]) -> Any:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {**properties, **_CLIENT_ASSERTION},
                        "required": required,
                    },
                    "example": example,
                }
            },
        }
    }


def _errors(*, unauthorized: str) -> dict[int | str, dict[str, Any]]:
    return {
        400: {"model": OAuthError, "description": "An OAuth error (RFC 6749 §5.2)."},
        401: {"model": OAuthError, "description": unauthorized},
    }


def _server(request: Request) -> OAuthServer:
    server: OAuthServer = request.app.state.oauth_server
    return server


@router.post(
    "/oauth/token",
    summary="Get an access token",
    description=(
        "The token endpoint. Sector systems use `grant_type=client_credentials` and "
        "authenticate with HTTP Basic (`client_secret_basic`) or a signed JWT "
        "(`private_key_jwt`, RFC 7523). Without `scope` the client gets every scope it is "
        "registered for; asking for more is `invalid_scope`. The answer is an RFC 9068 JWT "
        "valid for 5 minutes, sent with `Cache-Control: no-store`. Sign-in apps exchange "
        "the code from `/oauth/authorize` (`grant_type=authorization_code` with `code`, "
        "`redirect_uri` and the PKCE `code_verifier`; public apps send `client_id` and no "
        "secret) for a professional's access token (10 minutes), an ID token with `openid`, "
        "and with `offline_access` a refresh token. A code works once, within 60 seconds; "
        "presented again it is `invalid_grant` and revokes what it gave. "
        "`grant_type=refresh_token` returns a new refresh token every time; presenting a "
        "used one is `invalid_grant` and ends the sign-in (RFC 9700 §4.14.2)."
    ),
    response_model=TokenAnswer,
    responses=_errors(
        unauthorized="`invalid_client`: the client could not be authenticated; with "
        "`WWW-Authenticate: Basic` when it tried Basic."
    ),
    openapi_extra=_form(
        {
            "grant_type": {
                "type": "string",
                "enum": ["client_credentials", "authorization_code", "refresh_token"],
            },
            "scope": {"type": "string", "description": "Space-separated scopes."},
            "code": {"type": "string", "description": "authorization_code: the code."},
            "redirect_uri": {
                "type": "string",
                "description": "authorization_code: as sent to /oauth/authorize.",
            },
            "code_verifier": {
                "type": "string",
                "description": "authorization_code: the PKCE verifier (43 to 128 characters).",
            },
            "refresh_token": {"type": "string", "description": "refresh_token: the token."},
            "client_id": {"type": "string", "description": "Public clients only."},
        },
        ["grant_type"],
        {"grant_type": "client_credentials", "scope": "children:read status:read"},
    ),
)
async def token(request: Request, uow: Uow) -> Response:
    return await _server(request).token_response(request, uow.session)


@router.post(
    "/oauth/revoke",
    summary="Revoke a token",
    description=(
        "RFC 7009. Revoking an access token makes it unusable at once (until then it would "
        "have lived its few minutes); revoking a refresh token ends the whole sign-in it "
        "belongs to. The client authenticates as at the token endpoint; a public client "
        "sends its `client_id`. Unknown tokens are answered 200 like known ones."
    ),
    response_model=RevocationAnswer,
    responses=_errors(unauthorized="`invalid_client`: the client could not be authenticated."),
    openapi_extra=_form(
        {
            "token": {"type": "string"},
            "token_type_hint": {"type": "string", "enum": ["access_token", "refresh_token"]},
            "client_id": {"type": "string", "description": "Public clients only."},
        },
        ["token"],
        {"token": "eyJhbGciOiJSUzI1NiIsImtpZCI6Ik5fTnA...", "token_type_hint": "access_token"},
    ),
)
async def revoke(request: Request, uow: Uow) -> Response:
    return await _server(request).endpoint_answer("revocation", request, uow.session)


@router.post(
    "/oauth/introspect",
    summary="Inspect a token",
    description=(
        "RFC 7662. A confidential client or sector system asks whether a token issued to it is "
        "still active, and gets its claims. Anything else (unknown, expired, revoked, another "
        'client\'s) is `{"active": false}`.'
    ),
    response_model=Introspection,
    responses=_errors(unauthorized="`invalid_client`: the client could not be authenticated."),
    openapi_extra=_form(
        {
            "token": {"type": "string"},
            "token_type_hint": {"type": "string", "enum": ["access_token", "refresh_token"]},
        },
        ["token"],
        {"token": "eyJhbGciOiJSUzI1NiIsImtpZCI6Ik5fTnA..."},
    ),
)
async def introspect(request: Request, uow: Uow) -> Response:
    return await _server(request).endpoint_answer("introspection", request, uow.session)
