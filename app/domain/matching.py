"""Is the child a message describes one we already know? Demographic scoring, in plain Python.

Sector systems spell the same child differently: a school registry writes «Țurcanu Maria» with
comma-below diacritics, a clinic in Bălți «Цуркану Мария» in Cyrillic, another «Turcanu» with
cedillas or none. Names are therefore compared on a *match key*: transliterated from Cyrillic by
the Romanian rules (щ→șt, ш→ș, ц→ț, ч→ci/ce, ж→j, х→h, ю→iu, я→ia, й→i, ы→î …), diacritics
folded, then reduced so that common spelling variants meet (k/c, y/i, sh/s, doubled letters).
The key is stored on each child, so candidates are found by an index; the score then weighs name
similarity (rapidfuzz), birth date (exact, or a typo), sex and place.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

# ---- transliteration --------------------------------------------------------------------------

_SOFT = set("еиэєiі")
"""Vowels before which Romanian writes ч as c (Чебан → Ceban), к as ch and г as gh."""

_PLAIN: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "д": "d",
    "е": "e",
    "ё": "io",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ț",
    "ш": "ș",
    "щ": "șt",
    "ъ": "",
    "ы": "î",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
    "є": "e",
    "і": "i",
    "ї": "i",
    "ґ": "g",
}


def transliterate(text: str) -> str:
    """Cyrillic to Latin as a Moldovan registry clerk would write it; Latin passes unchanged."""
    lower = text.lower()
    out: list[str] = []
    for i, ch in enumerate(lower):
        nxt = lower[i + 1] if i + 1 < len(lower) else ""
        if ch == "ч":
            # Чобану → Ciobanu, Чебан → Ceban, Чаика → Ceaica, Иванович → Ivanovici.
            out.append("c" if nxt in _SOFT else "ce" if nxt == "а" else "ci")
        elif ch == "к":
            out.append("ch" if nxt in _SOFT else "c")
        elif ch == "г":
            out.append("gh" if nxt in _SOFT else "g")
        elif ch == "я" and out and out[-1].endswith("c"):
            out.append("a")  # чя is rare; keep "cia", not "ciia"
        else:
            out.append(_PLAIN.get(ch, ch))
    return "".join(out)


def fold(text: str) -> str:
    """Lower case, diacritics removed (ș/ş, ț/ţ, ă, â, î all meet their base letter)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Spelling variants that name the same sound, applied in order on the folded ASCII text.
_VARIANTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[^a-z ]"), ""),
    (re.compile(r"sch(?=[ie])"), "sc"),  # Vișnevschi / Vishnevskiy after the k → c below
    (re.compile(r"shch|sch"), "st"),  # Russian-English щ
    (re.compile(r"tz|ts"), "t"),  # Tsurkanu → Turkanu
    (re.compile(r"zh"), "j"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"ch(?=[ie])"), "c"),  # Chiril / Kirill, Gheorghe / Georghe
    (re.compile(r"gh(?=[ie])"), "g"),
    (re.compile(r"[kq]"), "c"),
    (re.compile(r"w"), "v"),
    (re.compile(r"x"), "cs"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),  # Kirill / Chiril, Vasilii / Vasili
    (re.compile(r"\s+"), " "),
)


@lru_cache(maxsize=65_536)
def match_key(name: str) -> str:
    """The folded, transliterated key two spellings of one name share («Чобану» and «Ciobanu»
    both give "ciobanu"); empty for a name with no letters."""
    key = fold(transliterate(name))
    for pattern, replacement in _VARIANTS:
        key = pattern.sub(replacement, key)
    # Names repeat across a register (cached: a candidate list re-keys the same few names).
    # Russian -ий/-ый endings (Vasilii, Vishnevskii) and Romanian -i meet once doubling collapsed.
    return key.strip()


# ---- scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """What is known of a child, from a message or from our register."""

    family_name: str
    given_name: str
    birth_date: date
    sex: str = "unknown"
    territory_code: str | None = None
    locality_code: str | None = None
    idnp: str | None = None


