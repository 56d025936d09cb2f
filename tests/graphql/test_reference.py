"""Reference data and the deadline policy through GraphQL: labels in the language asked for."""

from __future__ import annotations

from typing import Any

import pytest
from gql import gql
from gql.transport.exceptions import TransportQueryError

from tests.factories import Api
from tests.graphql.conftest import GraphQL

pytestmark = pytest.mark.db

TERRITORIES = """query($language: Language) {
  territories(language: $language) { code kind seat label labels { ro ru en } }
}"""
LOCALITIES = """query($code: String!, $language: Language) {
  localities(territoryCode: $code, language: $language) { code kind label labels { ro ru en } }
}"""
VOCABULARY = """query($name: VocabularyName!, $language: Language) {
  vocabulary(name: $name, language: $language) { code label labels { ro ru en } description extra }
}"""
LANGUAGES = {"RO": "ro", "RU": "ru", "EN": "en"}


def _by_code(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["code"]: i for i in items}


async def test_territories_are_labelled_in_each_language_as_rest_labels_them(
    api: Api, graphql: GraphQL
) -> None:
    labels: dict[str, dict[str, str]] = {}
    for language, lang in LANGUAGES.items():
        found = (await graphql("teacher", TERRITORIES, language=language))["territories"]
        rest = await api.ok("GET", "/api/v1/reference/territories", params={"lang": lang})
        assert [t["code"] for t in found] == [t["code"] for t in rest]
        assert {t["code"]: t["label"] for t in found} == {t["code"]: t["label"] for t in rest}
        labels[lang] = {t["code"]: t["label"] for t in found}
        for territory in found:
            assert territory["label"] == territory["labels"][lang]
    assert labels["ro"]["calarasi"] != labels["ru"]["calarasi"]
    assert labels["ro"] != labels["ru"]


async def test_without_a_language_accept_language_chooses_then_romanian(
    graphql: GraphQL,
) -> None:
    async with graphql.session("teacher", **{"Accept-Language": "ru-MD,ru;q=0.9"}) as session:
        russian = (await session.execute(gql(TERRITORIES)))["territories"]
    assert russian
    assert all(t["label"] == t["labels"]["ru"] for t in russian)
    plain = (await graphql("teacher", TERRITORIES))["territories"]
    assert all(t["label"] == t["labels"]["ro"] for t in plain)
    async with graphql.session("teacher", **{"Accept-Language": "ru"}) as session:
        request = gql(TERRITORIES)
        request.variable_values = {"language": "EN"}
        named = (await session.execute(request))["territories"]
    assert all(t["label"] == t["labels"]["en"] for t in named), "the argument wins"


async def test_localities_keep_their_romanian_name_in_english(graphql: GraphQL) -> None:
    found = {
        lang: _by_code(
            (await graphql("teacher", LOCALITIES, code="calarasi", language=language))["localities"]
        )
        for language, lang in LANGUAGES.items()
    }
    assert found["ro"], "Călărași has localities"
    assert all(code.startswith("calarasi/") for code in found["ro"])
    for code, locality in found["ro"].items():
        assert found["en"][code]["label"] == locality["label"]
    assert any(found["ru"][code]["label"] != loc["label"] for code, loc in found["ro"].items())


async def test_localities_of_an_unknown_territory_are_not_found(graphql: GraphQL) -> None:
    with pytest.raises(TransportQueryError) as refused:
        await graphql("teacher", LOCALITIES, code="atlantis")
    [error] = refused.value.errors or []
    assert error["extensions"]["code"] == "not-found"
    assert error["path"] == ["localities"]


async def test_a_vocabulary_is_labelled_in_the_language_asked(api: Api, graphql: GraphQL) -> None:
    by_language = {}
    for language, lang in LANGUAGES.items():
        terms = (await graphql("doctor", VOCABULARY, name="INDICATORS", language=language))[
            "vocabulary"
        ]
        rest = await api.ok("GET", "/api/v1/reference/indicators", "doctor", params={"lang": lang})
        assert [(t["code"], t["label"], t["description"]) for t in terms] == [
            (t["code"], t["label"], t["description"]) for t in rest
        ]
        by_language[lang] = _by_code(terms)
    assert by_language["ro"]["safe"]["label"] != by_language["en"]["safe"]["label"]
    assert by_language["ru"]["safe"]["label"] != by_language["en"]["safe"]["label"]
    kinds = _by_code((await graphql("doctor", VOCABULARY, name="ORGANISATION_KINDS"))["vocabulary"])
    assert kinds["mayoralty"]["extra"] == {"sector": "social_assistance"}


async def test_a_sector_system_reads_reference_data_too(graphql: GraphQL) -> None:
    found = await graphql("school_registry", VOCABULARY, name="URGENCIES", language="EN")
    assert {t["code"] for t in found["vocabulary"]} == {
        "routine",
        "priority",
        "child_protection",
    }


async def test_the_deadline_policy_reads_as_rest_shows_it(api: Api, graphql: GraphQL) -> None:
    found = (
        await graphql(
            "school_registry", "{ deadlinePolicy { kind urgency amount unit legalBasis } }"
        )
    )["deadlinePolicy"]
    rest = await api.ok("GET", "/api/v1/deadline-policy")
    assert [(r["kind"], r["urgency"], r["amount"], r["unit"]) for r in found] == [
        (r["kind"], r["urgency"], r["amount"], r["unit"]) for r in rest
    ]
    assert found, "the policy is seeded"
