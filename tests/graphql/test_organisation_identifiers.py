"""Linking a sector system's ids to our organisations through GraphQL, as REST's admin routes do:
an administrator links and unlinks, the link is what lets the registry report for the school,
and no one else may touch or read the links."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from gql.transport.exceptions import TransportQueryError

from app.api.graphql.relay import to_global_id
from app.persistence.tables.intake import OrganisationIdentifier
from tests import fixture_files
from tests.conftest import Db
from tests.factories import Api, problem_of
from tests.graphql.conftest import GraphQL

pytestmark = pytest.mark.db

CONCERNS = "/api/v1/integrations/school/concerns"
LINK = "organisationIdentifier { id databaseId organisationId system value createdAt }"
LINK_IDENTIFIER = f"""mutation($org: ID!, $input: NewOrganisationIdentifierInput!) {{
  linkOrganisationIdentifier(organisationId: $org, input: $input) {{
    {LINK} userErrors {{ field code message }}
  }}
}}"""
UNLINK_IDENTIFIER = f"""mutation($org: ID!, $id: ID!) {{
  unlinkOrganisationIdentifier(organisationId: $org, id: $id) {{
    {LINK} userErrors {{ field code message }}
  }}
}}"""
LINKS = """query($org: ID!) {
  organisationIdentifiers(organisationId: $org) { databaseId system value }
}"""
REGISTRY_LINK = {"system": "school-registry", "value": "MD-SCH-0417"}


def _url(api: Api) -> str:
    return f"/api/v1/admin/organisations/{api.world.org('school')}/identifiers"


async def _send_concern(api: Api) -> Any:
    body = fixture_files.document("school", "concern.json")
    return await api.client.post(CONCERNS, json=body, headers=api.headers("school_registry"))


async def test_an_administrator_links_and_unlinks_a_registry_id_for_a_school(
    api: Api, graphql: GraphQL, db: Db
) -> None:
    school = api.world.org("school")
    before = await _send_concern(api)
    assert problem_of(before, 422)["errors"][0]["pointer"] == "#/organisation_ref"

    org = to_global_id("Organisation", uuid.UUID(school))
    done = (await graphql("admin", LINK_IDENTIFIER, org=org, input=REGISTRY_LINK))[
        "linkOrganisationIdentifier"
    ]
    assert done["userErrors"] == []
    link = done["organisationIdentifier"]
    assert (link["organisationId"], link["system"], link["value"]) == (
        school,
        "school-registry",
        "MD-SCH-0417",
    )
    rest = await api.ok("GET", _url(api), "admin")
    assert [(i["id"], i["system"], i["value"]) for i in rest] == [
        (link["databaseId"], "school-registry", "MD-SCH-0417")
    ]
    # The plain id REST uses is taken as well as the global one.
    listed = (await graphql("admin", LINKS, org=school))["organisationIdentifiers"]
    assert listed == [
        {"databaseId": link["databaseId"], "system": "school-registry", "value": "MD-SCH-0417"}
    ]
    # The link is what lets the registry speak for the school.
    after = await _send_concern(api)
    assert after.status_code == 201, after.text

    again = (await graphql("admin", LINK_IDENTIFIER, org=org, input=REGISTRY_LINK))[
        "linkOrganisationIdentifier"
    ]
    assert again["organisationIdentifier"] is None
    assert [e["code"] for e in again["userErrors"]] == ["conflict"]
    stranger = {"system": "no-such-system", "value": "X-1"}
    refused = (await graphql("admin", LINK_IDENTIFIER, org=org, input=stranger))[
        "linkOrganisationIdentifier"
    ]
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("validation-error", ["input", "system"])
    ]
    nowhere = to_global_id("Organisation", uuid.uuid4())
    missing = (await graphql("admin", LINK_IDENTIFIER, org=nowhere, input=REGISTRY_LINK))[
        "linkOrganisationIdentifier"
    ]
    assert [e["code"] for e in missing["userErrors"]] == ["not-found"]

    gone = (await graphql("admin", UNLINK_IDENTIFIER, org=org, id=link["id"]))[
        "unlinkOrganisationIdentifier"
    ]
    assert gone["userErrors"] == []
    assert gone["organisationIdentifier"]["databaseId"] == link["databaseId"]
    assert await api.ok("GET", _url(api), "admin") == []
    assert await db.rows(OrganisationIdentifier) == []
    twice = (await graphql("admin", UNLINK_IDENTIFIER, org=org, id=link["databaseId"]))[
        "unlinkOrganisationIdentifier"
    ]
    assert twice["organisationIdentifier"] is None
    assert [e["code"] for e in twice["userErrors"]] == ["not-found"]


async def test_linking_is_refused_to_anyone_but_an_administrator(
    api: Api, graphql: GraphQL, db: Db
) -> None:
    link = await api.ok("POST", _url(api), "admin", json=REGISTRY_LINK, expect=201)
    school = api.world.org("school")
    attempts: list[tuple[str, str, dict[str, Any]]] = [
        ("organisationIdentifiers", LINKS, {"org": school}),
        (
            "linkOrganisationIdentifier",
            LINK_IDENTIFIER,
            {"org": school, "input": {"system": "clinic-records", "value": "MD-SCH-9"}},
        ),
        ("unlinkOrganisationIdentifier", UNLINK_IDENTIFIER, {"org": school, "id": link["id"]}),
    ]
    for field, document, variables in attempts:
        for who in ("teacher", "supervisor", "dpo", "school_registry"):
            with pytest.raises(TransportQueryError) as refused:
                await graphql(who, document, **variables)
            [error] = refused.value.errors or []
            assert error["extensions"]["code"] == "forbidden", (field, who)
            assert error["path"] == [field]
    kept = await db.rows(OrganisationIdentifier)
    assert [(str(r.id), r.system, r.value) for r in kept] == [
        (link["id"], "school-registry", "MD-SCH-0417")
    ]
