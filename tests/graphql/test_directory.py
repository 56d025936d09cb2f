"""The directory through GraphQL: organisations, professionals, `me`, and registering them."""

from __future__ import annotations

from typing import Any

import pytest
from gql.transport.exceptions import TransportQueryError

from tests.factories import Api
from tests.graphql.conftest import GraphQL

pytestmark = pytest.mark.db

ORGANISATION = """query($id: ID!) {
  organisation(id: $id) {
    id databaseId name kind sector territoryCode localityCode active version createdAt
  }
}"""
ORGANISATIONS = """query($kind: OrganisationKind, $territory: String, $first: Int, $after: String) {
  organisations(kind: $kind, territoryCode: $territory, first: $first, after: $after) {
    nodes { databaseId name kind territoryCode }
    pageInfo { hasNextPage endCursor }
  }
}"""
PROFESSIONAL = """query($id: ID!) {
  professional(id: $id) {
    id databaseId givenName familyName email roles active version
    organisation { databaseId name }
  }
}"""
PROFESSIONALS = """query($organisation: ID) {
  professionals(organisationId: $organisation, first: 10) { nodes { databaseId roles } }
}"""
ME = "{ me { databaseId givenName roles organisation { databaseId } } }"
CREATE_ORGANISATION = """mutation($input: NewOrganisationInput!) {
  createOrganisation(input: $input) {
    organisation { id databaseId name kind sector territoryCode localityCode version }
    userErrors { field code reason message }
  }
}"""
CREATE_PROFESSIONAL = """mutation($input: NewProfessionalInput!) {
  createProfessional(input: $input) {
    professional { databaseId email roles organisation { databaseId } }
    userErrors { field code message }
  }
}"""


async def refused(graphql: GraphQL, who: str, document: str, **variables: Any) -> dict[str, Any]:
    """The one GraphQL error a document is refused with."""
    with pytest.raises(TransportQueryError) as caught:
        await graphql(who, document, **variables)
    [error] = caught.value.errors or []
    return dict(error)


async def test_an_organisation_reads_as_rest_shows_it_by_either_id(
    api: Api, graphql: GraphQL
) -> None:
    school = api.world.org("school")
    rest = await api.ok("GET", f"/api/v1/organisations/{school}")
    by_rest_id = (await graphql("teacher", ORGANISATION, id=school))["organisation"]
    assert by_rest_id["databaseId"] == school
    for field, key in [
        ("name", "name"),
        ("kind", "kind"),
        ("sector", "sector"),
        ("territoryCode", "territory_code"),
        ("version", "version"),
    ]:
        assert by_rest_id[field] == rest[key]
    by_global_id = await graphql("school_registry", ORGANISATION, id=by_rest_id["id"])
    assert by_global_id["organisation"] == by_rest_id
    node = await graphql(
        "teacher",
        "query($id: ID!) { node(id: $id) { ... on Organisation { name } } }",
        id=by_rest_id["id"],
    )
    assert node["node"]["name"] == rest["name"]


