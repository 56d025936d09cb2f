"""The sign-in page's parts that need no database: redirect matching, language choice, and the
signed hidden field."""

from datetime import UTC, datetime, timedelta

import pytest

from app.auth.languages import choose_language
from app.auth.redirects import redirect_uri_matches
from app.auth.transactions import Sealer, Transaction, browser_digest
from app.domain.labels import Language

REGISTERED = [
    "http://127.0.0.1/callback",
    "http://[::1]:8400/cb",
    "md.gov.girfec.app:/oauth2redirect",
    "https://portal.girfec.md/callback",
]


@pytest.mark.parametrize(
    ("uri", "ok"),
    [
        ("http://127.0.0.1/callback", True),
        ("http://127.0.0.1:51234/callback", True),
        ("http://[::1]:9000/cb", True),
        ("http://[::1]/cb", True),
        ("md.gov.girfec.app:/oauth2redirect", True),
        ("https://portal.girfec.md/callback", True),
        ("http://127.0.0.1:51234/callback/", False),
        ("http://127.0.0.1:51234/callback?x=1", False),
        ("http://127.0.0.1:51234/callback#frag", False),
        ("http://user@127.0.0.1:51234/callback", False),
        ("http://[::1]:9000/callback", False),
        ("http://localhost:51234/callback", False),
        ("https://127.0.0.1:51234/callback", False),
        ("https://portal.girfec.md:8443/callback", False),
        ("https://portal.girfec.md/callback/../evil", False),
        ("md.gov.girfec.app:/oauth2redirect?next=x", False),
        ("http://127.0.0.1:notaport/callback", False),
    ],
)
def test_redirect_uris_match_exactly_but_loopback_ports(uri: str, ok: bool) -> None:
    assert redirect_uri_matches(uri, REGISTERED) is ok


@pytest.mark.parametrize(
    ("chosen", "ui_locales", "accept", "language"),
    [
        (None, None, None, Language.RO),
        (None, None, "fr-FR, de;q=0.9", Language.RO),
        (None, "ru", "en", Language.RU),
        (None, "fr en-US", "ru", Language.EN),
        (None, None, "ro;q=0.3, ru;q=0.8, en;q=0.5", Language.RU),
        (None, None, "en;q=0, ro", Language.RO),
        ("en", "ru", "ru", Language.EN),
        ("xx", "ru", None, Language.RU),
    ],
)
def test_the_language_is_chosen_in_order(
    chosen: str | None, ui_locales: str | None, accept: str | None, language: Language
) -> None:
    assert choose_language(chosen, ui_locales, accept) is language


NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _transaction(expires: datetime) -> Transaction:
    return Transaction({"client_id": "app"}, browser_digest("cookie"), int(expires.timestamp()))


def test_the_hidden_field_opens_only_as_sealed_in_the_same_browser_in_time() -> None:
    sealer = Sealer(b"a" * 32)
    sealed = sealer.seal(_transaction(NOW + timedelta(minutes=10)))
    assert sealer.open(sealed, "cookie", NOW) == _transaction(NOW + timedelta(minutes=10))
    assert sealer.open(sealed, "another browser", NOW) is None
    assert sealer.open(sealed, None, NOW) is None
    assert sealer.open(sealed, "cookie", NOW + timedelta(minutes=11)) is None
    assert Sealer(b"b" * 32).open(sealed, "cookie", NOW) is None
    body, mac = sealed.split(".")
    assert (
        sealer.open(body[:-1] + ("A" if body[-1] != "A" else "B") + "." + mac, "cookie", NOW)
        is None
    )
    assert sealer.open("garbage", "cookie", NOW) is None
