"""Trilingual labels: Romanian (state language) first, Russian, English."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Language(StrEnum):
    RO = "ro"
    RU = "ru"
    EN = "en"


@dataclass(frozen=True)
class Labels:
    ro: str
    ru: str
    en: str

    def in_(self, lang: Language) -> str:
        return str(getattr(self, lang.value))

    def as_dict(self) -> dict[str, str]:
        return {"ro": self.ro, "ru": self.ru, "en": self.en}


def choose_language(asked: str | None, accept_language: str | None) -> Language:
    """The language a caller asked for by name, else the first of their Accept-Language that
    the service speaks (only the primary tag counts: ru-MD is Russian), else Romanian, the state
    language."""
    for candidate in [asked, *(accept_language or "").split(",")]:
        if candidate:
            tag = candidate.split(";")[0].strip().lower()[:2]
            if tag in Language._value2member_map_:
                return Language(tag)
    return Language.RO
