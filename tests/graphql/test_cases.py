"""Cases through GraphQL: opening, stages, closing and reopening, the team around the child, and
the case list as a connection, over the same services and rules as REST."""

from __future__ import annotations

from typing import Any

import pytest
from gql.transport.exceptions import TransportQueryError

from app.domain.cases import CaseStage
from tests.factories import Api
from tests.graphql.conftest import GraphQL

pytestmark = pytest.mark.db

CASE_FIELDS = """
  id databaseId stage version urgency levelOfNeed reopenCount closureReason legalActions
  child { givenName }
  leadProfessional { familyName }
  team { role professional { familyName } }
"""

OPEN = f"""mutation($input: NewCaseInput!) {{
  openCase(input: $input) {{
    case {{ {CASE_FIELDS} }}
    userErrors {{ field code reason message }}
  }}
}}"""


def stage_change(name: str) -> str:
    return f"""mutation($id: ID!, $v: Int!) {{
  {name}(id: $id, expectedVersion: $v) {{
    case {{ stage version legalActions }}
    userErrors {{ field code message }}
  }}
}}"""


UPDATE = """mutation($id: ID!, $v: Int!, $input: CaseChangesInput!) {
  updateCase(id: $id, expectedVersion: $v, input: $input) {
    case { levelOfNeed version leadProfessional { familyName } team { role } }
    userErrors { field code message }
  }
}"""

CLOSE = """mutation($id: ID!, $v: Int!, $input: CaseClosureInput!) {
  closeCase(id: $id, expectedVersion: $v, input: $input) {
    case { stage version closureReason closedAt }
    userErrors { field code message }
  }
}"""

REOPEN = """mutation($id: ID!, $v: Int!, $input: CaseReopeningInput!) {
  reopenCase(id: $id, expectedVersion: $v, input: $input) {
    case { stage version reopenCount closedAt }
    userErrors { field code message }
  }
}"""

ADD_MEMBER = """mutation($case: ID!, $input: NewTeamMemberInput!) {
  addTeamMember(caseId: $case, input: $input) {
    teamMember { id databaseId caseId role leftAt organisation { name } }
    userErrors { field code message }
  }
}"""

REMOVE_MEMBER = """mutation($case: ID!, $id: ID!) {
  removeTeamMember(caseId: $case, id: $id) {
    teamMember { databaseId leftAt }
    userErrors { field code message }
  }
}"""

TEAM = """query($id: ID!, $former: Boolean!) {
  case(id: $id) { team(includeFormer: $former) { databaseId role leftAt } }
}"""


def page(**arguments: Any) -> str:
    """A page of cases; the arguments are written into the document, as the cost limit reads
    page sizes from it."""
    given = ", ".join(f"{k}: {v}" for k, v in arguments.items())
    return f"""query {{
  cases({given}) {{
    edges {{ cursor node {{ databaseId stage }} }}
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
  }}
}}"""


async def open_case(api: Api, graphql: GraphQL, **extra: Any) -> dict[str, Any]:
    child = await api.child(given_name="Ion", family_name="Ceban")
    body = {
        "childId": child["id"],
        "leadProfessionalId": api.world.person("social_worker"),
        "reason": "Poliția a semnalat violență în familie",
        **extra,
    }
    payload = (await graphql("social_worker", OPEN, input=body))["openCase"]
    assert payload["userErrors"] == []
    return dict(payload["case"])


