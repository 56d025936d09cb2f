"""Reference data in Romanian, Russian and English."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query
from pydantic import BaseModel, ConfigDict

from app.api.rest.deps import CurrentActor, Uow
from app.api.rest.responses import READ
from app.domain.catalogue import VOCABULARIES
from app.domain.labels import choose_language
from app.services import reference as service

router = APIRouter(prefix="/reference", tags=["reference"])

VocabularyName = StrEnum("VocabularyName", {k.replace("-", "_"): k for k in VOCABULARIES})  # type: ignore[misc]


class TermView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "safe",
                    "label": "În siguranță",
                    "labels": {"ro": "În siguranță", "ru": "В безопасности", "en": "Safe"},
                    "description": "Protejat, ascultat, ferit de abuz și neglijare",
                },
                {
                    "code": "mayoralty",
                    "label": "Primărie (autoritate tutelară locală)",
                    "labels": {
                        "ro": "Primărie (autoritate tutelară locală)",
                        "ru": "Примэрия (местный орган опеки)",
                        "en": "Mayoralty (local guardianship authority)",
                    },
                    "extra": {"sector": "social_assistance"},
                },
            ]
        }
    )

    code: str
    label: str
    labels: dict[str, str]
    description: str | None = None
    extra: dict[str, Any] | None = None


class LocalityView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "calarasi/bravicea",
                    "kind": "village",
                    "label": "Bravicea",
                    "labels": {"ro": "Bravicea", "ru": "Бравича", "en": "Bravicea"},
                }
            ]
        }
    )

    code: str
    kind: str
    label: str
    labels: dict[str, str]


class TerritoryView(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "calarasi",
                    "kind": "district",
                    "seat": "Călărași",
                    "label": "Călărași",
                    "labels": {"ro": "Călărași", "ru": "Калараш", "en": "Călărași"},
                },
                {
                    "code": "chisinau",
                    "kind": "municipality",
                    "seat": "Chișinău",
                    "label": "Chișinău",
                    "labels": {"ro": "Chișinău", "ru": "Кишинёв", "en": "Chișinău"},
                },
            ]
        }
    )

    code: str
    kind: str
    seat: str
    label: str
    labels: dict[str, str]


LangQuery = Annotated[
    str | None, Query(description="ro (default), ru or en; Accept-Language is used otherwise")
]


@router.get("/territories", summary="Districts, municipalities and ATU Găgăuzia", responses=READ)
async def territories(
    uow: Uow,
    actor: CurrentActor,
    lang: LangQuery = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> list[TerritoryView]:
    """The 32 districts, the municipalities Chișinău, Bălți and Bender, and ATU Găgăuzia, labelled
    in the requested language.
    """
    language = choose_language(lang, accept_language)
    out = []
    for t in await service.territories(uow):
        labels = service.territory_labels(t).as_dict()
        out.append(
            TerritoryView(
                code=t.code, kind=t.kind, seat=t.seat, label=labels[language.value], labels=labels
            )
        )
    return out


@router.get("/territories/{code}/localities", summary="Localities of a territory", responses=READ)
async def localities(
    uow: Uow,
    actor: CurrentActor,
    code: str,
    lang: LangQuery = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> list[LocalityView]:
    """Towns, communes and villages of one territory. Localities keep their Romanian name in
    English.
    """
    language = choose_language(lang, accept_language)
    out = []
    for loc in await service.localities(uow, code):
        labels = service.locality_labels(loc).as_dict()
        out.append(
            LocalityView(code=loc.code, kind=loc.kind, label=labels[language.value], labels=labels)
        )
    return out


@router.get(
    "/{vocabulary}",
    summary="A vocabulary of the practice model",
    description="indicators, protective-factors, sectors, organisation-kinds, urgencies, "
    "risk-categories (Law 140/2013 art. 8), five-questions, rating-scale, "
    "levels-of-need, my-world-triangle, legal-basis-kinds, consent-givers.",
    responses=READ,
)
async def vocabulary(
    actor: CurrentActor,
    vocabulary: VocabularyName,
    lang: LangQuery = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> list[TermView]:
    language = choose_language(lang, accept_language)
    return [
        TermView(
            code=t.code,
            label=t.labels.in_(language),
            labels=t.labels.as_dict(),
            description=t.description.in_(language) if t.description else None,
            extra=dict(t.extra) if t.extra else None,
        )
        for t in VOCABULARIES[str(vocabulary.value)]
    ]
