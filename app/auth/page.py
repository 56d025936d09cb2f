"""Rendering the sign-in, consent and error pages, with the headers that keep them safe.

The pages are plain HTML forms: no JavaScript, no external assets, one inline stylesheet allowed
by a per-response nonce. The Content-Security-Policy allows nothing else, forbids framing
(clickjacking a consent button), and limits where the form may go to this server and, since the
answer to it is a redirect to the client, the client's redirect URI (browsers hold the redirect
after a form submission to `form-action`).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import HTMLResponse

from app.auth.page_texts import LANGUAGE_NAMES, texts_in
from app.auth.scopes import OIDC_SCOPES, SCOPES
from app.domain.labels import Language

_env = Environment(
    loader=PackageLoader("app.auth", "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class LanguageOption:
    code: str
    name: str
    current: bool
    href: str = ""


def _form_target(redirect_uri: str | None) -> str:
    """The CSP source of the client's redirect URI: its origin, or its private-use scheme."""
    if not redirect_uri:
        return ""
    parts = urlsplit(redirect_uri)
    if parts.scheme in ("http", "https"):
        return f" {parts.scheme}://{parts.netloc}"
    return f" {parts.scheme}:" if parts.scheme else ""


def security_headers(nonce: str, redirect_uri: str | None) -> dict[str, str]:
    csp = (
        "default-src 'none'; "
        f"style-src 'nonce-{nonce}'; "
        f"form-action 'self'{_form_target(redirect_uri)}; "
        "frame-ancestors 'none'; base-uri 'none'"
    )
    return {
        "Content-Security-Policy": csp,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        "Pragma": "no-cache",
    }


def render(
    template: str,
    language: Language,
    *,
    status: int = 200,
    redirect_uri: str | None = None,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    html = _env.get_template(template).render(
        lang=language.value, t=texts_in(language), nonce=nonce, **context
    )
    return HTMLResponse(
        html,
        status_code=status,
        headers={**security_headers(nonce, redirect_uri), **(headers or {})},
    )


def language_links(path: str, params: Mapping[str, str], current: Language) -> list[LanguageOption]:
    """Links to the same sign-in page in each language (the authorization request kept)."""
    return [
        LanguageOption(
            code=language.value,
            name=LANGUAGE_NAMES[language],
            current=language is current,
            href=f"{path}?{urlencode({**params, 'lang': language.value})}",
        )
        for language in Language
    ]


def language_buttons(current: Language) -> list[LanguageOption]:
    return [
        LanguageOption(language.value, LANGUAGE_NAMES[language], language is current)
        for language in Language
    ]


@dataclass(frozen=True)
class ScopeLine:
    name: str
    label: str


def scope_lines(scopes: Iterable[str], language: Language) -> list[ScopeLine]:
    """Identity first (who you are, your name, staying signed in), then the work scopes."""
    granted = set(scopes)
    ordered = [s for s in OIDC_SCOPES if s in granted] + sorted(granted - OIDC_SCOPES.keys())
    return [ScopeLine(s, SCOPES[s].in_(language)) for s in ordered if s in SCOPES]
