"""Which language the sign-in page speaks: Romanian (the state language) unless asked otherwise.

The choice made on the page (its language switch) comes first, then the client's `ui_locales`
(OpenID Connect Core §3.1.2.1, in order of preference), then the browser's `Accept-Language`
(by weight).
"""

from __future__ import annotations

from app.domain.labels import Language

DEFAULT = Language.RO


def _language(tag: str) -> Language | None:
    primary = tag.strip().split("-")[0].split("_")[0].lower()
    try:
        return Language(primary)
    except ValueError:
        return None


def _accept_language(header: str) -> list[Language]:
    weighted: list[tuple[float, int, Language]] = []
    for position, item in enumerate(header.split(",")):
        tag, _, params = item.partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        language = _language(tag)
        if language is not None and weight > 0:
            weighted.append((-weight, position, language))
    return [language for _, _, language in sorted(weighted)]


def choose_language(
    chosen: str | None, ui_locales: str | None, accept_language: str | None
) -> Language:
    if chosen and (language := _language(chosen)):
        return language
    for tag in (ui_locales or "").split():
        if language := _language(tag):
            return language
    preferred = _accept_language(accept_language or "")
    return preferred[0] if preferred else DEFAULT
