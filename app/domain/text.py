"""Text normalisation for search: case and diacritics folded, so "Ștefan" finds "stefan"."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def search_key(family_name: str, given_name: str) -> str:
    return f"{fold(family_name)} {fold(given_name)}"


def name_prefix(text: str) -> str:
    """The folded prefix a name search matches. Refused when it holds control characters, or when
    folding leaves fewer than two letters (a name of combining marks alone would match everyone)."""
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise ValueError("A name cannot contain control characters.")
    key = fold(text)
    if len(key.replace(" ", "")) < 2:
        raise ValueError("Give at least two letters of the name.")
    return key
