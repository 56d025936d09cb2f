"""The signed-in professional's own work through GraphQL: "my caseload" (the open cases I lead or
am on the team of now) and "my overdue items" (my deadlines past due, my plan actions past due)."""

from __future__ import annotations

from typing import Any

import pytest
from gql.transport.exceptions import TransportQueryError

from app.domain.cases import CaseAction
from tests.conftest import Db, StatementCounter
from tests.factories import Api, due_in
from tests.graphql.conftest import GraphQL

pytestmark = pytest.mark.db


def caseload(**arguments: Any) -> str:
    given = ", ".join(f"{k}: {v}" for k, v in arguments.items())
    return f"""query {{
  myCaseload({given}) {{
    edges {{ cursor node {{ databaseId stage leadProfessional {{ familyName }} }} }}
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
  }}
}}"""


OVERDUE = """query {
  myOverdueItems {
    deadlines { databaseId kind subjectType subjectId assigneeId dueAt metAt child { givenName } }
    planActions(first: 10) { nodes { databaseId description overdue status } }
  }
}"""


def ids(page: dict[str, Any]) -> list[str]:
    return [e["node"]["databaseId"] for e in page["edges"]]


async def join(api: Api, case: dict[str, Any], who: str) -> dict[str, Any]:
    body = {"professional_id": api.world.person(who), "role": "supervizor"}
    url = f"/api/v1/cases/{case['id']}/team"
    return dict(await api.ok("POST", url, "social_worker", json=body, expect=201))


async def test_my_caseload_is_the_open_cases_i_lead_or_am_on_the_team_of(
    api: Api, graphql: GraphQL
) -> None:
    supervisor = api.world.person("supervisor")
    led = await api.case(lead_professional_id=supervisor)
    member_of = await api.case()
    await join(api, member_of, "supervisor")
    left = await api.case()
    membership = await join(api, left, "supervisor")
    await api.ok("DELETE", f"/api/v1/cases/{left['id']}/team/{membership['id']}", "social_worker")
    closed = await api.case()
    await join(api, closed, "supervisor")
    await api.move_case(closed, CaseAction.CLOSE)
    not_mine = await api.case()

    # The supervisor sees every case of the territory, but only two are hers.
    every = (await graphql("supervisor", "{ cases(first: 10) { nodes { databaseId } } }"))["cases"]
    assert {c["databaseId"] for c in every["nodes"]} >= {
        led["id"],
        member_of["id"],
        left["id"],
        closed["id"],
        not_mine["id"],
    }
    mine = (await graphql("supervisor", caseload(first=10)))["myCaseload"]
    assert ids(mine) == [member_of["id"], led["id"]]
    assert mine["edges"][1]["node"]["leadProfessional"]["familyName"] == "Rotari"
    assert mine["pageInfo"]["hasNextPage"] is False

    # Paged forwards and backwards like every other list.
    newest = (await graphql("supervisor", caseload(first=1)))["myCaseload"]
    assert ids(newest) == [member_of["id"]]
    assert newest["pageInfo"]["hasNextPage"] is True
    end = newest["pageInfo"]["endCursor"]
    older = (await graphql("supervisor", caseload(first=1, after=f'"{end}"')))["myCaseload"]
    assert ids(older) == [led["id"]]
    assert older["pageInfo"]["hasNextPage"] is False
    oldest = (await graphql("supervisor", caseload(last=1)))["myCaseload"]
    assert ids(oldest) == [led["id"]]
    assert oldest["pageInfo"]["hasPreviousPage"] is True
    start = oldest["pageInfo"]["startCursor"]
    newer = (await graphql("supervisor", caseload(last=1, before=f'"{start}"')))["myCaseload"]
    assert ids(newer) == [member_of["id"]]

    # The social worker leads all of them; the closed one is no longer work.
    theirs = ids((await graphql("social_worker", caseload(first=10)))["myCaseload"])
    assert theirs == [not_mine["id"], left["id"], member_of["id"]]
    # Someone on no team has no caseload, whatever they may otherwise see.
    assert (await graphql("teacher", caseload(first=10)))["myCaseload"]["edges"] == []