@dataclass(frozen=True)
class Score:
    value: float
    reasons: dict[str, float | str] = field(default_factory=dict)
    """The feature breakdown a social worker sees on a review task."""


WEIGHT_NAME = 0.5
WEIGHT_BIRTH = 0.3
WEIGHT_PLACE = 0.2
SEX_CONFLICT_PENALTY = 0.2
BIRTH_TYPO = 0.6
"""A birth date one digit off, or with day and month swapped, counts for this much of a match:
low enough that a typo never links automatically, even with name and locality exact."""


def name_similarity(a: str, b: str) -> float:
    """Jaro-Winkler on match keys: forgiving of a letter dropped late in a long name, strict on
    the first letters, which registries rarely get wrong."""
    ka, kb = match_key(a), match_key(b)
    if not ka or not kb:
        return 0.0
    return float(JaroWinkler.similarity(ka, kb))


def birth_similarity(a: date, b: date) -> tuple[float, str]:
    if a == b:
        return 1.0, "exact"
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return BIRTH_TYPO, "day_month_swapped"
    sa, sb = a.isoformat(), b.isoformat()
    if sum(x != y for x, y in zip(sa, sb, strict=True)) == 1:
        return BIRTH_TYPO, "one_digit"
    return 0.0, "different"


def place_similarity(message: Person, known: Person) -> tuple[float, str]:
    if message.locality_code and message.locality_code == known.locality_code:
        return 1.0, "same_locality"
    if message.territory_code is None:
        return 0.5, "unknown"
    if message.territory_code == known.territory_code:
        return 0.7, "same_territory"
    return 0.2, "other_territory"


def birth_date_variants(born: date) -> list[date]:
    """The dates under which a typo'd birth date is found directly: itself and its day-month
    swap (a one-digit typo elsewhere is found through the family-name key instead)."""
    out = [born]
    if born.day <= 12 and born.day != born.month:
        with contextlib.suppress(ValueError):
            out.append(born.replace(month=born.day, day=born.month))
    return out


def score(message: Person, known: Person) -> Score:
    """How likely `known` is the child `message` describes, in [0, 1]. Two different IDNPs are
    two different children, whatever else agrees."""
    if message.idnp and known.idnp and message.idnp != known.idnp:
        return Score(0.0, {"idnp": "different"})
    family = name_similarity(message.family_name, known.family_name)
    given = name_similarity(message.given_name, known.given_name)
    straight = 0.6 * family + 0.4 * given
    # Some registries swap the order («Мария Чобану» typed into the family field).
    swapped = 0.6 * name_similarity(message.family_name, known.given_name) + 0.4 * (
        name_similarity(message.given_name, known.family_name)
    )
    name = max(straight, 0.95 * swapped)
    birth, birth_reason = birth_similarity(message.birth_date, known.birth_date)
    place, place_reason = place_similarity(message, known)
    value = WEIGHT_NAME * name + WEIGHT_BIRTH * birth + WEIGHT_PLACE * place
    sex = "unknown"
    if "unknown" not in (message.sex, known.sex):
        sex = "same" if message.sex == known.sex else "conflict"
        if sex == "conflict":
            value -= SEX_CONFLICT_PENALTY
    if birth == 0.0:
        value = min(value, WEIGHT_NAME + WEIGHT_PLACE) * 0.5  # never above the review band
    reasons: dict[str, float | str] = {
        "family_name": round(family, 3),
        "given_name": round(given, 3),
        "name": round(name, 3),
        "birth_date": birth_reason,
        "sex": sex,
        "place": place_reason,
    }
    return Score(round(max(0.0, min(1.0, value)), 4), reasons)


def best(message: Person, candidates: list[tuple[object, Person]]) -> tuple[object, Score] | None:
    """The highest-scoring candidate (its handle and score), or None when there is none."""
    scored = [(handle, score(message, known)) for handle, known in candidates]
    if not scored:
        return None
    return max(scored, key=lambda pair: pair[1].value)
