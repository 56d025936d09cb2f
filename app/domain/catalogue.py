"""The vocabularies served as reference data, by name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain import legal_basis as lb
from app.domain import vocabulary as v
from app.domain.break_glass import REVIEW_OUTCOME_LABELS
from app.domain.labels import Labels


@dataclass(frozen=True)
class Term:
    code: str
    labels: Labels
    description: Labels | None = None
    extra: Mapping[str, object] | None = None


def _terms(
    labels: Mapping[Any, Labels], descriptions: Mapping[Any, Labels] | None = None
) -> list[Term]:
    return [
        Term(str(code), label, (descriptions or {}).get(code)) for code, label in labels.items()
    ]


VOCABULARIES: dict[str, list[Term]] = {
    "indicators": _terms(v.INDICATOR_LABELS, v.INDICATOR_DESCRIPTIONS),
    "protective-factors": _terms(v.PROTECTIVE_FACTOR_LABELS),
    "sectors": _terms(v.SECTOR_LABELS),
    "organisation-kinds": [
        Term(str(k), lab, extra={"sector": str(v.ORGANISATION_KIND_SECTOR[k])})
        for k, lab in v.ORGANISATION_KIND_LABELS.items()
    ],
    "urgencies": _terms(v.URGENCY_LABELS),
    "risk-categories": _terms(v.RISK_CATEGORY_LABELS),
    "five-questions": _terms(v.FIVE_QUESTION_LABELS),
    "rating-scale": _terms(v.RATING_SCALE),
    "levels-of-need": _terms(v.LEVEL_OF_NEED_LABELS),
    "my-world-triangle": [
        Term(str(side), lab, extra={"areas": list(v.TRIANGLE_AREAS[side])})
        for side, lab in v.TRIANGLE_LABELS.items()
    ],
    "legal-basis-kinds": _terms(lb.LEGAL_BASIS_KIND_LABELS),
    "consent-givers": _terms(lb.CONSENT_GIVER_LABELS),
    "break-glass-review-outcomes": _terms(REVIEW_OUTCOME_LABELS),
}