async def test_organisations_filter_and_page_as_the_rest_list(api: Api, graphql: GraphQL) -> None:
    mayoralties = (await graphql("teacher", ORGANISATIONS, kind="MAYORALTY", first=10))[
        "organisations"
    ]
    assert {o["databaseId"] for o in mayoralties["nodes"]} == {
        api.world.org("mayoralty"),
        api.world.org("ungheni_mayoralty"),
    }
    ungheni = (await graphql("teacher", ORGANISATIONS, territory="ungheni", first=10))[
        "organisations"
    ]
    assert [o["databaseId"] for o in ungheni["nodes"]] == [api.world.org("ungheni_mayoralty")]

    rest = await api.ok("GET", "/api/v1/organisations", params={"limit": 100})
    seen: list[str] = []
    after = None
    while True:
        page = (await graphql("teacher", ORGANISATIONS, first=3, after=after))["organisations"]
        seen += [o["databaseId"] for o in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [o["id"] for o in rest["items"]]
    assert len(seen) > 3, "more than one page was read"


async def test_a_professional_reads_with_their_organisation(api: Api, graphql: GraphQL) -> None:
    supervisor = api.world.person("supervisor")
    found = (await graphql("teacher", PROFESSIONAL, id=supervisor))["professional"]
    rest = await api.ok("GET", f"/api/v1/professionals/{supervisor}")
    assert found["databaseId"] == supervisor
    assert (found["givenName"], found["email"], found["roles"], found["version"]) == (
        rest["given_name"],
        rest["email"],
        rest["roles"],
        rest["version"],
    )
    assert found["organisation"]["databaseId"] == api.world.org("directorate")
    colleagues = await graphql("teacher", PROFESSIONALS, organisation=api.world.org("directorate"))
    assert {p["databaseId"] for p in colleagues["professionals"]["nodes"]} == {
        supervisor,
        api.world.person("dpo"),
    }


async def test_me_is_the_signed_in_professional_and_not_for_a_system(
    api: Api, graphql: GraphQL
) -> None:
    for who, organisation in [("teacher", "school"), ("ungheni_worker", "ungheni_mayoralty")]:
        me = (await graphql(who, ME))["me"]
        assert me["databaseId"] == api.world.person(who)
        assert me["organisation"]["databaseId"] == api.world.org(organisation)
    error = await refused(graphql, "school_registry", ME)
    assert error["extensions"]["code"] == "forbidden"
    error = await refused(graphql, "school_registry", PROFESSIONAL, id=api.world.person("teacher"))
    assert error["extensions"]["code"] == "forbidden"


async def test_an_administrator_registers_an_organisation(api: Api, graphql: GraphQL) -> None:
    data = {"name": "Gimnaziul Bravicea", "kind": "SCHOOL", "territoryCode": "calarasi"}
    data["localityCode"] = "calarasi/bravicea"
    payload = (await graphql("admin", CREATE_ORGANISATION, input=data))["createOrganisation"]
    assert payload["userErrors"] == []
    created = payload["organisation"]
    assert (created["kind"], created["sector"]) == ("school", "education")
    rest = await api.ok("GET", f"/api/v1/organisations/{created['databaseId']}")
    assert rest["name"] == "Gimnaziul Bravicea"
    assert rest["locality_code"] == "calarasi/bravicea"
    found = await graphql("teacher", ORGANISATION, id=created["id"])
    assert found["organisation"]["name"] == "Gimnaziul Bravicea"


async def test_registering_is_refused_to_anyone_but_an_administrator(
    api: Api, graphql: GraphQL
) -> None:
    before = await api.ok("GET", "/api/v1/organisations", params={"limit": 100})
    data = {"name": "Școala X", "kind": "SCHOOL", "territoryCode": "calarasi"}
    for who in ("teacher", "supervisor", "school_registry"):
        error = await refused(graphql, who, CREATE_ORGANISATION, input=data)
        assert error["extensions"]["code"] == "forbidden", who
        assert error["path"] == ["createOrganisation"]
    after = await api.ok("GET", "/api/v1/organisations", params={"limit": 100})
    assert after["items"] == before["items"]


async def test_bad_places_and_fields_come_back_as_user_errors(graphql: GraphQL) -> None:
    cases = [
        ({"territoryCode": "atlantis"}, ["input", "territoryCode"]),
        ({"localityCode": "ungheni/ungheni"}, ["input", "localityCode"]),
        ({"name": "X"}, ["input", "name"]),
    ]
    for change, field in cases:
        data = {"name": "Școala nouă", "kind": "SCHOOL", "territoryCode": "calarasi", **change}
        payload = (await graphql("admin", CREATE_ORGANISATION, input=data))["createOrganisation"]
        assert payload["organisation"] is None
        [error] = payload["userErrors"]
        assert error["field"] == field, change
        assert error["code"] == "validation-error"


async def test_an_administrator_registers_a_professional_once_per_email(
    api: Api, graphql: GraphQL
) -> None:
    data = {
        "organisationId": api.world.org("school"),
        "givenName": "Ion",
        "familyName": "Bostan",
        "email": "ion.bostan@example.md",
        "roles": ["TEACHER"],
    }
    payload = (await graphql("admin", CREATE_PROFESSIONAL, input=data))["createProfessional"]
    assert payload["userErrors"] == []
    created = payload["professional"]
    assert created["roles"] == ["teacher"]
    assert created["organisation"]["databaseId"] == api.world.org("school")
    rest = await api.ok("GET", f"/api/v1/professionals/{created['databaseId']}")
    assert rest["email"] == "ion.bostan@example.md"

    again = (await graphql("admin", CREATE_PROFESSIONAL, input=data))["createProfessional"]
    assert again["professional"] is None
    assert [e["code"] for e in again["userErrors"]] == ["conflict"]

    nowhere = {**data, "email": "alt@example.md", "organisationId": api.world.person("teacher")}
    missing = (await graphql("admin", CREATE_PROFESSIONAL, input=nowhere))["createProfessional"]
    [error] = missing["userErrors"]
    assert error["field"] == ["input", "organisationId"]

    no_roles = {**data, "email": "alt@example.md", "roles": []}
    empty = (await graphql("admin", CREATE_PROFESSIONAL, input=no_roles))["createProfessional"]
    assert [e["field"] for e in empty["userErrors"]] == [["input", "roles"]]
    error = await refused(graphql, "teacher", CREATE_PROFESSIONAL, input=data)
    assert error["extensions"]["code"] == "forbidden"
