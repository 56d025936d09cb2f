"""Abusive documents are refused before anything runs, each with an error a client can act on."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.main import create_app
from app.settings import Settings
from tests.factories import Api

pytestmark = pytest.mark.db


async def post(api: Api, body: Any, who: str = "social_worker", **headers: str) -> httpx.Response:
    return await api.client.post("/graphql", json=body, headers=api.headers(who, **headers))


def messages(response: httpx.Response) -> list[str]:
    return [e["message"] for e in response.json()["errors"]]


async def test_deep_nesting_is_refused_by_depth(api: Api) -> None:
    nested = "concern { referrals { concern { referrals { " * 4 + "id" + " } }" * 8
    document = "{ referrals(first: 1) { edges { node { " + nested + " } } } }"
    response = await post(api, {"query": document})
    assert response.status_code == 200
    assert any("exceeds maximum operation depth of 12" in m for m in messages(response))
    assert response.json().get("data") is None


async def test_an_alias_flood_is_refused(api: Api) -> None:
    aliases = " ".join(
        f"a{i}: referrals(first: 1) {{ pageInfo {{ hasNextPage }} }}" for i in range(40)
    )
    response = await post(api, {"query": "{ " + aliases + " }"})
    assert any("aliases" in m.lower() for m in messages(response))


async def test_a_query_that_could_read_too_many_records_is_refused_with_its_cost(
    api: Api,
) -> None:
    document = """{ referrals(first: 200) { edges { node {
        concern { referrals { child { concerns { id description } } } } } } } }"""
    response = await post(api, {"query": document})
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "query-too-costly"
    assert error["extensions"]["cost"] > error["extensions"]["maxCost"]
    assert "smaller pages" in error["message"]
    cheap = await post(api, {"query": "{ referrals(first: 5) { edges { node { id } } } }"})
    assert "errors" not in cheap.json()


async def test_the_cost_counts_a_page_size_given_in_a_variable(api: Api) -> None:
    document = """query($n: Int) { referrals(first: $n) { edges { node {
        concern { referrals { id status child { concerns { id } } } } } } } }"""
    small = await post(api, {"query": document, "variables": {"n": 1}})
    assert "errors" not in small.json()
    large = await post(api, {"query": document, "variables": {"n": 200}})
    assert large.json()["errors"][0]["extensions"]["code"] == "query-too-costly"
    # An unset page size is the default page, for the cost as for the resolver.
    unset = await post(api, {"query": document})
    assert "errors" not in unset.json()


async def test_a_batch_beyond_the_limit_is_refused_and_a_small_one_runs(api: Api) -> None:
    one = {"query": "{ referrals(first: 1) { pageInfo { hasNextPage } } }"}
    refused = await post(api, [one] * 11)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    [error] = refused.json()["errors"]
    assert "at most 10 operations" in error["detail"]
    accepted = await post(api, [one] * 3)
    assert accepted.status_code == 200
    assert [("errors" in r) for r in accepted.json()] == [False, False, False]


async def test_a_huge_document_is_refused_before_parsing(api: Api) -> None:
    padding = "#" + "x" * 25_000 + "\n"
    response = await post(api, {"query": padding + "{ referrals { pageInfo { hasNextPage } } }"})
    assert response.status_code == 413
    assert response.json()["type"] == "/problems/payload-too-large"
    assert "longer than" in response.json()["detail"]


async def test_a_token_flood_is_refused(api: Api) -> None:
    fields = " ".join("a" for _ in range(5000))
    response = await post(api, {"query": "{ " + fields + " }"})
    assert "token" in messages(response)[0].lower()


@asynccontextmanager
async def app_with(database_url: str, **settings: Any) -> AsyncIterator[httpx.AsyncClient]:
    other: FastAPI = create_app(Settings(database_url=database_url, auto_migrate=False, **settings))
    async with other.router.lifespan_context(other):
        transport = httpx.ASGITransport(app=other)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def test_introspection_can_be_switched_off(api: Api, database_url: str) -> None:
    introspect = {"query": "{ __schema { queryType { name } } }"}
    on = await post(api, introspect)
    assert on.json()["data"]["__schema"]["queryType"]["name"] == "Query"
    async with app_with(database_url, graphql_introspection=False) as client:
        off = await client.post("/graphql", json=introspect, headers=api.headers("social_worker"))
        assert "introspection has been disabled" in off.json()["errors"][0]["message"]
        plain = await client.post(
            "/graphql",
            json={"query": "{ referrals(first: 1) { pageInfo { hasNextPage } } }"},
            headers=api.headers("social_worker"),
        )
        assert "errors" not in plain.json()


async def test_persisted_queries_by_hash_and_the_allow_list_only_mode(
    api: Api, database_url: str, tmp_path: Path
) -> None:
    allowed = "query Few { referrals(first: 2) { pageInfo { hasNextPage } } }"
    digest = hashlib.sha256(allowed.encode()).hexdigest()
    listing = tmp_path / "persisted.json"
    listing.write_text(json.dumps({digest: allowed}), encoding="utf-8")
    by_hash = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}
    headers = api.headers("social_worker")
    async with app_with(
        database_url, graphql_persisted_queries=str(listing), graphql_persisted_only=True
    ) as client:
        ran = await client.post("/graphql", json=by_hash, headers=headers)
        assert ran.json()["data"]["referrals"]["pageInfo"]["hasNextPage"] is False
        verbatim = await client.post("/graphql", json={"query": allowed}, headers=headers)
        assert "errors" not in verbatim.json()
        other = {"query": "{ referrals(first: 3) { pageInfo { hasNextPage } } }"}
        refused = await client.post("/graphql", json=other, headers=headers)
        assert refused.status_code == 422
        assert "PersistedQueryNotAllowed" in refused.json()["detail"]
        unknown = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}}
        missing = await client.post("/graphql", json=unknown, headers=headers)
        assert missing.status_code == 422
        [error] = missing.json()["errors"]
        assert error["pointer"] == "#/extensions/persistedQuery/sha256Hash"