async def test_a_case_is_opened_moved_closed_and_reopened(api: Api, graphql: GraphQL) -> None:
    case = await open_case(api, graphql)
    assert case["stage"] == "initial_assessment"
    assert case["urgency"] == "child_protection"
    assert case["child"]["givenName"] == "Ion"
    assert case["leadProfessional"]["familyName"] == "Munteanu"
    assert [(m["role"], m["professional"]["familyName"]) for m in case["team"]] == [
        ("lead_professional", "Munteanu")
    ]
    rest = await api.ok("GET", f"/api/v1/cases/{case['databaseId']}", "social_worker")
    assert rest["version"] == case["version"]
    assert case["legalActions"] == rest["legal_actions"]

    moved = await graphql(
        "social_worker",
        stage_change("startComplexAssessment"),
        id=case["id"],
        v=case["version"],
    )
    complex_ = moved["startComplexAssessment"]
    assert complex_["userErrors"] == []
    assert complex_["case"]["stage"] == "complex_assessment"
    assert complex_["case"]["version"] == case["version"] + 1

    # Implementation comes after planning: the refusal names the transition, nothing changes.
    refused = await graphql(
        "social_worker",
        stage_change("startImplementation"),
        id=case["id"],
        v=complex_["case"]["version"],
    )
    assert refused["startImplementation"]["case"] is None
    [error] = refused["startImplementation"]["userErrors"]
    assert error["code"] == "illegal-transition"
    assert error["field"] is None

    version = complex_["case"]["version"]
    for name, stage in (
        ("startPlanning", "planning"),
        ("startImplementation", "implementation_monitoring"),
        ("startReview", "review"),
    ):
        done = (await graphql("social_worker", stage_change(name), id=case["id"], v=version))[name]
        assert done["userErrors"] == []
        assert done["case"]["stage"] == stage
        version = done["case"]["version"]

    # A stale read is refused with REST's If-Match code.
    stale = await graphql(
        "social_worker",
        UPDATE,
        id=case["id"],
        v=version - 1,
        input={"levelOfNeed": "MULTI_AGENCY"},
    )
    [error] = stale["updateCase"]["userErrors"]
    assert error["code"] == "version-mismatch"
    updated = (
        await graphql(
            "social_worker", UPDATE, id=case["id"], v=version, input={"levelOfNeed": "MULTI_AGENCY"}
        )
    )["updateCase"]
    assert updated["userErrors"] == []
    assert updated["case"]["levelOfNeed"] == "multi_agency"
    version = updated["case"]["version"]

    # A child-protection case is closed by a supervisor, not by the social worker.
    closing = {"reason": "OBJECTIVES_ACHIEVED"}
    mine = await graphql("social_worker", CLOSE, id=case["id"], v=version, input=closing)
    [error] = mine["closeCase"]["userErrors"]
    assert error["code"] == "forbidden"
    closed = (await graphql("supervisor", CLOSE, id=case["id"], v=version, input=closing))[
        "closeCase"
    ]
    assert closed["userErrors"] == []
    assert closed["case"]["stage"] == "closed"
    assert closed["case"]["closureReason"] == "objectives_achieved"
    assert closed["case"]["closedAt"] is not None

    reopened = (
        await graphql(
            "social_worker",
            REOPEN,
            id=case["id"],
            v=closed["case"]["version"],
            input={"reason": "O nouă sesizare a poliției"},
        )
    )["reopenCase"]
    assert reopened["userErrors"] == []
    assert reopened["case"]["stage"] == "initial_assessment"
    assert reopened["case"]["reopenCount"] == 1
    assert reopened["case"]["closedAt"] is None
    rest = await api.ok("GET", f"/api/v1/cases/{case['databaseId']}", "social_worker")
    assert (rest["stage"], rest["version"]) == ("initial_assessment", reopened["case"]["version"])


async def test_a_new_lead_joins_the_team_and_the_former_lead_stays(
    api: Api, graphql: GraphQL
) -> None:
    case = await open_case(api, graphql)
    changed = (
        await graphql(
            "social_worker",
            UPDATE,
            id=case["id"],
            v=case["version"],
            input={"leadProfessionalId": api.world.person("supervisor")},
        )
    )["updateCase"]
    assert changed["userErrors"] == []
    assert changed["case"]["leadProfessional"]["familyName"] == "Rotari"
    assert sorted(m["role"] for m in changed["case"]["team"]) == [
        "former lead professional",
        "lead_professional",
    ]


async def test_bad_fields_are_user_errors_with_their_path(api: Api, graphql: GraphQL) -> None:
    child = await api.child()
    short = await graphql("social_worker", OPEN, input={"childId": child["id"], "reason": "x"})
    [error] = short["openCase"]["userErrors"]
    assert short["openCase"]["case"] is None
    assert error["code"] == "validation-error"
    assert error["field"] == ["input", "reason"]
    assert error["reason"] == "string_too_short"

    # A refusal from the service points at the field as REST's problem does (#/child_id).
    unknown = await graphql(
        "social_worker",
        OPEN,
        input={"childId": "1c0f9e4e-9d8c-4f53-8a43-2d9d8f1f0c11", "reason": "Violență în familie"},
    )
    [error] = unknown["openCase"]["userErrors"]
    assert error["field"] == ["input", "childId"]

    # Only a guardianship authority opens a case on this path.
    school = await graphql(
        "teacher", OPEN, input={"childId": child["id"], "reason": "Violență în familie"}
    )
    [error] = school["openCase"]["userErrors"]
    assert error["code"] == "forbidden"

    case = await open_case(api, graphql)
    other = await graphql(
        "supervisor",
        CLOSE,
        id=case["id"],
        v=case["version"],
        input={"reason": "OTHER"},
    )
    [error] = other["closeCase"]["userErrors"]
    assert error["field"] == ["input"]
    assert "note" in error["message"]


