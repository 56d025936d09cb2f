"""Concerns through GraphQL: recording, correcting, deciding, listing, and what followed one for
the institution that raised it. The same services and rules as REST's /concerns."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import CHILD_PROTECTION, Api, concern_body
from tests.graphql.conftest import GraphQL
from tests.graphql.outcomes import attempt, codes

pytestmark = pytest.mark.db

FIELDS = """id databaseId status urgency riskCategory description dueAt version legalActions
indicators child { databaseId } organisation { name } raisedBy { familyName }"""

READ = f"""query($id: ID!) {{ concern(id: $id) {{ {FIELDS} }} }}"""

LIST = """query($filter: ConcernSearchInput, $first: Int!, $after: String) {
  concerns(filter: $filter, first: $first, after: $after) {
    edges { node { databaseId indicators } } pageInfo { hasNextPage endCursor }
  }
}"""

LIST_BACK = """query($filter: ConcernSearchInput, $last: Int!, $before: String) {
  concerns(filter: $filter, last: $last, before: $before) {
    edges { node { databaseId } } pageInfo { hasPreviousPage hasNextPage startCursor }
  }
}"""

RECORD = f"""mutation($input: NewConcernInput!) {{
  recordConcern(input: $input) {{
    concern {{ {FIELDS} }}
    userErrors {{ field code reason message }}
  }}
}}"""

UPDATE = """mutation($id: ID!, $v: Int!, $input: ConcernChangesInput!) {
  updateConcern(id: $id, expectedVersion: $v, input: $input) {
    concern { description urgency riskCategory indicators version }
    userErrors { field code message }
  }
}"""

ACT = """mutation($id: ID!, $v: Int!) {
  actInInstitution(id: $id, expectedVersion: $v) {
    concern { status decision dueAt version legalActions }
    userErrors { field code message }
  }
}"""

CLOSE = """mutation($id: ID!, $v: Int!, $input: CloseConcernInput!) {
  closeConcern(id: $id, expectedVersion: $v, input: $input) {
    concern { status closureReason dueAt version }
    userErrors { field code message }
  }
}"""

STATUS = """query($id: ID!) {
  concernStatus(id: $id) {
    concernId status decision urgency
    referrals { databaseId status toOrganisationId toOrganisationName responseReason }
    case { stage }
    actions { description }
  }
}"""


def concern_input(child_id: str, **overrides: Any) -> dict[str, Any]:
    """REST's concern body in GraphQL's spelling (enum values by name)."""
    body = concern_body(child_id, **overrides)
    given: dict[str, Any] = {
        "childId": body["child_id"],
        "indicators": [i.upper() for i in body["indicators"]],
        "description": body["description"],
        "observedAt": body["observed_at"],
        "childWords": body["child_words"],
        "urgency": body["urgency"].upper(),
    }
    if "risk_category" in body:
        given["riskCategory"] = body["risk_category"].upper()
    return given


async def test_a_concern_reads_with_its_relations(api: Api, graphql: GraphQL) -> None:
    concern = await api.concern(**CHILD_PROTECTION)
    found = (await graphql("teacher", READ, id=concern["id"]))["concern"]
    rest = await api.ok("GET", f"/api/v1/concerns/{concern['id']}")
    assert found["databaseId"] == rest["id"]
    assert found["indicators"] == rest["indicators"] == ["safe", "nurtured"]
    assert found["legalActions"] == rest["legal_actions"]
    assert (found["urgency"], found["riskCategory"]) == ("child_protection", "violence")
    assert found["child"]["databaseId"] == concern["child_id"]
    assert found["organisation"]["name"].startswith("Liceul")
    assert found["raisedBy"]["familyName"] == "Ciobanu"

    data, errors = await attempt(graphql, "ungheni_worker", READ, id=concern["id"])
    assert data is None
    assert codes(errors) == {("concern",): "not-found"}


async def test_recording_a_concern_and_its_field_errors(api: Api, graphql: GraphQL) -> None:
    child = await api.child()
    done = (await graphql("teacher", RECORD, input=concern_input(child["id"], **CHILD_PROTECTION)))[
        "recordConcern"
    ]
    assert done["userErrors"] == []
    concern = done["concern"]
    assert (concern["status"], concern["version"]) == ("recorded", 1)
    assert concern["indicators"] == ["safe", "nurtured"]
    assert concern["dueAt"] is not None
    assert "act-in-institution" in concern["legalActions"]
    rest = await api.ok("GET", f"/api/v1/concerns/{concern['databaseId']}")
    assert rest["due_at"].replace("Z", "+00:00") == concern["dueAt"].replace("Z", "+00:00")

    # A child-protection concern names its risk category: the command's own rule, at its field.
    bare = concern_input(child["id"], urgency="child_protection")
    refused = (await graphql("teacher", RECORD, input=bare))["recordConcern"]
    assert refused["concern"] is None
    [error] = refused["userErrors"]
    assert (error["field"], error["code"]) == (["input", "riskCategory"], "validation-error")

    several = (
        await graphql(
            "teacher",
            RECORD,
            input={**concern_input(child["id"]), "description": "x", "indicators": []},
        )
    )["recordConcern"]
    assert {tuple(e["field"]) for e in several["userErrors"]} == {
        ("input", "description"),
        ("input", "indicators"),
    }
    nobody = await graphql("teacher", RECORD, input=concern_input(api.world.org("school")))
    assert nobody["recordConcern"]["userErrors"][0]["field"] == ["input", "childId"]

    # A sector system records concerns too, for its own institution; the directory of
    # professionals is not for it, so that one field is refused while the concern is recorded.
    data, errors = await attempt(
        graphql, "school_registry", RECORD, input=concern_input(child["id"])
    )
    assert codes(errors) == {("recordConcern", "concern", "raisedBy"): "forbidden"}
    assert data is not None
    by_system = data["recordConcern"]
    assert by_system["userErrors"] == []
    assert by_system["concern"]["organisation"]["name"].startswith("Liceul")
    assert by_system["concern"]["raisedBy"] is None
    assert (await api.ok("GET", f"/api/v1/concerns/{by_system['concern']['databaseId']}"))[
        "raised_by_id"
    ] is None


async def test_correcting_and_deciding_a_concern(api: Api, graphql: GraphQL) -> None:
    concern = await api.concern()
    fixed = (
        await graphql(
            "teacher",
            UPDATE,
            id=concern["id"],
            v=1,
            input={"description": "Lipsește de o lună.", "indicators": ["INCLUDED"]},
        )
    )["updateConcern"]
    assert fixed["userErrors"] == []
    assert fixed["concern"]["description"] == "Lipsește de o lună."
    assert fixed["concern"]["indicators"] == ["included"]
    assert fixed["concern"]["version"] == 2

    escalated = await graphql(
        "teacher", UPDATE, id=concern["id"], v=2, input={"urgency": "CHILD_PROTECTION"}
    )
    [error] = escalated["updateConcern"]["userErrors"]
    assert error["field"] == ["input", "riskCategory"]

    stale = await graphql("teacher", ACT, id=concern["id"], v=1)
    assert stale["actInInstitution"]["userErrors"][0]["code"] == "version-mismatch"
    acted = (await graphql("teacher", ACT, id=concern["id"], v=2))["actInInstitution"]
    assert acted["userErrors"] == []
    assert (acted["concern"]["status"], acted["concern"]["dueAt"]) == ("single_agency_plan", None)
    assert "act-in-institution" not in acted["concern"]["legalActions"]

    again = (await graphql("teacher", ACT, id=concern["id"], v=3))["actInInstitution"]
    assert again["concern"] is None
    [error] = again["userErrors"]
    assert (error["code"], error["field"]) == ("illegal-transition", None)
    late = await graphql("teacher", UPDATE, id=concern["id"], v=3, input={"description": "Altfel."})
    assert late["updateConcern"]["userErrors"][0]["code"] == "illegal-transition"

    short = await graphql("teacher", CLOSE, id=concern["id"], v=3, input={"reason": "ok"})
    [error] = short["closeConcern"]["userErrors"]
    assert error["field"] == ["input", "reason"]
    closed = (
        await graphql(
            "teacher", CLOSE, id=concern["id"], v=3, input={"reason": "Rezolvat cu familia."}
        )
    )["closeConcern"]
    assert closed["userErrors"] == []
    assert closed["concern"]["status"] == "closed"
    assert closed["concern"]["closureReason"] == "Rezolvat cu familia."
    rest = await api.ok("GET", f"/api/v1/concerns/{concern['id']}")
    assert (rest["status"], rest["version"]) == ("closed", closed["concern"]["version"])


async def test_only_the_recording_institution_decides(api: Api, graphql: GraphQL) -> None:
    concern = await api.concern(status="referred")  # the authority now sees it too
    refused = await graphql(
        "social_worker", CLOSE, id=concern["id"], v=concern["version"], input={"reason": "Nu."}
    )
    [error] = refused["closeConcern"]["userErrors"]
    assert error["code"] == "forbidden"
    far = await graphql("ungheni_worker", ACT, id=concern["id"], v=concern["version"])
    assert far["actInInstitution"]["userErrors"][0]["code"] == "not-found"
    # A sector system records concerns but decides nothing: the route refuses it outright.
    _, errors = await attempt(graphql, "school_registry", ACT, id=concern["id"], v=1)
    assert codes(errors) == {("actInInstitution",): "forbidden"}


async def test_concerns_filter_and_page_both_ways(api: Api, graphql: GraphQL) -> None:
    child = await api.child()
    made = [(await api.concern(child_id=child["id"]))["id"] for _ in range(3)]
    await api.concern(child_id=child["id"], status="closed")
    await api.concern()  # another child's
    wanted = {"childId": child["id"], "status": "RECORDED"}

    forwards, after = [], None
    while True:
        page = (await graphql("teacher", LIST, filter=wanted, first=2, after=after))["concerns"]
        forwards += [e["node"]["databaseId"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert forwards == list(reversed(made))

    back = (await graphql("teacher", LIST_BACK, filter=wanted, last=2))["concerns"]
    assert [e["node"]["databaseId"] for e in back["edges"]] == forwards[-2:]
    assert back["pageInfo"]["hasPreviousPage"] is True
    newer = (
        await graphql(
            "teacher", LIST_BACK, filter=wanted, last=2, before=back["pageInfo"]["startCursor"]
        )
    )["concerns"]
    assert [e["node"]["databaseId"] for e in newer["edges"]] == forwards[:1]
    assert newer["pageInfo"] == {
        "hasPreviousPage": False,
        "hasNextPage": True,
        "startCursor": newer["pageInfo"]["startCursor"],
    }


async def test_the_raiser_follows_what_became_of_its_concern(api: Api, graphql: GraphQL) -> None:
    referral = await api.referral("teacher")
    shown = (await graphql("teacher", STATUS, id=referral["concern_id"]))["concernStatus"]
    rest = await api.ok("GET", f"/api/v1/concerns/{referral['concern_id']}/status", "teacher")
    assert (shown["concernId"], shown["status"], shown["decision"]) == (
        rest["id"],
        "referred",
        "refer",
    )
    [line] = shown["referrals"]
    assert (line["databaseId"], line["status"], line["toOrganisationName"]) == (
        referral["id"],
        "received",
        rest["referrals"][0]["to_organisation_name"],
    )
    assert (shown["case"], shown["actions"]) == (None, [])

    # The school's own system follows it too; the authority, which reads the referral itself,
    # is refused; another district does not know of it.
    by_system = await graphql("school_registry", STATUS, id=referral["concern_id"])
    assert by_system["concernStatus"]["referrals"] == shown["referrals"]
    _, errors = await attempt(graphql, "social_worker", STATUS, id=referral["concern_id"])
    assert codes(errors) == {("concernStatus",): "forbidden"}
    _, errors = await attempt(graphql, "ungheni_worker", STATUS, id=referral["concern_id"])
    assert codes(errors) == {("concernStatus",): "not-found"}
