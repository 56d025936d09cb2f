"""Assessments through GraphQL: drafting, submitting, a supervisor's decision, revisions, and who
may see them at all (social-assistance roles only, as in REST)."""

from __future__ import annotations

from typing import Any

import pytest
from gql.transport.exceptions import TransportQueryError

from tests.factories import ALL_RATED, Api
from tests.graphql.conftest import GraphQL

pytestmark = pytest.mark.db

FIELDS = """
  id databaseId status kind revision version supersedesId legalActions resilienceQuadrant
  indicatorRatings summary returnReason decidedAt
  case { stage } child { givenName } author { familyName } decidedBy { familyName }
"""

CREATE = f"""mutation($input: NewAssessmentInput!) {{
  createAssessment(input: $input) {{
    assessment {{ {FIELDS} }}
    userErrors {{ field code reason message }}
  }}
}}"""

UPDATE = f"""mutation($id: ID!, $v: Int!, $input: AssessmentChangesInput!) {{
  updateAssessment(id: $id, expectedVersion: $v, input: $input) {{
    assessment {{ {FIELDS} }}
    userErrors {{ field code reason message }}
  }}
}}"""

RETURN = f"""mutation($id: ID!, $v: Int!, $input: ReturnDecisionInput!) {{
  returnAssessment(id: $id, expectedVersion: $v, input: $input) {{
    assessment {{ {FIELDS} }}
    userErrors {{ field code message }}
  }}
}}"""

REVISE = f"""mutation($id: ID!) {{
  reviseAssessment(id: $id) {{
    assessment {{ {FIELDS} }}
    userErrors {{ field code message }}
  }}
}}"""


def decision(name: str) -> str:
    return f"""mutation($id: ID!, $v: Int!) {{
  {name}(id: $id, expectedVersion: $v) {{
    assessment {{ {FIELDS} }}
    userErrors {{ field code message }}
  }}
}}"""


READ = """query($id: ID!) { assessment(id: $id) { databaseId status } }"""
OF_CASE = """query($id: ID!) { case(id: $id) { stage assessments { databaseId status } } }"""


def page(**arguments: Any) -> str:
    given = ", ".join(f"{k}: {v}" for k, v in arguments.items())
    return f"""query {{
  assessments({given}) {{
    edges {{ node {{ databaseId status }} }}
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
  }}
}}"""


async def create(graphql: GraphQL, case_id: str, **fields: Any) -> dict[str, Any]:
    body = {"caseId": case_id, "kind": "INITIAL", **fields}
    payload = (await graphql("social_worker", CREATE, input=body))["createAssessment"]
    assert payload["userErrors"] == []
    return dict(payload["assessment"])


