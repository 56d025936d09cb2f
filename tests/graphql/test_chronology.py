"""A child's chronology, notes, observations, trajectory, disclosures and subject-access export
through GraphQL: the same services and rules as REST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.domain.vocabulary import Indicator, ProtectiveFactor
from tests.factories import Api, observation_body
from tests.graphql.conftest import GraphQL
from tests.graphql.outcomes import attempt, codes

pytestmark = pytest.mark.db

CHRONOLOGY = """query($child: ID!, $limit: Int!, $before: Position, $types: [String!]) {
  chronology(childId: $child, limit: $limit, before: $before, types: $types) {
    entries { position type summary aggregateId actor { givenName } }
    nextBefore
  }
}"""

NOTE = """mutation($id: ID!, $input: NewNoteInput!) {
  recordNote(childId: $id, input: $input) {
    chronologyEntry { position type summary aggregateType aggregateId actorId occurredAt }
    userErrors { field code message }
  }
}"""

OBSERVE = """mutation($input: NewObservationInput!) {
  recordObservation(input: $input) {
    observation { id databaseId childId observedOn ratings notes organisation { name } }
    userErrors { field code message }
  }
}"""

OBSERVATIONS = """query($child: ID, $first: Int, $after: String) {
  observations(childId: $child, first: $first, after: $after) {
    edges { node { databaseId } } pageInfo { hasNextPage endCursor }
  }
}"""

OBSERVATIONS_BACK = """query($child: ID, $last: Int, $before: String) {
  observations(childId: $child, last: $last, before: $before) {
    edges { node { databaseId } } pageInfo { hasPreviousPage startCursor }
  }
}"""

WELLBEING = """query($child: ID!) {
  wellbeing(childId: $child) {
    childId
    indicators { code points { rating sourceType sourceId recordedOn } latest { rating } }
    protectiveFactors { code latest { rating } }
  }
}"""

DISCLOSURES = """query($child: ID!, $limit: Int!, $before: Position) {
  disclosures(childId: $child, limit: $limit, before: $before) {
    entries { seq actorId clientId operation resourceType resourceId purpose }
    nextBefore
  }
}"""

EXPORT = "query($child: ID!) { subjectAccessExport(childId: $child) }"


def observation_input(child_id: str, **overrides: Any) -> dict[str, Any]:
    body = observation_body(child_id, **overrides)
    return {
        "childId": body["child_id"],
        "observedOn": body["observed_on"],
        "ratings": body["ratings"],
        "notes": body["notes"],
    }


async def test_notes_join_the_chronology_which_pages_back_by_position(
    api: Api, graphql: GraphQL
) -> None:
    child = await api.child()
    written = []
    for n in range(3):
        done = await graphql("teacher", NOTE, id=child["id"], input={"text": f"Notă {n}"})
        assert done["recordNote"]["userErrors"] == []
        written.append(done["recordNote"]["chronologyEntry"])
    assert {(w["type"], w["aggregateType"], w["aggregateId"]) for w in written} == {
        ("note.recorded", "child", child["id"])
    }
    assert written[0]["actorId"] == api.world.person("teacher")

    first = (await graphql("teacher", CHRONOLOGY, child=child["id"], limit=2))["chronology"]
    assert [e["summary"] for e in first["entries"]] == ["Notă 2", "Notă 1"]
    assert first["entries"][0]["actor"]["givenName"] == "Maria"
    assert first["nextBefore"] == written[1]["position"]
    rest = (
        await graphql("teacher", CHRONOLOGY, child=child["id"], limit=2, before=first["nextBefore"])
    )["chronology"]
    assert [e["type"] for e in rest["entries"]] == ["note.recorded", "child.registered"]
    assert rest["nextBefore"] is None

    # The same timeline REST shows.
    shown = await api.ok("GET", f"/api/v1/children/{child['id']}/chronology")
    # Positions travel as text (logs outgrow a 32-bit Int): the same numbers as REST's.
    assert [int(e["position"]) for e in first["entries"] + rest["entries"]] == [
        e["position"] for e in shown["items"]
    ]
    only = await graphql(
        "teacher", CHRONOLOGY, child=child["id"], limit=10, types=["child.registered"]
    )
    assert [e["type"] for e in only["chronology"]["entries"]] == ["child.registered"]


async def test_a_note_in_the_future_or_a_bad_page_is_refused(api: Api, graphql: GraphQL) -> None:
    child = await api.child()
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    late = await graphql(
        "teacher", NOTE, id=child["id"], input={"text": "x", "occurredAt": tomorrow}
    )
    [error] = late["recordNote"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "occurredAt"], "validation-error")
    assert late["recordNote"]["chronologyEntry"] is None
    empty = await graphql("teacher", NOTE, id=child["id"], input={"text": ""})
    assert empty["recordNote"]["userErrors"][0]["field"] == ["input", "text"]

    data, errors = await attempt(graphql, "teacher", CHRONOLOGY, child=child["id"], limit=0)
    assert data is None
    assert errors[0]["extensions"]["errors"][0]["field"] == ["limit"]
    data, errors = await attempt(
        graphql, "teacher", CHRONOLOGY, child=child["id"], limit=5, before=999_999
    )
    assert errors[0]["extensions"]["errors"][0]["field"] == ["before"]
    # A position past 32 bits is a position (the access log will get there), judged by the
    # service as REST judges it; text is not a position at all.
    _, errors = await attempt(
        graphql, "teacher", CHRONOLOGY, child=child["id"], limit=5, before=str(2**41)
    )
    assert errors[0]["extensions"]["errors"][0]["field"] == ["before"]
    _, errors = await attempt(
        graphql, "teacher", CHRONOLOGY, child=child["id"], limit=5, before="x"
    )
    assert "whole number" in errors[0]["message"]


async def test_the_chronology_is_for_people_in_scope(api: Api, graphql: GraphQL) -> None:
    child = await api.child()
    _, errors = await attempt(graphql, "school_registry", CHRONOLOGY, child=child["id"], limit=5)
    assert codes(errors) == {("chronology",): "forbidden"}
    _, errors = await attempt(graphql, "ungheni_worker", CHRONOLOGY, child=child["id"], limit=5)
    assert codes(errors) == {("chronology",): "not-found"}
    far = await graphql("ungheni_worker", NOTE, id=child["id"], input={"text": "Vizită"})
    assert far["recordNote"]["userErrors"][0]["code"] == "not-found"


async def test_an_observation_is_recorded_read_listed_and_joins_the_trajectory(
    api: Api, graphql: GraphQL
) -> None:
    child = await api.child()
    done = (await graphql("teacher", OBSERVE, input=observation_input(child["id"])))[
        "recordObservation"
    ]
    assert done["userErrors"] == []
    seen = done["observation"]
    assert seen["ratings"] == {"safe": 4, "healthy": 3, "achieving": 2}
    assert seen["organisation"]["name"].startswith("Liceul")
    rest = await api.ok("GET", f"/api/v1/observations/{seen['databaseId']}")
    assert (rest["child_id"], rest["observed_on"]) == (seen["childId"], seen["observedOn"])

    read = await graphql(
        "teacher", "query($id: ID!) { observation(id: $id) { databaseId notes } }", id=seen["id"]
    )
    assert read["observation"] == {"databaseId": seen["databaseId"], "notes": seen["notes"]}
    node = await graphql(
        "teacher",
        "query($id: ID!) { node(id: $id) { ... on Observation { observedOn } } }",
        id=seen["id"],
    )
    assert node["node"]["observedOn"] == seen["observedOn"]

    trajectory = (await graphql("teacher", WELLBEING, child=child["id"]))["wellbeing"]
    assert trajectory["childId"] == child["id"]
    series = {s["code"]: s for s in trajectory["indicators"]}
    assert set(series) == {i.value for i in Indicator}
    assert {f["code"] for f in trajectory["protectiveFactors"]} == {
        f.value for f in ProtectiveFactor
    }
    [point] = series["safe"]["points"]
    assert (point["rating"], point["sourceType"], point["sourceId"]) == (
        4,
        "observation",
        seen["databaseId"],
    )
    assert series["safe"]["latest"] == {"rating": 4}
    assert series["nurtured"]["points"] == []
    assert series["nurtured"]["latest"] is None


async def test_observations_page_both_ways_and_bad_ratings_point_at_the_field(
    api: Api, graphql: GraphQL
) -> None:
    child = await api.child()
    made = [(await api.observation(child["id"]))["id"] for _ in range(3)]
    await api.observation((await api.child())["id"])

    forwards, after = [], None
    while True:
        page = (await graphql("teacher", OBSERVATIONS, child=child["id"], first=2, after=after))[
            "observations"
        ]
        forwards += [e["node"]["databaseId"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert forwards == list(reversed(made))
    backwards: list[str] = []
    before = None
    while True:
        page = (
            await graphql("teacher", OBSERVATIONS_BACK, child=child["id"], last=2, before=before)
        )["observations"]
        backwards = [e["node"]["databaseId"] for e in page["edges"]] + backwards
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert backwards == forwards

    bad = await graphql(
        "teacher", OBSERVE, input=observation_input(child["id"], ratings={"safe": 7})
    )
    [error] = bad["recordObservation"]["userErrors"]
    assert error["field"] == ["input", "ratings", "safe"]
    nobody = await graphql("teacher", OBSERVE, input=observation_input(api.world.org("school")))
    [error] = nobody["recordObservation"]["userErrors"]
    assert error["field"] == ["input", "childId"]
    _, errors = await attempt(
        graphql, "school_registry", OBSERVE, input=observation_input(child["id"])
    )
    assert codes(errors) == {("recordObservation",): "forbidden"}


async def test_disclosures_show_who_read_the_family_and_are_for_the_officer(
    api: Api, graphql: GraphQL
) -> None:
    child = await api.child()
    await graphql(
        "teacher",
        "query($id: ID!) { child(id: $id) { familyMembers { givenName } } }",
        id=child["id"],
    )
    found = (await graphql("dpo", DISCLOSURES, child=child["id"], limit=50))["disclosures"]
    mine = [
        (e["operation"], e["resourceType"])
        for e in found["entries"]
        if e["actorId"] == api.world.person("teacher")
    ]
    assert ("read", "family") in mine
    assert ("read", "child") in mine
    assert found["nextBefore"] is None

    first = (await graphql("dpo", DISCLOSURES, child=child["id"], limit=1))["disclosures"]
    assert len(first["entries"]) == 1
    assert first["nextBefore"] == first["entries"][0]["seq"]
    older = (
        await graphql("dpo", DISCLOSURES, child=child["id"], limit=50, before=first["nextBefore"])
    )["disclosures"]
    assert all(int(e["seq"]) < int(first["nextBefore"]) for e in older["entries"])

    _, errors = await attempt(graphql, "teacher", DISCLOSURES, child=child["id"], limit=5)
    assert codes(errors) == {("disclosures",): "forbidden"}


async def test_the_subject_access_export_is_the_officers(api: Api, graphql: GraphQL) -> None:
    child = await api.child()
    await api.ok(
        "POST",
        f"/api/v1/children/{child['id']}/family-members",
        json={"given_name": "Ion", "family_name": "Rusu", "relationship": "father"},
        expect=201,
    )
    document = (await graphql("dpo", EXPORT, child=child["id"]))["subjectAccessExport"]
    assert document["child"]["id"] == child["id"]
    assert [m["given_name"] for m in document["family_members"]] == ["Ion"]
    assert document["generated_by"] == api.world.person("dpo")
    rest = await api.ok("GET", f"/api/v1/children/{child['id']}/export", "dpo")
    assert set(document) == set(rest)

    _, errors = await attempt(graphql, "teacher", EXPORT, child=child["id"])
    assert codes(errors) == {("subjectAccessExport",): "forbidden"}
