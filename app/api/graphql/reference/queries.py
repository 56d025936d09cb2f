"""Reference data: territories, localities and the practice model's vocabularies, labelled in
Romanian, Russian or English."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import strawberry

from app.api.graphql.inputs import graphql_enum
from app.api.graphql.permissions import mirrors
from app.api.graphql.reference.types import Locality, Term, Territory
from app.domain.catalogue import VOCABULARIES
from app.domain.labels import Language, choose_language
from app.services import reference as service

graphql_enum(Language)

_NAMES: Any = StrEnum(  # type: ignore[misc]
    "VocabularyName", {name.replace("-", "_").upper(): name for name in VOCABULARIES}
)
VocabularyName: Any = strawberry.enum(_NAMES, description="The practice model's vocabularies.")

LanguageArgument = Annotated[
    Language | None,
    strawberry.argument(
        description="The language of `label`; without it, the request's Accept-Language, and "
        "Romanian when that names none of the three."
    ),
]


def _language(info: strawberry.Info, asked: Language | None) -> Language:
    """As REST chooses: the language named, else Accept-Language, else Romanian."""
    request = getattr(info.context, "request", None)
    header = request.headers.get("accept-language") if request is not None else None
    return choose_language(asked.value if asked else None, header)


@strawberry.type
class ReferenceQueries:
    @strawberry.field(
        description="The districts, the municipalities and ATU Găgăuzia.",
        extensions=mirrors("GET", "/reference/territories"),
    )
    async def territories(
        self, info: strawberry.Info, language: LanguageArgument = None
    ) -> list[Territory]:
        chosen = _language(info, language)
        return [Territory.of(t, chosen) for t in await service.territories(info.context.uow)]

    @strawberry.field(
        description="Towns, communes and villages of one territory; in English they keep their "
        "Romanian name.",
        extensions=mirrors("GET", "/reference/territories/{code}/localities"),
    )
    async def localities(
        self, info: strawberry.Info, territory_code: str, language: LanguageArgument = None
    ) -> list[Locality]:
        chosen = _language(info, language)
        rows = await service.localities(info.context.uow, territory_code)
        return [Locality.of(loc, chosen) for loc in rows]

    @strawberry.field(
        description="A vocabulary of the practice model: the indicators, urgencies, risk "
        "categories and the rest.",
        extensions=mirrors("GET", "/reference/{vocabulary}"),
    )
    async def vocabulary(
        self,
        info: strawberry.Info,
        name: VocabularyName,
        language: LanguageArgument = None,
    ) -> list[Term]:
        chosen = _language(info, language)
        return [Term.of(t, chosen) for t in VOCABULARIES[str(name.value)]]
