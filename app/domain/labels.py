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
