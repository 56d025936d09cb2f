"""Dependencies every REST route uses: the unit of work, the acting professional, If-Match."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import structlog
from fastapi import Depends, Header, Request, Response
from fastapi.openapi.models import (
    OAuthFlowAuthorizationCode,
    OAuthFlowClientCredentials,
    OAuthFlows,
)
from fastapi.routing import iter_route_contexts
from fastapi.security import OAuth2

from app.api.authentication import authenticate
from app.api.authorization import authorize
from app.auth.scopes import API_SCOPES
from app.domain.actor import Actor
from app.domain.errors import InvalidInput, VersionRequired
from app.persistence.uow import UnitOfWork
from app.services.transaction import transaction

log = structlog.get_logger()

API_SCOPE_DESCRIPTIONS = {scope: labels.en for scope, labels in API_SCOPES.items()}


async def _uow(request: Request) -> AsyncIterator[UnitOfWork]:
    """One transaction per request, committed after the handler and before the response is sent,
    so a failed commit is the client's error response, never a false success."""
    request_id = getattr(request.state, "request_id", None)
    async with transaction(request.app.state.session_factory, request_id) as uow:
        yield uow


Uow = Annotated[UnitOfWork, Depends(_uow, scope="function")]


BEARER = OAuth2(
    flows=OAuthFlows(
        authorizationCode=OAuthFlowAuthorizationCode(
            authorizationUrl="/oauth/authorize",
            tokenUrl="/oauth/token",
            refreshUrl="/oauth/token",
            scopes=dict(API_SCOPE_DESCRIPTIONS),
        ),
        clientCredentials=OAuthFlowClientCredentials(
            tokenUrl="/oauth/token", scopes=dict(API_SCOPE_DESCRIPTIONS)
        ),
    ),
    scheme_name="oauth2",
    description="Professionals sign in with the authorization-code flow and PKCE (S256); "
    "sector systems use client_credentials with a secret or private_key_jwt. Send the access "
    "token as `Authorization: Bearer <token>`.",
    auto_error=False,
)


async def _actor(
    request: Request,
    uow: Uow,
    authorization: Annotated[str | None, Depends(BEARER)],
    x_break_glass_reason: Annotated[
        str | None,
        Header(
            description="Break-the-glass: open a record outside your scope in an emergency by "
            "saying why (at least 15 characters). The opening is allowed for professionals whose "
            "work meets children in danger, recorded in the access log with the reason, and "
            "flagged for the data protection officer's review. HTTP headers are ASCII: "
            "percent-encode UTF-8 text (Romanian or Russian) as in a URL.",
            max_length=1000,
        ),
    ] = None,
) -> Actor:
    """The principal an access token speaks for, checked against the route table."""
    actor = await authenticate(uow, request.app.state.settings, authorization, x_break_glass_reason)
    authorize(actor, request.method, _route_path(request))
    uow.actor = actor
    return actor


def _route_path(request: Request) -> str | None:
    """The matched operation's full path template (e.g. /api/v1/cases/{case_id}). Routers are
    included lazily, so the matched route knows only its own part; the app's route table maps
    each route to its full path once."""
    paths: dict[int, str] | None = getattr(request.app.state, "route_paths", None)
    if paths is None:
        paths = {
            id(ctx.original_route): ctx.path
            for ctx in iter_route_contexts(request.app.routes)
            if ctx.path is not None
        }
        request.app.state.route_paths = paths
    return paths.get(id(request.scope.get("route")))


CurrentActor = Annotated[Actor, Depends(_actor)]


def _if_match(
    if_match: Annotated[
        str | None,
        Header(description='The ETag you read, e.g. "3". Required on every change.'),
    ] = None,
) -> int:
    if if_match is None:
        raise VersionRequired(
            "Read the record first and send its ETag in If-Match, so that you do not overwrite "
            "someone else's change."
        )
    value = if_match.strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise InvalidInput.field("If-Match", 'If-Match must be an ETag like "3".')
    return int(value)


ExpectedVersion = Annotated[int, Depends(_if_match)]


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)
