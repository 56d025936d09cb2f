"""Which language a caller gets: the one named, else their Accept-Language, else Romanian."""

from __future__ import annotations

import pytest

from app.domain.labels import Language, choose_language


@pytest.mark.parametrize(
    ("asked", "accept", "chosen"),
    [
        ("en", "ru", Language.EN),
        (None, "ru-MD,ru;q=0.9,ro;q=0.8", Language.RU),
        (None, "fr-FR, en;q=0.5", Language.EN),
        ("de", "EN-gb", Language.EN),
        (None, "fr, de", Language.RO),
        (None, None, Language.RO),
        ("", "", Language.RO),
    ],
)
def test_the_named_language_wins_then_accept_language_then_romanian(
    asked: str | None, accept: str | None, chosen: Language
) -> None:
    assert choose_language(asked, accept) is chosen