async def test_the_caseload_counts_itself_and_other_lists_do_not(
    api: Api, graphql: GraphQL
) -> None:
    """A professional's own caseload is small, so its total is counted; a territory-wide list
    would have to read everything in scope, so it says null rather than cost that."""
    await api.case()
    await api.case()
    await api.case()
    document = "{ myCaseload(first: 1) { totalCount nodes { databaseId } } }"
    page = (await graphql("social_worker", document))["myCaseload"]
    assert (len(page["nodes"]), page["totalCount"]) == (1, 3)
    assert (await graphql("teacher", document))["myCaseload"]["totalCount"] == 0
    wide = await graphql("social_worker", "{ cases(first: 1) { totalCount } }")
    assert wide["cases"]["totalCount"] is None


async def test_a_sector_system_has_no_caseload(graphql: GraphQL) -> None:
    with pytest.raises(TransportQueryError) as caught:
        await graphql("school_registry", caseload(first=5))
    [error] = caught.value.errors or []
    assert error["extensions"]["status"] == 403


async def test_my_overdue_items(api: Api, graphql: GraphQL, db: Db) -> None:
    late = await api.case()
    await api.case()
    await db.make_overdue("case", late["id"])
    concern = await api.concern("teacher", status="single_agency_plan")
    clinic, doctor = api.world.org("clinic"), api.world.person("doctor")

    def action(description: str, days: int, **overrides: Any) -> dict[str, Any]:
        return {
            "description": description,
            "responsible_organisation_id": clinic,
            "responsible_professional_id": doctor,
            "due_on": due_in(days),
            **overrides,
        }

    await api.plan(
        concern_id=concern["id"],
        actions=[
            action("Evaluare medicală", -3),
            action("Control stomatologic", 10),
            action("Vaccinare", -2, responsible_professional_id=None),
            action(
                "Meditații la matematică",
                -1,
                responsible_organisation_id=api.world.org("school"),
                responsible_professional_id=api.world.person("teacher"),
            ),
        ],
    )

    # The lead of the late case has its deadline; no plan action is hers.
    social = (await graphql("social_worker", OVERDUE))["myOverdueItems"]
    [deadline] = social["deadlines"]
    assert (deadline["subjectType"], deadline["subjectId"]) == ("case", late["id"])
    assert deadline["kind"] == "case.initial_assessment"
    assert deadline["assigneeId"] == api.world.person("social_worker")
    assert deadline["metAt"] is None
    assert deadline["child"]["givenName"] == "Mihai"
    assert social["planActions"]["nodes"] == []
    rest = await api.ok("GET", "/api/v1/deadlines/overdue", "social_worker")
    assert deadline["databaseId"] in {d["id"] for d in rest}

    # The doctor has the late action that is his own, not his organisation's other ones.
    doctors = (await graphql("doctor", OVERDUE))["myOverdueItems"]
    assert doctors["deadlines"] == []
    assert [(a["description"], a["overdue"]) for a in doctors["planActions"]["nodes"]] == [
        ("Evaluare medicală", True)
    ]
    teachers = (await graphql("teacher", OVERDUE))["myOverdueItems"]
    assert [a["description"] for a in teachers["planActions"]["nodes"]] == [
        "Meditații la matematică"
    ]
    # The supervisor sees the territory's late case in REST's list, but it is not hers to do.
    territory = await api.ok("GET", "/api/v1/deadlines/overdue", "supervisor")
    assert deadline["databaseId"] in {d["id"] for d in territory}
    assert (await graphql("supervisor", OVERDUE))["myOverdueItems"]["deadlines"] == []

    with pytest.raises(TransportQueryError) as caught:
        await graphql("social_worker", "{ myOverdueItems(limit: 0) { deadlines { kind } } }")
    [error] = caught.value.errors or []
    assert error["extensions"]["code"] == "validation-error"


async def test_a_caseload_page_costs_the_same_for_one_case_or_three(
    api: Api, graphql: GraphQL, statements: StatementCounter
) -> None:
    document = """{ myCaseload(first: 10) { nodes {
      child { givenName } team { role professional { familyName } } plans { status }
    } } }"""

    async def sent() -> tuple[int, int]:
        before = statements.count
        found = (await graphql("social_worker", document))["myCaseload"]["nodes"]
        return len(found), statements.count - before

    await api.case()
    one, cost = await sent()
    await api.case()
    await api.case()
    assert await sent() == (one + 2, cost)
