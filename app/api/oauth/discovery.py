"""The well-known documents: the public keys and the server's metadata."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from app.api.oauth.views import JWKSet, OpenIDConfiguration, ServerMetadata
from app.api.rest.deps import Uow
from app.auth.metadata import authorization_server_metadata, openid_configuration
from app.services import signing_keys
from app.settings import Settings

router = APIRouter(prefix="/.well-known", tags=["Sign-in"])

# Short: a resource server that caches the set must see a rotated-in key soon (and should
# refetch at once when a token names a kid it does not know).
_KEYS_CACHE = "public, max-age=60"
_METADATA_CACHE = "public, max-age=3600"


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _json(body: dict[str, Any], cache: str) -> Response:
    return JSONResponse(body, headers={"Cache-Control": cache})


@router.get(
    "/jwks.json",
    summary="The token signing keys",
    description=(
        "The public keys that verify this server's tokens (RFC 7517): the active key and any "
        "retiring key whose tokens may still be in use. Select the key by the token's `kid`."
    ),
    response_model=JWKSet,
)
async def jwks(request: Request, uow: Uow) -> Response:
    published = await signing_keys.published(uow, _settings(request))
    return _json(published.jwks(), _KEYS_CACHE)


@router.get(
    "/oauth-authorization-server",
    summary="Authorization server metadata",
    description="RFC 8414: the endpoints, grants, client authentication methods and scopes.",
    response_model=ServerMetadata,
)
async def oauth_metadata(request: Request) -> Response:
    return _json(authorization_server_metadata(_settings(request)), _METADATA_CACHE)


@router.get(
    "/openid-configuration",
    summary="OpenID Connect discovery",
    description="OpenID Connect Discovery 1.0: the RFC 8414 metadata and the OpenID additions.",
    response_model=OpenIDConfiguration,
)
async def openid_metadata(request: Request) -> Response:
    return _json(openid_configuration(_settings(request)), _METADATA_CACHE)
