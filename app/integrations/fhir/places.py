"""An address's district and city as our territory and locality codes, when they name one."""

from __future__ import annotations

import unicodedata
from functools import cache

from app.reference import territories


def _key(name: str) -> str:
    """Case, diacritics (ș/ş, ț/ţ) and the words "raionul"/"r." do not matter."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    for word in ("raionul ", "municipiul ", "mun. ", "r-nul ", "r. ", "or. ", "orasul "):
        text = text.removeprefix(word)
    return " ".join(text.replace("-", " ").split())


@cache
def _index() -> dict[str, tuple[str, dict[str, str]]]:
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for territory in territories():
        localities = {
            _key(str(loc.get(name, ""))): str(loc["code"])
            for loc in territory.get("localities", [])
            for name in ("name_ro", "name_ru")
            if loc.get(name)
        }
        for name in ("name_ro", "name_ru", "name_en", "code"):
            if territory.get(name):
                found[_key(str(territory[name]))] = (str(territory["code"]), localities)
    return found


def district_and_locality(district: str | None, city: str | None) -> tuple[str | None, str | None]:
    if not district:
        return None, None
    hit = _index().get(_key(district))
    if hit is None:
        return None, None
    code, localities = hit
    return code, localities.get(_key(city)) if city else None
