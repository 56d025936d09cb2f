"""`Idempotency-Key` on POST /graphql: a retried mutation does not act twice; a refused one
releases its key, as a refused REST request does."""

from __future__ import annotations

import pytest

from tests.factories import Api
from tests.graphql.conftest import GraphQL

pytestmark = pytest.mark.db

CREATE = """mutation($input: NewReferralInput!) {
  createReferral(input: $input) { referral { id } userErrors { field code message } }
}"""


def referral_input(api: Api, concern: dict[str, object], reason: str) -> dict[str, object]:
    return {
        "concernId": concern["id"],
        "toOrganisationId": api.world.org("mayoralty"),
        "reason": reason,
        "legalBasis": {
            "consent": {
                "givenByName": "Elena Rusu",
                "givenByRelationship": "PARENT",
                "givenAt": "2026-01-10",
                "purpose": "Sprijin pentru familie din partea autorității tutelare.",
            }
        },
    }


async def test_a_retried_mutation_replays_the_first_answer(api: Api, graphql: GraphQL) -> None:
    concern = await api.concern()
    body = {
        "query": CREATE,
        "variables": {"input": referral_input(api, concern, "Familia are nevoie de sprijin.")},
    }
    headers = api.headers("teacher", **{"Idempotency-Key": "gql-retry-1"})
    first = await api.client.post("/graphql", json=body, headers=headers)
    second = await api.client.post("/graphql", json=body, headers=headers)
    assert first.json()["data"]["createReferral"]["userErrors"] == []
    assert second.headers.get("idempotent-replayed") == "true"
    assert second.json() == first.json()
    listed = await api.ok(
        "GET", "/api/v1/referrals", "teacher", params={"concern_id": concern["id"]}
    )
    assert len(listed["items"]) == 1


async def test_a_refused_mutation_releases_its_key(api: Api) -> None:
    concern = await api.concern()
    headers = api.headers("teacher", **{"Idempotency-Key": "gql-retry-2"})
    short = {"query": CREATE, "variables": {"input": referral_input(api, concern, "x")}}
    refused = await api.client.post("/graphql", json=short, headers=headers)
    [error] = refused.json()["data"]["createReferral"]["userErrors"]
    assert error["field"] == ["input", "reason"]
    assert error["code"] == "validation-error"
    fixed = {
        "query": CREATE,
        "variables": {"input": referral_input(api, concern, "Familia are nevoie de sprijin.")},
    }
    done = await api.client.post("/graphql", json=fixed, headers=headers)
    assert done.status_code == 200
    assert "idempotent-replayed" not in done.headers
    assert done.json()["data"]["createReferral"]["referral"]["id"]
