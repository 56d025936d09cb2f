"""Signing in as a browser would: Authlib's client builds the authorization URL (PKCE S256) and
exchanges the code; the same httpx client, with its cookie jar, reads the sign-in page, fills
its form (the hidden fields as the page gave them) and answers the consent page."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from authlib.common.security import generate_token
from fastapi import FastAPI
from sqlalchemy import update
from sqlmodel import col

from app.domain.deadlines import utcnow
from app.persistence.tables.oauth import OAuthCredential
from app.persistence.uow import UnitOfWork
from app.services import credentials
from tests.auth.conftest import ISSUER, Clients
from tests.factories import World

AUTHORIZE_URL = f"{ISSUER}/oauth/authorize"
PASSWORD = "Mărțișor-de-primăvară-2026"
APP = "portal-mobil"
LOOPBACK = "http://127.0.0.1/callback"
PRIVATE_USE = "md.gov.girfec.app:/oauth2redirect"
APP_SCOPES = ["openid", "profile", "email", "offline_access", "children:read", "cases:read"]
ASKED = "openid profile email offline_access children:read"


class Page(HTMLParser):
    """What a test needs of a page: its language, forms, alerts, labels and inputs."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang: str | None = None
        self.forms: list[dict[str, str]] = []
        self.buttons: list[tuple[str, str]] = []
        self.alerts: list[str] = []
        self.label_for: list[str] = []
        self.input_ids: list[str] = []
        self._in_alert = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "form":
            self.forms.append({})
        elif tag == "input" and a.get("type") == "hidden" and self.forms:
            self.forms[-1][a["name"]] = a["value"]
        elif tag == "input" and "id" in a:
            self.input_ids.append(a["id"])
        elif tag == "button" and a.get("name"):
            self.buttons.append((a["name"], a.get("value", "")))
        elif tag == "label":
            self.label_for.append(a.get("for", ""))
        if a.get("role") == "alert":
            self._in_alert = True
            self.alerts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            self._in_alert = False

    def handle_data(self, data: str) -> None:
        if self._in_alert:
            self.alerts[-1] += data.strip()

    @property
    def form(self) -> dict[str, str]:
        """The page's main form (the last one: the language switch comes first)."""
        return self.forms[-1]


def query_of(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def oauth_app(
    app: FastAPI, redirect_uri: str = "http://127.0.0.1:53682/callback", **kw: Any
) -> Any:
    """A public sign-in app (Authlib's client) speaking to the ASGI app."""
    from authlib.integrations.httpx_client import AsyncOAuth2Client

    kw.setdefault("scope", ASKED)
    kw.setdefault("client_id", APP)
    kw.setdefault("token_endpoint_auth_method", "none")
    return AsyncOAuth2Client(
        code_challenge_method="S256",
        redirect_uri=redirect_uri,
        transport=httpx.ASGITransport(app=app),
        base_url=ISSUER,
        **kw,
    )


@dataclass
class Flow:
    """One sign-in in progress, as the app and the browser hold it."""

    oauth: Any
    verifier: str
    state: str
    nonce: str
    page: httpx.Response
    location: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        assert self.location is not None, self.page.text
        return query_of(self.location)["code"]


@dataclass
class SignIn:
    app: FastAPI
    world: World
    clients: Clients

    async def register_app(self, client_id: str = APP, **fields: Any) -> None:
        fields.setdefault("kind", "public")
        fields.setdefault("name", "Portalul mobil al specialiștilor")
        fields.setdefault("redirect_uris", [LOOPBACK, PRIVATE_USE])
        fields.setdefault("scopes", APP_SCOPES)
        await self.clients.register(client_id=client_id, **fields)

    async def set_password(self, who: str = "teacher", password: str = PASSWORD) -> None:
        async with UnitOfWork(self.app.state.session_factory) as uow:
            await credentials.set_password(uow, None, self.world.people[who], password)
            await uow.commit()

    async def ready(self, who: str = "teacher") -> None:
        await self.register_app()
        await self.set_password(who)

    async def start(self, oauth: Any, **params: Any) -> Flow:
        verifier = generate_token(48)
        nonce = params.pop("nonce", uuid.uuid4().hex)
        url, state = oauth.create_authorization_url(
            AUTHORIZE_URL, code_verifier=verifier, nonce=nonce, **params
        )
        page = await oauth.request("GET", url, withhold_token=True)
        return Flow(oauth, verifier, state, nonce, page)

    async def post(self, flow: Flow, form: dict[str, str], **fields: str) -> httpx.Response:
        response: httpx.Response = await flow.oauth.request(
            "POST", "/oauth/authorize", data={**form, **fields}, withhold_token=True
        )
        flow.page = response
        if response.status_code in (302, 303):
            flow.location = response.headers["location"]
        return response

    async def password(
        self, flow: Flow, who: str = "teacher", password: str = PASSWORD
    ) -> httpx.Response:
        email = f"{who}@example.md"
        form = Page(flow.page.text).form
        return await self.post(flow, form, username=email, password=password, action="sign_in")

    async def decide(self, flow: Flow, action: str = "allow") -> httpx.Response:
        return await self.post(flow, Page(flow.page.text).form, action=action)

    async def code(self, oauth: Any, who: str = "teacher", **params: Any) -> Flow:
        flow = await self.start(oauth, **params)
        assert flow.page.status_code == 200, flow.page.text
        consent = await self.password(flow, who)
        assert consent.status_code == 200, consent.text
        answer = await self.decide(flow, "allow")
        assert answer.status_code == 303, answer.text
        return flow

    async def tokens(self, oauth: Any, who: str = "teacher", **params: Any) -> dict[str, Any]:
        flow = await self.code(oauth, who, **params)
        token: dict[str, Any] = await oauth.fetch_token(
            f"{ISSUER}/oauth/token",
            authorization_response=flow.location,
            code_verifier=flow.verifier,
        )
        token["nonce"] = flow.nonce
        return token

    async def allow_next_attempt(self, who: str = "teacher") -> None:
        """As if the wait after a failure had passed (the tests never sleep)."""
        async with UnitOfWork(self.app.state.session_factory) as uow:
            await uow.session.exec(
                update(OAuthCredential)
                .where(col(OAuthCredential.professional_id) == self.world.people[who])
                .values(next_attempt_at=utcnow() - timedelta(seconds=1))
            )
            await uow.commit()

    async def credential(self, who: str = "teacher") -> OAuthCredential:
        async with UnitOfWork(self.app.state.session_factory) as uow:
            row = await uow.session.get(OAuthCredential, self.world.people[who])
            assert row is not None
            return row
