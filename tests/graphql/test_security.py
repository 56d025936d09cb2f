"""GraphQL answers to the same tokens and the same rules as REST, field by field."""

from __future__ import annotations

import uuid

import pytest
from fastapi import FastAPI
from strawberry.types.base import get_object_definition

from app.api.graphql.permissions import Mirrors
from app.api.graphql.relay import to_global_id
from app.api.graphql.schema import MUTATIONS, QUERIES
from app.api.route_policy import MACHINE_ONLY, ROUTES
from app.auth.tokens import issue_access_token
from app.persistence.uow import UnitOfWork
from tests.factories import TEST_APP, Api

pytestmark = pytest.mark.db

UNGUARDED = {"node"}
"""Root fields that check their rule themselves: `node` asks the rule of the type it reads."""


def _root_fields(classes: tuple[type, ...]) -> list[tuple[str, list[Mirrors]]]:
    found = []
    for cls in classes:
        definition = get_object_definition(cls, strict=True)
        for field in definition.fields:
            mirrors = [e for e in field.extensions if isinstance(e, Mirrors)]
            found.append((field.python_name, mirrors))
    return found


def test_every_root_field_answers_to_a_rest_rule() -> None:
    unguarded = [
        name
        for name, mirrors in _root_fields(QUERIES + MUTATIONS)
        if len(mirrors) != 1 and name not in UNGUARDED
    ]
    assert unguarded == []
    for _, mirrors in _root_fields(QUERIES + MUTATIONS):
        for m in mirrors:
            assert (m.method, m.path) in ROUTES


def test_every_rest_change_has_a_mutation() -> None:
    """Mutations for every REST action: each write in the route table is mirrored by one, but
    for the integration plumbing only machines use (`MACHINE_ONLY`, each with its reason)."""
    mirrored = {(m.method, m.path) for _, ms in _root_fields(MUTATIONS) for m in ms}
    writes = {route for route in ROUTES if route[0] != "GET"} - set(MACHINE_ONLY)
    assert set(MACHINE_ONLY) <= set(ROUTES)
    assert not set(MACHINE_ONLY) & mirrored
    assert sorted(writes - mirrored) == []


async def test_no_token_is_refused_before_anything_runs(api: Api) -> None:
    r = await api.client.post("/graphql", json={"query": "{ __typename }"})
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["WWW-Authenticate"] == 'Bearer realm="girfec"'
    bad = await api.client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Authorization": "Bearer nope"}
    )
    assert bad.status_code == 401
    assert 'error="invalid_token"' in bad.headers["WWW-Authenticate"]


async def test_a_field_a_system_may_not_read_is_refused_while_the_rest_resolves(
    api: Api,
) -> None:
    """The school's registry reads its school's concern, but not the directory of people:
    `raisedBy` mirrors GET /professionals/{id}, which REST keeps to professionals."""
    concern = await api.concern("teacher")
    document = """query($id: ID!) {
      node(id: $id) { ... on Concern { status raisedBy { givenName } } } }"""
    variables = {"id": to_global_id("Concern", uuid.UUID(concern["id"]))}
    r = await api.client.post(
        "/graphql",
        json={"query": document, "variables": variables},
        headers=api.headers("school_registry"),
    )
    body = r.json()
    assert body["data"]["node"]["status"] == "recorded"
    assert body["data"]["node"]["raisedBy"] is None
    [error] = body["errors"]
    assert error["path"] == ["node", "raisedBy"]
    assert error["extensions"]["code"] == "forbidden"
    seen = await api.client.post(
        "/graphql",
        json={"query": document, "variables": variables},
        headers=api.headers("teacher"),
    )
    assert "errors" not in seen.json()
    assert seen.json()["data"]["node"]["raisedBy"]["givenName"]


async def test_a_referral_a_system_makes_on_a_consent_names_no_recorder(api: Api) -> None:
    """A sector system records the consent it refers on: no professional recorded it."""
    referral = await api.referral(who="school_registry")
    assert referral["legal_basis"]["kind"] == "consent"
    assert referral["legal_basis"]["recorded_by_id"] is None


async def test_a_token_without_the_scope_gets_insufficient_scope(api: Api, app: FastAPI) -> None:
    async with UnitOfWork(app.state.session_factory) as uow:
        token = await issue_access_token(
            uow,
            client_id=TEST_APP,
            scopes=["children:read"],
            professional_id=uuid.UUID(api.world.person("social_worker")),
        )
    r = await api.client.post(
        "/graphql",
        json={"query": "{ referrals(first: 1) { pageInfo { hasNextPage } } }"},
        headers={"Authorization": f"Bearer {token}"},
    )
    [error] = r.json()["errors"]
    assert error["extensions"]["code"] == "insufficient-scope"
    assert error["extensions"]["scope"] == "referrals:read"
    assert error["extensions"]["status"] == 403


async def test_a_record_out_of_scope_is_not_found_there_as_in_rest(api: Api) -> None:
    referral = await api.referral()
    r = await api.client.post(
        "/graphql",
        json={"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {"id": ""}},
        headers=api.headers("ungheni_worker"),
    )
    assert r.json()["errors"][0]["extensions"]["code"] == "validation-error"
    global_id = (
        await api.client.post(
            "/graphql",
            json={
                "query": "query($id: ID!) { referral(id: $id) { id } }",
                "variables": {"id": referral["id"]},
            },
            headers=api.headers("social_worker"),
        )
    ).json()["data"]["referral"]["id"]
    for document in (
        "query($id: ID!) { node(id: $id) { id } }",
        "query($id: ID!) { referral(id: $id) { id } }",
    ):
        r = await api.client.post(
            "/graphql",
            json={"query": document, "variables": {"id": global_id}},
            headers=api.headers("ungheni_worker"),
        )
        [error] = r.json()["errors"]
        assert error["extensions"]["code"] == "not-found"
        assert error["extensions"]["status"] == 404
    seen = await api.client.post(
        "/graphql",
        json={
            "query": "query($id: ID!) { node(id: $id) { ... on Referral { status } } }",
            "variables": {"id": global_id},
        },
        headers=api.headers("social_worker"),
    )
    assert seen.json()["data"]["node"]["status"] == "received"


async def test_reading_through_graphql_is_recorded_as_a_disclosure(api: Api) -> None:
    referral = await api.referral()
    await api.client.post(
        "/graphql",
        json={
            "query": "query($id: ID!) { referral(id: $id) { child { givenName } } }",
            "variables": {"id": referral["id"]},
        },
        headers=api.headers("social_worker"),
    )
    log = await api.ok("GET", f"/api/v1/children/{referral['child_id']}/disclosures", "dpo")
    seen = {(e["resource_type"], e["operation"]) for e in log["items"]}
    assert ("referral", "read") in seen
    assert ("child", "list") in seen
