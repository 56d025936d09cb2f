"""`/oauth/authorize`: the professional's sign-in page, then the consent page, then the redirect.

GET validates the authorization request (Authlib, with PKCE S256 required and the redirect URI
matched exactly) and shows the sign-in form; each POST carries the request back in a signed
hidden field (`app.auth.transactions`), validates it again, and moves one step: password, then
Allow or Deny. The password check and its slowing down are `app.services.credentials`.

An error about the client or its redirect URI is shown on an error page (400) and never
redirected: that URI is not known to be the client's. Any later error goes back to the client.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from authlib.oauth2.rfc6749 import OAuth2Error
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from app.api.rest.deps import Uow
from app.auth import page
from app.auth.languages import choose_language
from app.auth.page_texts import TEXTS
from app.auth.server import AuthorizationCheck, OAuthServer
from app.auth.signed_in import SignedInUser
from app.auth.transactions import (
    BROWSER_COOKIE,
    Transaction,
    browser_digest,
    new_browser_secret,
)
from app.domain.deadlines import utcnow
from app.domain.labels import Language
from app.persistence.repositories import oauth as repo
from app.services import credentials

router = APIRouter(tags=["Sign-in"])

PATH = "/oauth/authorize"
_OWN_PARAMS = ("lang",)


def _server(request: Request) -> OAuthServer:
    server: OAuthServer = request.app.state.oauth_server
    return server


def _error_page(language: Language, message: str, error: OAuth2Error | None = None) -> Response:
    return page.render(
        "error.html",
        language,
        status=400,
        title=TEXTS["error_title"].in_(language),
        message=message,
        error=error.error if error is not None else None,
        description=error.description if error is not None else None,
    )


def _refused(error: OAuth2Error, language: Language, *, status: int = 302) -> Response:
    """Back to the client with the error when its redirect URI was verified; else a page."""
    if error.redirect_uri:
        _, _, headers = error()
        location = dict(headers)["Location"]
        return RedirectResponse(location, status_code=status, headers={"Cache-Control": "no-store"})
    return _error_page(language, TEXTS["error_intro"].in_(language), error)


def _expires(request: Request) -> int:
    lifetime: timedelta = _server(request).settings.sign_in_page_lifetime
    return int((utcnow() + lifetime).timestamp())


def _sign_in_page(
    request: Request,
    check: AuthorizationCheck,
    transaction: Transaction,
    language: Language,
    *,
    error: str | None = None,
    username: str = "",
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    return page.render(
        "sign_in.html",
        language,
        status=status,
        redirect_uri=check.redirect_uri,
        headers=headers,
        title=TEXTS["sign_in_title"].in_(language),
        intro=TEXTS["sign_in_intro"].in_(language).format(client=check.client.name),
        languages=page.language_links(PATH, transaction.params, language),
        action=PATH,
        transaction=_server(request).sealer.seal(transaction),
        error=error,
        username=username,
    )


async def _consent_page(
    request: Request,
    uow: Uow,
    check: AuthorizationCheck,
    transaction: Transaction,
    language: Language,
) -> Response:
    assert transaction.professional_id is not None
    person = await repo.professional(uow.session, uuid.UUID(transaction.professional_id))
    name = f"{person.given_name} {person.family_name}" if person is not None else ""
    return page.render(
        "consent.html",
        language,
        redirect_uri=check.redirect_uri,
        title=TEXTS["consent_title"].in_(language),
        signed_in_as=TEXTS["signed_in_as"].in_(language).format(name=name),
        intro=TEXTS["consent_intro"].in_(language).format(client=check.client.name),
        scopes=page.scope_lines(check.scopes, language),
        languages=page.language_buttons(language),
        action=PATH,
        transaction=_server(request).sealer.seal(transaction),
    )


def _with_browser_cookie(request: Request, response: Response, cookie: str) -> Response:
    response.set_cookie(
        BROWSER_COOKIE,
        cookie,
        path=PATH,
        httponly=True,
        samesite="lax",
        secure=_server(request).settings.issuer.startswith("https://"),
    )
    return response


_Param = Annotated[str | None, Query()]


@router.get(
    PATH,
    summary="Sign in (authorization endpoint)",
    description=(
        "The OAuth 2.0 authorization endpoint (RFC 6749 §4.1, OpenID Connect Core §3.1) for "
        "apps professionals sign in through. Send the browser here with `response_type=code`, "
        "`client_id`, the exact registered `redirect_uri` (loopback redirects may use any "
        "port, RFC 8252), `scope`, `state`, and PKCE: `code_challenge` with "
        "`code_challenge_method=S256` (required; `plain` is refused); with `openid`, a `nonce`. "
        "The answer is an HTML sign-in page in Romanian, Russian or English (`ui_locales`, "
        "then `Accept-Language`), then a consent page; the browser finally returns to the "
        "redirect URI with `code` and `state`, or with `error` (`access_denied` when the "
        "professional refused, `invalid_request` for a missing or `plain` PKCE challenge). A "
        "request naming an unknown client or an unregistered redirect URI is answered with an "
        "error page, never redirected."
    ),
    response_class=HTMLResponse,
    responses={
        200: {"description": "The sign-in page.", "content": {"text/html": {}}},
        302: {"description": "Back to the client's redirect URI with an OAuth `error`."},
        400: {
            "description": "An error page: the client or its redirect URI is not recognised.",
            "content": {"text/html": {"schema": {"type": "string"}}},
        },
    },
)
async def authorize_page(
    request: Request,
    uow: Uow,
    response_type: _Param = None,
    client_id: _Param = None,
    redirect_uri: _Param = None,
    scope: _Param = None,
    state: _Param = None,
    code_challenge: _Param = None,
    code_challenge_method: Annotated[str | None, Query(description="`S256`, only.")] = None,
    nonce: _Param = None,
    prompt: _Param = None,
    ui_locales: Annotated[
        str | None, Query(description="Preferred languages, e.g. `ru ro` (ro, ru, en).")
    ] = None,
    lang: Annotated[
        str | None, Query(description="The page's own language switch (ro, ru, en).")
    ] = None,
) -> Response:
    server = _server(request)
    language = choose_language(lang, ui_locales, request.headers.get("accept-language"))
    check = await server.check_authorization(
        await server.oauth2_request(request), uow.session, server.endpoint_url(request)
    )
    if isinstance(check, OAuth2Error):
        return _refused(check, language)
    cookie = request.cookies.get(BROWSER_COOKIE) or new_browser_secret()
    params = {k: v for k, v in request.query_params.items() if k not in _OWN_PARAMS}
    transaction = Transaction(params, browser_digest(cookie), _expires(request))
    answer = _sign_in_page(request, check, transaction, language)
    return _with_browser_cookie(request, answer, cookie)


_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "transaction": {
                            "type": "string",
                            "description": "The signed hidden field of the page shown.",
                        },
                        "action": {
                            "type": "string",
                            "enum": ["sign_in", "allow", "deny", "language"],
                        },
                        "lang": {"type": "string", "enum": ["ro", "ru", "en"]},
                        "username": {"type": "string", "description": "The e-mail address."},
                        "password": {"type": "string", "format": "password"},
                    },
                    "required": ["transaction", "action"],
                },
                "example": {
                    "transaction": "eyJicm93c2VyIjoiM2Y1Yz...Q.mZ0V...",
                    "action": "sign_in",
                    "lang": "ro",
                    "username": "maria.ciobanu@liceu-calarasi.md",
                    "password": "o parolă lungă și bună",
                },
            }
        },
    }
}


@router.post(
    PATH,
    summary="Sign in and consent (the page's forms)",
    description=(
        "What the sign-in page posts; not for API clients. With the username (e-mail) and "
        "password, it answers the consent page; with `allow` or `deny`, it redirects (303) to "
        "the client. A wrong username or password is answered with one message for both. After "
        "each failure the next attempt must wait (1, 2, 4 … seconds: 429 with `Retry-After` "
        "before then, the password unchecked), and after 5 failures in a row signing in is "
        "locked for 15 minutes. The form is bound to the browser that opened it and expires "
        "after 10 minutes (then an error page, 400)."
    ),
    response_class=HTMLResponse,
    openapi_extra=_FORM,
    responses={
        200: {"description": "The consent page.", "content": {"text/html": {}}},
        303: {"description": "Back to the client with `code` and `state`, or an `error`."},
        400: {
            "description": "The sign-in page again with the error (wrong username or "
            "password), or an error page (an expired or foreign form).",
            "content": {"text/html": {"schema": {"type": "string"}}},
        },
        429: {
            "description": "Too early after a failure, or locked: the page says how long to "
            "wait (`Retry-After`).",
            "content": {"text/html": {"schema": {"type": "string"}}},
        },
    },
)
async def authorize_form(request: Request, uow: Uow) -> Response:
    server = _server(request)
    form = await request.form()

    def field(name: str) -> str:
        value = form.get(name)
        return value if isinstance(value, str) else ""

    language = choose_language(field("lang"), None, request.headers.get("accept-language"))
    now = utcnow()
    transaction = server.sealer.open(field("transaction"), request.cookies.get(BROWSER_COOKIE), now)
    if transaction is None:
        return _error_page(language, TEXTS["expired"].in_(language))
    url = server.endpoint_url(request)
    oauth_request = server.authorization_request(request, transaction.params)
    check = await server.check_authorization(oauth_request, uow.session, url)
    if isinstance(check, OAuth2Error):
        return _refused(check, language, status=303)
    action = field("action")
    transaction = replace(transaction, expires=_expires(request))

    if transaction.professional_id is None:
        if action == "language":
            return _sign_in_page(request, check, transaction, language)
        username = field("username")
        outcome = await credentials.authenticate(uow, username, field("password"), server.settings)
        if isinstance(outcome, credentials.SignInRefused):
            return _sign_in_refused(request, check, transaction, language, outcome, username)
        signed_in = replace(
            transaction,
            professional_id=str(outcome.professional_id),
            auth_time=int(outcome.auth_time.timestamp()),
        )
        return await _consent_page(request, uow, check, signed_in, language)

    if action == "language":
        return await _consent_page(request, uow, check, transaction, language)
    if action not in ("allow", "deny"):
        return _error_page(language, TEXTS["expired"].in_(language))
    user = None
    if action == "allow":
        assert transaction.auth_time is not None
        user = SignedInUser(
            professional_id=uuid.UUID(transaction.professional_id),
            auth_time=datetime.fromtimestamp(transaction.auth_time, UTC),
        )
    answer = await server.authorize(oauth_request, uow.session, url, user)
    if answer.location is None:
        return _error_page(language, TEXTS["error_intro"].in_(language))
    return answer.redirect(303)


def _sign_in_refused(
    request: Request,
    check: AuthorizationCheck,
    transaction: Transaction,
    language: Language,
    outcome: credentials.SignInRefused,
    username: str,
) -> Response:
    if outcome.reason == "invalid":
        message, status, headers = TEXTS["invalid"].in_(language), 400, None
    else:
        seconds = outcome.retry_after or 1
        key = "locked" if outcome.reason == "locked" else "wait"
        message = TEXTS[key].in_(language).format(seconds=seconds, minutes=math.ceil(seconds / 60))
        status, headers = 429, {"Retry-After": str(seconds)}
    return _sign_in_page(
        request,
        check,
        transaction,
        language,
        error=message,
        username=username,
        status=status,
        headers=headers,
    )