async def test_an_assessment_from_draft_to_approval_and_revision(
    api: Api, graphql: GraphQL
) -> None:
    case = await api.case()
    draft = await create(
        graphql,
        case["id"],
        resilience={"resilience": 1, "environment": -2},
        childViews="Vreau să stau la bunica.",
    )
    assert (draft["status"], draft["revision"], draft["legalActions"]) == ("draft", 1, ["submit"])
    assert draft["resilienceQuadrant"] == "resilient_adverse"
    assert draft["case"]["stage"] == "initial_assessment"
    assert draft["author"]["familyName"] == "Munteanu"
    rest = await api.ok("GET", f"/api/v1/assessments/{draft['databaseId']}", "social_worker")
    assert rest["resilience_quadrant"] == draft["resilienceQuadrant"]

    # Submitting needs every indicator rated: a refusal, and nothing changes.
    early = await graphql("social_worker", decision("submitAssessment"), id=draft["id"], v=1)
    assert early["submitAssessment"]["assessment"] is None
    assert {e["code"] for e in early["submitAssessment"]["userErrors"]} == {"validation-error"}

    rated = (
        await graphql(
            "social_worker",
            UPDATE,
            id=draft["id"],
            v=draft["version"],
            input={"indicatorRatings": ALL_RATED, "summary": "Risc imediat"},
        )
    )["updateAssessment"]
    assert rated["userErrors"] == []
    assert rated["assessment"]["indicatorRatings"]["safe"]["rating"] == 1
    assert rated["assessment"]["summary"] == "Risc imediat"
    emptied = (
        await graphql(
            "social_worker",
            UPDATE,
            id=draft["id"],
            v=rated["assessment"]["version"],
            input={"summary": None},
        )
    )["updateAssessment"]
    assert emptied["assessment"]["summary"] is None
    version = emptied["assessment"]["version"]

    submitted = (
        await graphql("social_worker", decision("submitAssessment"), id=draft["id"], v=version)
    )["submitAssessment"]
    assert submitted["userErrors"] == []
    assert submitted["assessment"]["status"] == "submitted"
    version = submitted["assessment"]["version"]

    # Deciding is a supervisor's: the social worker is refused.
    theirs = await graphql(
        "social_worker", RETURN, id=draft["id"], v=version, input={"reason": "Lipsesc opiniile"}
    )
    [error] = theirs["returnAssessment"]["userErrors"]
    assert error["code"] == "forbidden"
    returned = (
        await graphql(
            "supervisor", RETURN, id=draft["id"], v=version, input={"reason": "Lipsesc opiniile"}
        )
    )["returnAssessment"]
    assert returned["userErrors"] == []
    assert returned["assessment"]["status"] == "returned"
    assert returned["assessment"]["returnReason"] == "Lipsesc opiniile"
    version = returned["assessment"]["version"]

    again = (
        await graphql("social_worker", decision("submitAssessment"), id=draft["id"], v=version)
    )["submitAssessment"]
    approved = (
        await graphql(
            "supervisor",
            decision("approveAssessment"),
            id=draft["id"],
            v=again["assessment"]["version"],
        )
    )["approveAssessment"]
    assert approved["userErrors"] == []
    assert approved["assessment"]["status"] == "approved"
    assert approved["assessment"]["decidedBy"]["familyName"] == "Rotari"
    assert approved["assessment"]["legalActions"] == ["revise"]

    # Approved is final: a change is a conflict (revise instead).
    final = await graphql(
        "social_worker",
        UPDATE,
        id=draft["id"],
        v=approved["assessment"]["version"],
        input={"summary": "Altceva"},
    )
    assert final["updateAssessment"]["assessment"] is None
    assert [e["code"] for e in final["updateAssessment"]["userErrors"]] == ["conflict"]

    revision = (await graphql("social_worker", REVISE, id=draft["id"]))["reviseAssessment"]
    assert revision["userErrors"] == []
    assert revision["assessment"]["revision"] == 2
    assert revision["assessment"]["status"] == "draft"
    assert revision["assessment"]["supersedesId"] == draft["databaseId"]
    assert revision["assessment"]["databaseId"] != draft["databaseId"]


async def test_refusals_are_user_errors(api: Api, graphql: GraphQL) -> None:
    case = await api.case()
    bad = await graphql(
        "social_worker",
        CREATE,
        input={
            "caseId": case["id"],
            "kind": "INITIAL",
            "indicatorRatings": {"safe": {"rating": 6}},
        },
    )
    assert bad["createAssessment"]["assessment"] is None
    [error] = bad["createAssessment"]["userErrors"]
    assert error["code"] == "validation-error"
    assert error["field"] == ["input", "indicatorRatings", "safe", "rating"]
    off_scale = await graphql(
        "social_worker",
        CREATE,
        input={
            "caseId": case["id"],
            "kind": "INITIAL",
            "resilience": {"resilience": 5, "environment": 0},
        },
    )
    [error] = off_scale["createAssessment"]["userErrors"]
    assert error["field"] == ["input", "resilience", "resilience"]

    draft = await create(graphql, case["id"], indicatorRatings=ALL_RATED)
    approve = await graphql(
        "supervisor", decision("approveAssessment"), id=draft["id"], v=draft["version"]
    )
    [error] = approve["approveAssessment"]["userErrors"]
    assert error["code"] == "illegal-transition"
    stale = await graphql(
        "social_worker", decision("submitAssessment"), id=draft["id"], v=draft["version"] + 1
    )
    [error] = stale["submitAssessment"]["userErrors"]
    assert error["code"] == "version-mismatch"


