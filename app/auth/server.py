"""Authlib's `AuthorizationServer` glued to FastAPI/Starlette and to our async database.

Authlib ships this glue for Flask and Django only. Here a Starlette request is read (its form
awaited) on the event loop and handed to Authlib as an immutable `StarletteOAuth2Request`;
Authlib runs in a worker thread (see `app.auth.bridge` for why) and answers with a plain
`(status, body, headers)` triple, which becomes a `JSONResponse` back on the loop.

`OAuthServer.__init__` is where grants, client authentication methods and endpoints are
registered: the sign-in work adds the authorization-code and refresh-token grants there.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

import structlog
from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    InvalidClientError,
    JsonPayload,
    JsonRequest,
    OAuth2Payload,
    OAuth2Request,
)
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.datastructures import FormData, Headers, QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.auth import tokens
from app.auth.assertions import PRIVATE_KEY_JWT, PrivateKeyJWT
from app.auth.bridge import OAuthCall, current, in_worker
from app.auth.clients import RegisteredClient
from app.auth.endpoints import Introspection, Revocation
from app.auth.grants import SystemClientCredentials
from app.auth.scopes import SCOPES, parse_scope
from app.persistence.repositories import oauth as repo
from app.settings import Settings

log = structlog.get_logger()


class _Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, params: FormData | QueryParams) -> None:
        self._data = dict(params)
        datalist: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in params.multi_items():
            if isinstance(value, str):
                datalist[key].append(value)
        self._datalist = datalist

    @property
    def data(self) -> dict[str, Any]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class StarletteOAuth2Request(OAuth2Request):  # type: ignore[misc]
    """A snapshot of the HTTP request, safe to read from the worker thread. Parameters come from
    the form body of a POST and from the query of a GET, never mixed: secrets in a URL end up in
    logs."""

    def __init__(self, method: str, uri: str, headers: Headers, query: QueryParams, form: FormData):
        super().__init__(method=method, uri=uri, headers=headers)
        self._query = query
        self._form = form
        self.payload = _Payload(form if method == "POST" else query)

    @property
    def args(self) -> QueryParams:
        return self._query

    @property
    def form(self) -> FormData:
        return self._form


class _JsonPayload(JsonPayload):  # type: ignore[misc]
    def __init__(self, data: Any) -> None:
        self._data = data

    @property
    def data(self) -> Any:
        return self._data


class StarletteJsonRequest(JsonRequest):  # type: ignore[misc]
    def __init__(self, method: str, uri: str, headers: Headers, data: Any) -> None:
        super().__init__(method, uri, headers)
        self.payload = _JsonPayload(data)


@dataclass(frozen=True)
class OAuthAnswer:
    status: int
    body: Any
    headers: list[tuple[str, str]]

    def response(self) -> Response:
        headers = {k: v for k, v in self.headers if k.lower() != "content-type"}
        return JSONResponse(self.body, status_code=self.status, headers=headers)


class HasProfessionalId(Protocol):
    professional_id: uuid.UUID


class OAuthServer(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, settings: Settings) -> None:
        super().__init__(scopes_supported=sorted(SCOPES))
        self.settings = settings
        self.register_client_auth_method(
            PRIVATE_KEY_JWT, PrivateKeyJWT(leeway=settings.token_leeway_seconds)
        )
        self.register_token_generator("default", self.generate_access_token)
        self.register_grant(SystemClientCredentials)
        self.register_endpoint(Revocation)
        self.register_endpoint(Introspection)

    # ---- callbacks Authlib makes (in the worker thread) ------------------------------------

    def authenticate_client(
        self, request: OAuth2Request, methods: list[str], endpoint: str = "token"
    ) -> RegisteredClient:
        try:
            client: RegisteredClient = super().authenticate_client(request, methods, endpoint)
        except InvalidClientError as exc:
            # Authlib's wording lists our method names; say what the client can act on, and
            # never which of client id or secret was wrong.
            if str(exc.description).startswith("The client cannot authenticate"):
                exc.description = (
                    "Client authentication failed: unknown client, wrong credentials, or a "
                    "method the client is not registered for."
                )
            raise
        return client

    def query_client(self, client_id: str) -> RegisteredClient | None:
        """Active clients only: a revoked client is, to every endpoint, no client at all."""
        call = current()
        row = call.run(partial(repo.client, call.session, client_id))
        return RegisteredClient.of(row) if row is not None and row.active else None

    def generate_access_token(
        self,
        grant_type: str,
        client: RegisteredClient,
        user: HasProfessionalId | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        call = current()
        issue = partial(
            tokens.issue,
            call.session,
            client_id=client.client_id,
            scopes=parse_scope(scope),
            professional_id=user.professional_id if user is not None else None,
            settings=self.settings,
        )
        issued = call.run(issue)
        return {
            "access_token": issued.token,
            "token_type": "Bearer",
            "expires_in": issued.expires_in,
            "scope": issued.claims["scope"],
        }

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        """Access tokens are self-contained and not stored. The refresh-token grant stores its
        refresh tokens (as digests) here."""

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        client = kwargs.get("client")
        log.info("oauth." + name, client_id=getattr(client, "client_id", None))

    def create_oauth2_request(self, request: Any) -> OAuth2Request:
        if isinstance(request, OAuth2Request):
            return request
        raise TypeError("build the request with OAuthServer.oauth2_request first")

    def create_json_request(self, request: Any) -> JsonRequest:
        if isinstance(request, JsonRequest):
            return request
        raise TypeError("build the request with OAuthServer.json_request first")

    def handle_response(
        self, status: int, body: Any, headers: list[tuple[str, str]]
    ) -> OAuthAnswer:
        return OAuthAnswer(status, body, list(headers))

    # ---- called by the routes (on the event loop) -----------------------------------------

    def endpoint_url(self, request: Request) -> str:
        """Our own address of the endpoint, from the issuer: behind a proxy the request's URL
        is the proxy's business, while assertions are addressed to the public one."""
        return self.settings.issuer.rstrip("/") + request.url.path

    async def oauth2_request(self, request: Request) -> StarletteOAuth2Request:
        form = await request.form() if request.method == "POST" else FormData()
        return StarletteOAuth2Request(
            request.method, self.endpoint_url(request), request.headers, request.query_params, form
        )

    async def json_request(self, request: Request) -> StarletteJsonRequest:
        return StarletteJsonRequest(
            request.method, self.endpoint_url(request), request.headers, await request.json()
        )

    async def _answer(self, request: Request, session: AsyncSession, run: Any) -> Response:
        oauth_request = await self.oauth2_request(request)
        call = OAuthCall(session, self.settings, self.endpoint_url(request))
        answer: OAuthAnswer = await in_worker(call, partial(run, oauth_request))
        return answer.response()

    async def token_response(self, request: Request, session: AsyncSession) -> Response:
        return await self._answer(request, session, self.create_token_response)

    async def endpoint_answer(self, name: str, request: Request, session: AsyncSession) -> Response:
        return await self._answer(request, session, partial(self.create_endpoint_response, name))
