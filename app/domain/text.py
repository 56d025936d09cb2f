"""Text normalisation for search: case and diacritics folded, so "Ștefan" finds "stefan"."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def search_key(family_name: str, given_name: str) -> str:
    return f"{fold(family_name)} {fold(given_name)}"