async def test_the_team_around_the_child(api: Api, graphql: GraphQL) -> None:
    case = await open_case(api, graphql)
    added = (
        await graphql(
            "social_worker",
            ADD_MEMBER,
            case=case["id"],
            input={"professionalId": api.world.person("teacher"), "role": "diriginte"},
        )
    )["addTeamMember"]
    assert added["userErrors"] == []
    member = added["teamMember"]
    assert member["caseId"] == case["databaseId"]
    assert member["leftAt"] is None
    assert member["organisation"]["name"].startswith("Liceul")

    again = await graphql(
        "social_worker",
        ADD_MEMBER,
        case=case["id"],
        input={"professionalId": api.world.person("teacher"), "role": "diriginte"},
    )
    [error] = again["addTeamMember"]["userErrors"]
    assert error["code"] == "conflict"
    empty = await graphql(
        "social_worker",
        ADD_MEMBER,
        case=case["id"],
        input={"professionalId": api.world.person("doctor"), "role": ""},
    )
    [error] = empty["addTeamMember"]["userErrors"]
    assert error["field"] == ["input", "role"]
    # Only those running the case change its team; the teacher now on it does not.
    by_teacher = await graphql(
        "teacher",
        ADD_MEMBER,
        case=case["id"],
        input={"professionalId": api.world.person("doctor"), "role": "medic de familie"},
    )
    [error] = by_teacher["addTeamMember"]["userErrors"]
    assert error["code"] == "forbidden"

    removed = (await graphql("social_worker", REMOVE_MEMBER, case=case["id"], id=member["id"]))[
        "removeTeamMember"
    ]
    assert removed["userErrors"] == []
    assert removed["teamMember"]["leftAt"] is not None
    twice = await graphql("social_worker", REMOVE_MEMBER, case=case["id"], id=member["databaseId"])
    [error] = twice["removeTeamMember"]["userErrors"]
    assert error["code"] == "conflict"

    present = (await graphql("social_worker", TEAM, id=case["id"], former=False))["case"]["team"]
    everyone = (await graphql("social_worker", TEAM, id=case["id"], former=True))["case"]["team"]
    assert member["databaseId"] not in {m["databaseId"] for m in present}
    assert [m["role"] for m in everyone] == ["lead_professional", "diriginte"]
    assert everyone[1]["leftAt"] is not None
    rest = await api.ok(
        "GET",
        f"/api/v1/cases/{case['databaseId']}/team",
        "social_worker",
        params={"include_former": "true"},
    )
    assert [m["id"] for m in rest] == [m["databaseId"] for m in everyone]


async def test_cases_page_forwards_and_backwards_and_filter(api: Api, graphql: GraphQL) -> None:
    oldest = await api.case()
    middle = await api.case(stage=CaseStage.PLANNING)
    newest = await api.case()
    ids = [newest["id"], middle["id"], oldest["id"]]

    first = (await graphql("social_worker", page(first=2)))["cases"]
    assert [e["node"]["databaseId"] for e in first["edges"]] == ids[:2]
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    after = first["pageInfo"]["endCursor"]
    rest = (await graphql("social_worker", page(first=2, after=f'"{after}"')))["cases"]
    assert [e["node"]["databaseId"] for e in rest["edges"]] == ids[2:]
    assert rest["pageInfo"]["hasNextPage"] is False
    assert rest["pageInfo"]["hasPreviousPage"] is True

    last = (await graphql("social_worker", page(last=2)))["cases"]
    assert [e["node"]["databaseId"] for e in last["edges"]] == ids[1:]
    assert last["pageInfo"]["hasPreviousPage"] is True
    before = last["pageInfo"]["startCursor"]
    newer = (await graphql("social_worker", page(last=2, before=f'"{before}"')))["cases"]
    assert [e["node"]["databaseId"] for e in newer["edges"]] == ids[:1]
    assert newer["pageInfo"]["hasPreviousPage"] is False
    assert newer["pageInfo"]["hasNextPage"] is True

    planning = (await graphql("social_worker", page(first=5, filter="{stage: PLANNING}")))["cases"]
    assert [e["node"]["databaseId"] for e in planning["edges"]] == [middle["id"]]
    # The Ungheni social worker sees none of Călărași's cases.
    assert (await graphql("ungheni_worker", page(first=5)))["cases"]["edges"] == []


async def test_a_case_out_of_reach_is_not_found(api: Api, graphql: GraphQL) -> None:
    case = await api.case()
    with pytest.raises(TransportQueryError) as caught:
        await graphql(
            "ungheni_worker", "query($id: ID!) { case(id: $id) { stage } }", id=case["id"]
        )
    [error] = caught.value.errors or []
    assert error["extensions"]["code"] == "not-found"
    # A sector system may not read cases at all: GET /cases/{id} is for professionals.
    with pytest.raises(TransportQueryError) as caught:
        await graphql(
            "school_registry", "query($id: ID!) { case(id: $id) { stage } }", id=case["id"]
        )
    [error] = caught.value.errors or []
    assert error["extensions"]["status"] == 403


async def test_a_greedy_document_is_refused_before_it_runs(api: Api, graphql: GraphQL) -> None:
    """A connection's nodes are counted once, by its page size; the lists under them multiply."""
    await api.case()
    screen = "{ cases(first: 20) { nodes { team { role } plans { status } } } }"
    assert len((await graphql("social_worker", screen))["cases"]["nodes"]) == 1
    greedy = """{ cases(first: 200) { nodes {
      team { role professional { familyName } organisation { name } }
      plans { actions { status } objectives { indicator } reviews { decision } }
    } } }"""
    with pytest.raises(TransportQueryError) as caught:
        await graphql("social_worker", greedy)
    [error] = caught.value.errors or []
    assert error["extensions"]["code"] == "query-too-costly"