async def test_assessments_are_for_social_assistance_only(api: Api, graphql: GraphQL) -> None:
    case = await api.case()
    assessment = await api.assessment(case)
    team = f"/api/v1/cases/{case['id']}/team"
    body = {"professional_id": api.world.person("teacher"), "role": "diriginte"}
    await api.ok("POST", team, "social_worker", json=body, expect=201)

    # The teacher is on the team and reads the case, but not its assessments.
    theirs = (await graphql("teacher", OF_CASE, id=case["id"]))["case"]
    assert theirs["stage"] == "initial_assessment"
    assert theirs["assessments"] == []
    assert (await graphql("teacher", page(first=5)))["assessments"]["edges"] == []
    with pytest.raises(TransportQueryError) as caught:
        await graphql("teacher", READ, id=assessment["id"])
    [error] = caught.value.errors or []
    assert error["extensions"]["status"] in (403, 404)
    rest = await api.call("GET", f"/api/v1/assessments/{assessment['id']}", "teacher")
    assert rest.status_code == error["extensions"]["status"]

    # The social worker sees them, through the case and on their own.
    mine = (await graphql("social_worker", OF_CASE, id=case["id"]))["case"]
    assert [a["databaseId"] for a in mine["assessments"]] == [assessment["id"]]
    read = (await graphql("social_worker", READ, id=assessment["id"]))["assessment"]
    assert read == {"databaseId": assessment["id"], "status": "draft"}


async def test_assessments_page_both_ways_and_filter(api: Api, graphql: GraphQL) -> None:
    case = await api.case()
    first_one = await create(graphql, case["id"])
    second = await create(graphql, case["id"])
    third = await create(graphql, case["id"], indicatorRatings=ALL_RATED)
    await graphql("social_worker", decision("submitAssessment"), id=third["id"], v=1)
    other_case = await api.case()
    await create(graphql, other_case["id"])
    ids = [third["databaseId"], second["databaseId"], first_one["databaseId"]]
    of_case = f'{{caseId: "{case["id"]}"}}'

    forward = (await graphql("supervisor", page(first=2, filter=of_case)))["assessments"]
    assert [e["node"]["databaseId"] for e in forward["edges"]] == ids[:2]
    assert forward["pageInfo"]["hasNextPage"] is True
    end = forward["pageInfo"]["endCursor"]
    tail = (await graphql("supervisor", page(first=2, after=f'"{end}"', filter=of_case)))[
        "assessments"
    ]
    assert [e["node"]["databaseId"] for e in tail["edges"]] == ids[2:]
    assert tail["pageInfo"]["hasNextPage"] is False

    backward = (await graphql("supervisor", page(last=1, filter=of_case)))["assessments"]
    assert [e["node"]["databaseId"] for e in backward["edges"]] == ids[2:]
    assert backward["pageInfo"]["hasPreviousPage"] is True
    start = backward["pageInfo"]["startCursor"]
    newer = (await graphql("supervisor", page(last=5, before=f'"{start}"', filter=of_case)))[
        "assessments"
    ]
    assert [e["node"]["databaseId"] for e in newer["edges"]] == ids[:2]
    assert newer["pageInfo"]["hasPreviousPage"] is False

    submitted = (await graphql("supervisor", page(first=5, filter="{status: SUBMITTED}")))[
        "assessments"
    ]
    assert [e["node"]["databaseId"] for e in submitted["edges"]] == [third["databaseId"]]
