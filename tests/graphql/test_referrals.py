"""Referrals through GraphQL: the same services and rules as REST."""

from __future__ import annotations

import pytest

from tests.factories import Api
from tests.graphql.conftest import GraphQL

pytestmark = pytest.mark.db

READ = """query($id: ID!) {
  referral(id: $id) {
    id databaseId status legalActions
    child { givenName } concern { urgency } toOrganisation { name }
  }
}"""

ACCEPT = """mutation($id: ID!, $v: Int!) {
  acceptReferral(id: $id, expectedVersion: $v) {
    referral { status case { stage child { givenName } } }
    userErrors { field code message }
  }
}"""


async def test_a_referral_reads_with_its_relations_and_lists_as_a_connection(
    api: Api, graphql: GraphQL
) -> None:
    concern = await api.concern()
    referral = await api.referral(concern=concern)
    data = await graphql("social_worker", READ, id=referral["id"])
    found = data["referral"]
    assert found["databaseId"] == referral["id"]
    assert found["status"] == "received"
    child = await api.ok("GET", f"/api/v1/children/{concern['child_id']}", "teacher")
    assert found["child"]["givenName"] == child["given_name"]
    assert found["concern"]["urgency"] == concern["urgency"]
    listed = await graphql(
        "social_worker",
        "{ referrals(first: 5) { edges { cursor node { id } } pageInfo { hasNextPage } } }",
    )
    assert [e["node"]["id"] for e in listed["referrals"]["edges"]] == [found["id"]]
    assert listed["referrals"]["pageInfo"]["hasNextPage"] is False


async def test_accepting_opens_a_case_and_a_stale_version_is_a_user_error(
    api: Api, graphql: GraphQL
) -> None:
    referral = await api.referral()
    accepted = await graphql("social_worker", ACCEPT, id=referral["id"], v=referral["version"])
    payload = accepted["acceptReferral"]
    assert payload["userErrors"] == []
    assert payload["referral"]["status"] == "accepted"
    assert payload["referral"]["case"]["stage"] == "initial_assessment"
    again = await graphql("social_worker", ACCEPT, id=referral["id"], v=referral["version"])
    assert again["acceptReferral"]["referral"] is None
    [error] = again["acceptReferral"]["userErrors"]
    assert error["code"] == "version-mismatch"
    assert error["field"] is None
