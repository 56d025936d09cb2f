"""Children through GraphQL: the same services, rules and disclosures as REST's /children."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlmodel import col

from app.persistence.tables.access_log import AccessLogEntry
from tests.conftest import Db
from tests.factories import Api, an_idnp
from tests.graphql.conftest import GraphQL
from tests.graphql.outcomes import attempt, codes

pytestmark = pytest.mark.db

CHILD = """query($id: ID!) {
  child(id: $id) {
    id databaseId givenName familyName idnp version
    identifiers { system value }
    familyMembers { databaseId givenName relationship isCaregiver livesWithChild }
    institutions { groupLabel since organisation { databaseId name } }
  }
}"""

PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
PAGE = f"""query($filter: ChildSearchInput, $first: Int!, $after: String) {{
  children(filter: $filter, first: $first, after: $after) {{
    edges {{ cursor node {{ databaseId familyName }} }} {PAGE_INFO}
  }}
}}"""
PAGE_BACK = f"""query($filter: ChildSearchInput, $last: Int!, $before: String) {{
  children(filter: $filter, last: $last, before: $before) {{
    edges {{ cursor node {{ databaseId }} }} {PAGE_INFO}
  }}
}}"""

REGISTER = """mutation($input: NewChildInput!) {
  registerChild(input: $input) {
    child { id databaseId givenName idnp version identifiers { system value } }
    userErrors { field code reason message }
  }
}"""

UPDATE = """mutation($id: ID!, $v: Int!, $input: ChildChangesInput!) {
  updateChild(id: $id, expectedVersion: $v, input: $input) {
    child { givenName patronymic version }
    userErrors { field code message }
  }
}"""

ADD_IDENTIFIER = """mutation($id: ID!, $input: SectorIdentifierInput!) {
  addChildIdentifier(childId: $id, input: $input) {
    childIdentifier { system value }
    userErrors { field code message }
  }
}"""

ADD_FAMILY = """mutation($id: ID!, $input: NewFamilyMemberInput!) {
  addFamilyMember(childId: $id, input: $input) {
    familyMember { databaseId childId givenName relationship parentalResponsibility phone }
    userErrors { field code message }
  }
}"""

ADD_INSTITUTION = """mutation($id: ID!, $input: NewChildInstitutionInput!) {
  addChildInstitution(childId: $id, input: $input) {
    childInstitution { childId groupLabel since until organisation { name } }
    userErrors { field code message }
  }
}"""

GRANDMOTHER = {
    "given_name": "Valentina",
    "family_name": "Rusu",
    "relationship": "grandmother",
    "is_caregiver": True,
    "lives_with_child": True,
}


def graphql_child(api: Api, **overrides: Any) -> dict[str, Any]:
    """A child as `NewChildInput` variables: REST's body, in GraphQL's spelling."""
    body = api.child_body(**overrides)
    return {
        "givenName": body["given_name"],
        "familyName": body["family_name"],
        "sex": body["sex"].upper(),
        "birthDate": body["birth_date"],
        "idnp": body["idnp"],
        "territoryCode": body["territory_code"],
        "languages": body["languages"],
    }


async def family_and_school(api: Api, child_id: str) -> None:
    url = f"/api/v1/children/{child_id}"
    await api.ok("POST", f"{url}/family-members", json=GRANDMOTHER, expect=201)
    school = {
        "organisation_id": api.world.org("school"),
        "group_label": "5B",
        "since": "2024-09-01",
    }
    await api.ok("POST", f"{url}/institutions", json=school, expect=201)


async def test_a_child_reads_with_identifiers_family_and_institutions_as_rest_shows_them(
    api: Api, graphql: GraphQL, db: Db
) -> None:
    ana = await api.child(identifiers=[{"system": "urn:md:siime:elev", "value": "E-77"}])
    await family_and_school(api, ana["id"])
    found = (await graphql("teacher", CHILD, id=ana["id"]))["child"]

    rest = await api.ok("GET", f"/api/v1/children/{ana['id']}")
    family = await api.ok("GET", f"/api/v1/children/{ana['id']}/family-members")
    places = await api.ok("GET", f"/api/v1/children/{ana['id']}/institutions")
    assert found["databaseId"] == rest["id"]
    assert (found["givenName"], found["idnp"], found["version"]) == (
        rest["given_name"],
        rest["idnp"],
        rest["version"],
    )
    assert found["identifiers"] == rest["identifiers"]
    assert [
        (m["databaseId"], m["relationship"], m["isCaregiver"]) for m in found["familyMembers"]
    ] == [(m["id"], m["relationship"], m["is_caregiver"]) for m in family]
    [place] = found["institutions"]
    assert (place["groupLabel"], place["since"]) == (places[0]["group_label"], places[0]["since"])
    assert place["organisation"]["databaseId"] == api.world.org("school")

    # The same record by its global id, under the same rule.
    again = await graphql(
        "teacher",
        "query($id: ID!) { node(id: $id) { ... on Child { databaseId } } }",
        id=found["id"],
    )
    assert again["node"]["databaseId"] == ana["id"]

    # Reading the family and the institutions is disclosed as REST's reads of them are.
    seen = await db.rows(AccessLogEntry, col(AccessLogEntry.child_id) == uuid.UUID(ana["id"]))
    parts = [e.resource_type for e in seen if e.actor_id == api.world.people["teacher"]]
    assert parts.count("family") == 2  # the GraphQL read and the REST one
    assert parts.count("institutions") == 2


async def test_a_sector_system_is_refused_the_family_and_institutions_but_reads_the_child(
    api: Api, graphql: GraphQL
) -> None:
    ana = await api.child(identifiers=[{"system": "urn:md:siime:elev", "value": "E-78"}])
    await family_and_school(api, ana["id"])
    data, errors = await attempt(graphql, "school_registry", CHILD, id=ana["id"])
    assert codes(errors) == {
        ("child", "familyMembers"): "forbidden",
        ("child", "institutions"): "forbidden",
    }
    assert all(e["extensions"]["status"] == 403 for e in errors)
    assert data is not None
    child = data["child"]
    assert child["databaseId"] == ana["id"]
    assert child["identifiers"] == [{"system": "urn:md:siime:elev", "value": "E-78"}]
    assert child["familyMembers"] is None
    assert child["institutions"] is None


async def test_another_districts_worker_finds_no_such_child(api: Api, graphql: GraphQL) -> None:
    ana = await api.child()
    data, errors = await attempt(graphql, "ungheni_worker", CHILD, id=ana["id"])
    assert data is None
    assert codes(errors) == {("child",): "not-found"}
    assert errors[0]["extensions"]["status"] == 404
    listed = await graphql("ungheni_worker", PAGE, filter={"idnp": ana["idnp"]}, first=5)
    assert listed["children"]["edges"] == []
    # The same child is found by the school that registered it.
    found = await graphql("teacher", PAGE, filter={"idnp": ana["idnp"]}, first=5)
    assert [e["node"]["databaseId"] for e in found["children"]["edges"]] == [ana["id"]]


async def test_children_page_forwards_and_backwards_without_gaps_or_repeats(
    api: Api, graphql: GraphQL
) -> None:
    registered = [(await api.child(family_name="Paginescu"))["id"] for _ in range(5)]
    await api.child(family_name="Altcineva")
    wanted = {"name": "paginescu"}

    forwards: list[str] = []
    after = None
    hops = []
    while True:
        page = (await graphql("teacher", PAGE, filter=wanted, first=2, after=after))["children"]
        forwards += [e["node"]["databaseId"] for e in page["edges"]]
        hops.append(page["pageInfo"]["hasNextPage"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert forwards == list(reversed(registered))  # newest first
    assert hops == [True, True, False]

    backwards: list[str] = []
    before = None
    while True:
        page = (await graphql("teacher", PAGE_BACK, filter=wanted, last=2, before=before))[
            "children"
        ]
        backwards = [e["node"]["databaseId"] for e in page["edges"]] + backwards
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert backwards == forwards

    both = "{ children(first: 2, last: 2) { edges { cursor } } }"
    data, errors = await attempt(graphql, "teacher", both)
    assert data is None
    assert errors[0]["extensions"]["code"] == "validation-error"
    assert errors[0]["extensions"]["errors"][0]["field"] == ["first"]


async def test_the_search_filter_keeps_rest_s_bounds(api: Api, graphql: GraphQL) -> None:
    """A one-letter name or an over-long IDNP is refused as REST refuses it."""
    document = "query($f: ChildSearchInput) { children(filter: $f, first: 2) { edges { cursor } } }"
    for given, field in (({"name": "R"}, ["name"]), ({"idnp": "2" * 14}, ["filter", "idnp"])):
        data, errors = await attempt(graphql, "teacher", document, f=given)
        assert data is None
        [error] = errors[0]["extensions"]["errors"]
        assert error["field"] == field
        rest = await api.call("GET", "/api/v1/children", "teacher", params=given)
        assert rest.status_code == 422


async def test_registering_a_child_and_a_bad_idnp_as_a_field_error(
    api: Api, graphql: GraphQL
) -> None:
    given = graphql_child(api, given_name="Ștefan", family_name="Căpățînă")
    given["identifiers"] = [{"system": "urn:md:siime:elev", "value": "E-79"}]
    done = (await graphql("teacher", REGISTER, input=given))["registerChild"]
    assert done["userErrors"] == []
    child = done["child"]
    assert (child["givenName"], child["idnp"], child["version"]) == ("Ștefan", given["idnp"], 1)
    assert child["identifiers"] == given["identifiers"]
    rest = await api.ok("GET", f"/api/v1/children/{child['databaseId']}")
    assert rest["family_name"] == "Căpățînă"

    wrong = await graphql("teacher", REGISTER, input={**given, "idnp": "2004003012349"})
    refused = wrong["registerChild"]
    assert refused["child"] is None
    [error] = refused["userErrors"]
    assert error["field"] == ["input", "idnp"]
    assert error["code"] == "validation-error"
    assert "check digit" in error["message"]

    # The same IDNP twice is the service's refusal, still a user error.
    twice = await graphql("teacher", REGISTER, input={**given, "identifiers": []})
    [error] = twice["registerChild"]["userErrors"]
    assert error["code"] == "conflict"

    unknown = await graphql(
        "teacher", REGISTER, input={**graphql_child(api), "territoryCode": "atlantis"}
    )
    [error] = unknown["registerChild"]["userErrors"]
    assert error["field"] == ["input", "territoryCode"]


async def test_a_sector_system_registers_a_child(api: Api, graphql: GraphQL) -> None:
    done = (await graphql("school_registry", REGISTER, input=graphql_child(api)))["registerChild"]
    assert done["userErrors"] == []
    assert done["child"]["version"] == 1


async def test_updating_a_child_needs_the_version_read(api: Api, graphql: GraphQL) -> None:
    ana = await api.child()
    changed = await graphql(
        "teacher", UPDATE, id=ana["id"], v=1, input={"givenName": "Ana-Maria", "patronymic": "Ion"}
    )
    assert changed["updateChild"]["userErrors"] == []
    assert changed["updateChild"]["child"] == {
        "givenName": "Ana-Maria",
        "patronymic": "Ion",
        "version": 2,
    }
    assert (await api.ok("GET", f"/api/v1/children/{ana['id']}"))["given_name"] == "Ana-Maria"

    stale = await graphql("teacher", UPDATE, id=ana["id"], v=1, input={"givenName": "Ana"})
    [error] = stale["updateChild"]["userErrors"]
    assert (error["code"], error["field"]) == ("version-mismatch", None)

    # Null empties an optional field; a required one cannot be emptied.
    emptied = await graphql("teacher", UPDATE, id=ana["id"], v=2, input={"patronymic": None})
    assert emptied["updateChild"]["child"]["patronymic"] is None
    required = await graphql("teacher", UPDATE, id=ana["id"], v=3, input={"givenName": None})
    [error] = required["updateChild"]["userErrors"]
    assert error["field"] == ["input", "givenName"]
    nothing = await graphql("teacher", UPDATE, id=ana["id"], v=3, input={})
    [error] = nothing["updateChild"]["userErrors"]
    assert error["field"] == ["input"]

    # A sector system may register children but not change them, as in REST.
    data, errors = await attempt(
        graphql, "school_registry", UPDATE, id=ana["id"], v=3, input={"givenName": "X"}
    )
    assert data is None
    assert codes(errors) == {("updateChild",): "forbidden"}


async def test_linking_identifiers_family_and_institutions(api: Api, graphql: GraphQL) -> None:
    ana = await api.child()
    other = await api.child()
    linked = await graphql(
        "school_registry", ADD_IDENTIFIER, id=ana["id"], input={"system": "clinic", "value": "P-1"}
    )
    assert linked["addChildIdentifier"] == {
        "childIdentifier": {"system": "clinic", "value": "P-1"},
        "userErrors": [],
    }
    taken = await graphql(
        "teacher", ADD_IDENTIFIER, id=other["id"], input={"system": "clinic", "value": "P-1"}
    )
    [error] = taken["addChildIdentifier"]["userErrors"]
    assert error["code"] == "conflict"
    assert ana["id"] in error["message"]

    member = {
        "givenName": "Natalia",
        "familyName": "Rusu",
        "relationship": "MOTHER",
        "parentalResponsibility": True,
        "phone": "+39 347 215 8890",
    }
    added = (await graphql("teacher", ADD_FAMILY, id=ana["id"], input=member))["addFamilyMember"]
    assert added["userErrors"] == []
    assert added["familyMember"]["childId"] == ana["id"]
    assert added["familyMember"]["relationship"] == "mother"
    family = await api.ok("GET", f"/api/v1/children/{ana['id']}/family-members")
    assert [m["id"] for m in family] == [added["familyMember"]["databaseId"]]
    blank = await graphql("teacher", ADD_FAMILY, id=ana["id"], input={**member, "givenName": ""})
    [error] = blank["addFamilyMember"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "givenName"], "validation-error")
    _, errors = await attempt(graphql, "school_registry", ADD_FAMILY, id=ana["id"], input=member)
    assert codes(errors) == {("addFamilyMember",): "forbidden"}

    place = {"organisationId": api.world.org("clinic"), "since": "2020-01-10"}
    added = await graphql("teacher", ADD_INSTITUTION, id=ana["id"], input=place)
    attends = added["addChildInstitution"]["childInstitution"]
    assert attends["organisation"]["name"].startswith("Centrul de Sănătate")
    assert (attends["childId"], attends["since"], attends["until"]) == (
        ana["id"],
        "2020-01-10",
        None,
    )
    backwards = await graphql(
        "teacher", ADD_INSTITUTION, id=ana["id"], input={**place, "until": "2019-01-01"}
    )
    [error] = backwards["addChildInstitution"]["userErrors"]
    assert error["field"] == ["input"]
    nowhere = await graphql(
        "teacher", ADD_INSTITUTION, id=ana["id"], input={"organisationId": ana["id"]}
    )
    [error] = nowhere["addChildInstitution"]["userErrors"]
    assert error["field"] == ["input", "organisationId"]

    # A child out of reach is as missing for a change as for a read.
    far = await graphql("ungheni_worker", ADD_FAMILY, id=ana["id"], input=member)
    [error] = far["addFamilyMember"]["userErrors"]
    assert error["code"] == "not-found"


async def test_the_registering_idnp_must_be_new_also_when_changed(
    api: Api, graphql: GraphQL
) -> None:
    first = await api.child()
    second = await api.child(idnp=an_idnp())
    clash = await graphql("teacher", UPDATE, id=second["id"], v=1, input={"idnp": first["idnp"]})
    [error] = clash["updateChild"]["userErrors"]
    assert error["code"] == "conflict"
