"""Reference data as GraphQL objects: each label in the language asked for, and in all three."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from app.domain.catalogue import Term as TermData
from app.domain.labels import Labels, Language
from app.persistence.tables.reference import Locality as LocalityRow
from app.persistence.tables.reference import Territory as TerritoryRow
from app.services import reference as service


@strawberry.type(name="Labels", description="One name in Romanian, Russian and English.")
class LabelSet:
    ro: str
    ru: str
    en: str

    @classmethod
    def of(cls, labels: Labels) -> LabelSet:
        return cls(ro=labels.ro, ru=labels.ru, en=labels.en)


@strawberry.type(description="A district, a municipality, or ATU Găgăuzia.")
class Territory:
    code: str
    kind: str
    seat: str
    label: str
    labels: LabelSet

    @classmethod
    def of(cls, row: TerritoryRow, language: Language) -> Territory:
        labels = service.territory_labels(row)
        return cls(
            code=row.code,
            kind=row.kind,
            seat=row.seat,
            label=labels.in_(language),
            labels=LabelSet.of(labels),
        )


@strawberry.type(description="A town, commune or village of a territory.")
class Locality:
    code: str
    kind: str
    label: str
    labels: LabelSet

    @classmethod
    def of(cls, row: LocalityRow, language: Language) -> Locality:
        labels = service.locality_labels(row)
        return cls(
            code=row.code, kind=row.kind, label=labels.in_(language), labels=LabelSet.of(labels)
        )


@strawberry.type(description="One term of a vocabulary of the practice model.")
class Term:
    code: str
    label: str
    labels: LabelSet
    description: str | None
    extra: JSON | None = strawberry.field(
        description="What else the term carries: an organisation kind's sector, a side of the "
        "My World triangle's areas."
    )

    @classmethod
    def of(cls, term: TermData, language: Language) -> Term:
        return cls(
            code=term.code,
            label=term.labels.in_(language),
            labels=LabelSet.of(term.labels),
            description=term.description.in_(language) if term.description else None,
            extra=cast("JSON", dict(term.extra)) if term.extra else None,
        )
