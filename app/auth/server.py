"""Authlib's `AuthorizationServer` glued to FastAPI/Starlette and to our async database.

Authlib ships this glue for Flask and Django only. Here a Starlette request is read (its form
awaited) on the event loop and handed to Authlib as an immutable `StarletteOAuth2Request`;
Authlib runs in a worker thread (see `app.auth.bridge` for why) and answers with a plain
`(status, body, headers)` triple, which becomes a `JSONResponse` back on the loop.

`OAuthServer.__init__` is where grants, client authentication methods and endpoints are
registered. The authorization endpoint is interactive (a sign-in page, then consent), so it is
two calls here: `check_authorization` validates the request before the page is shown, and
`authorize` validates it again and answers with the redirect once the professional decided.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from typing import Any

import structlog
from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    InvalidClientError,
    JsonPayload,
    JsonRequest,
    OAuth2Error,
    OAuth2Payload,
    OAuth2Request,
)
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.datastructures import FormData, Headers, QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from app.auth import tokens
from app.auth.assertions import PRIVATE_KEY_JWT, PrivateKeyJWT
from app.auth.bridge import OAuthCall, current, in_worker
from app.auth.clients import RegisteredClient
from app.auth.code_grant import ProfessionalAuthorizationCode, S256Only
from app.auth.digests import digest, new_secret
from app.auth.endpoints import Introspection, Revocation
from app.auth.grants import SystemClientCredentials
from app.auth.id_tokens import IdTokens
from app.auth.refresh_grant import RotatingRefreshToken
from app.auth.scopes import SCOPES, parse_scope
from app.auth.signed_in import SignedInUser
from app.auth.transactions import Sealer
from app.domain.deadlines import utcnow
from app.persistence.repositories import oauth as repo
from app.persistence.tables.oauth import OAuthRefreshToken
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

    @property
    def location(self) -> str | None:
        return next((v for k, v in self.headers if k.lower() == "location"), None)

    def redirect(self, status: int = 302) -> Response:
        """The answer of the authorization endpoint: back to the client, never cached."""
        location = self.location
        if location is None:
            raise ValueError("not a redirect")
        return RedirectResponse(location, status_code=status, headers={"Cache-Control": "no-store"})


@dataclass(frozen=True)
class AuthorizationCheck:
    """A valid authorization request, as the sign-in and consent pages need it."""

    client: RegisteredClient
    redirect_uri: str
    scopes: frozenset[str]


class OAuthServer(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, settings: Settings) -> None:
        super().__init__(scopes_supported=sorted(SCOPES))
        self.settings = settings
        secret = settings.sign_in_secret
        self.sealer = Sealer(
            secret.get_secret_value().encode() if secret is not None else secrets.token_bytes(32)
        )
        self.register_client_auth_method(
            PRIVATE_KEY_JWT, PrivateKeyJWT(leeway=settings.token_leeway_seconds)
        )
        self.register_token_generator("default", self.generate_access_token)
        self.register_grant(SystemClientCredentials)
        self.register_grant(ProfessionalAuthorizationCode, [S256Only(required=True), IdTokens()])
        self.register_grant(RotatingRefreshToken)
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
        user: SignedInUser | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        """An access token; and a refresh token when the grant may give one and the
        professional granted `offline_access` (stored by `save_token`)."""
        call = current()
        extra = {}
        if user is not None and user.auth_time is not None:
            extra["auth_time"] = int(user.auth_time.timestamp())
        issue = partial(
            tokens.issue,
            call.session,
            client_id=client.client_id,
            scopes=parse_scope(scope),
            professional_id=user.professional_id if user is not None else None,
            settings=self.settings,
            extra_claims=extra,
            jti=user.access_jti if user is not None else None,
        )
        issued = call.run(issue)
        token = {
            "access_token": issued.token,
            "token_type": "Bearer",
            "expires_in": issued.expires_in,
            "scope": issued.claims["scope"],
        }
        refresh_scope = parse_scope(user.refresh_scope if user is not None else None)
        if include_refresh_token and user is not None and "offline_access" in refresh_scope:
            token["refresh_token"] = new_secret()
        return token

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        """Access tokens are self-contained and not stored; a refresh token is stored as a
        digest, in its sign-in's family."""
        if "refresh_token" not in token:
            return
        call = current()
        user: SignedInUser = request.user
        assert user.family_id is not None, "a refresh token belongs to a sign-in"
        now = utcnow()
        expires_at = user.refresh_expires_at or now + self.settings.refresh_token_lifetime
        row = OAuthRefreshToken(
            token_hash=digest(token["refresh_token"]),
            family_id=user.family_id,
            client_id=request.client.client_id,
            professional_id=user.professional_id,
            scope=user.refresh_scope or token["scope"],
            issued_at=now,
            expires_at=expires_at,
        )
        call.run(partial(repo.add_refresh_token, call.session, row))
        # The client learns when the sign-in ends, not only when this access token does.
        token["refresh_token_expires_in"] = max(0, int((expires_at - now).total_seconds()))

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

    def authorization_request(
        self, request: Request, params: dict[str, str]
    ) -> StarletteOAuth2Request:
        """The authorization request carried by the sign-in page's form, as if it had just
        arrived in the query of a GET."""
        return StarletteOAuth2Request(
            "GET", self.endpoint_url(request), request.headers, QueryParams(params), FormData()
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

    # ---- the authorization endpoint (called by the sign-in page's routes) ------------------

    def _check(self, request: OAuth2Request) -> AuthorizationCheck:
        grant = self.get_consent_grant(request)
        return AuthorizationCheck(
            client=grant.client,
            redirect_uri=str(grant.redirect_uri),
            scopes=parse_scope(grant.request.scope),
        )

    async def check_authorization(
        self, oauth_request: OAuth2Request, session: AsyncSession, url: str
    ) -> AuthorizationCheck | OAuth2Error:
        """The validated request, or the error: with `redirect_uri` set when the client and
        its redirect URI were recognised (answer by redirecting), without when not (answer with
        an error page: an unverified URI is never redirected to)."""
        call = OAuthCall(session, self.settings, url)
        try:
            return await in_worker(call, partial(self._check, oauth_request))
        except OAuth2Error as error:
            return error

    def _authorize(self, request: OAuth2Request, user: SignedInUser | None) -> OAuthAnswer:
        try:
            grant = self.get_consent_grant(request, end_user=user)
        except OAuth2Error as error:
            return self.handle_error_response(request, error)  # type: ignore[no-any-return]
        return self.create_authorization_response(request, grant_user=user, grant=grant)  # type: ignore[no-any-return]

    async def authorize(
        self,
        oauth_request: OAuth2Request,
        session: AsyncSession,
        url: str,
        user: SignedInUser | None,
    ) -> OAuthAnswer:
        """Validate the request again and answer it: a code for `user`, or `access_denied`
        when the professional refused (`user` None)."""
        call = OAuthCall(session, self.settings, url)
        return await in_worker(call, partial(self._authorize, oauth_request, user))
