"""Plans through GraphQL: writing, putting in force, objectives, actions and their steps, reviews,
and the lists of plans and actions, over the same services and rules as REST."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlmodel import col

from app.domain.cases import CaseStage
from app.persistence.tables.access_log import AccessLogEntry
from tests.conftest import Db, StatementCounter
from tests.factories import Api, due_in, review_body
from tests.graphql.conftest import GraphQL

pytestmark = pytest.mark.db

PLAN = """
  id databaseId status scope version legalActions reviewIntervalDays reviewDueOn
  leadProfessional { familyName }
  concern { databaseId } case { databaseId stage } child { givenName }
  objectives { databaseId indicator description }
  actions { id databaseId objectiveId status version legalActions overdue description }
  reviews { databaseId decision nextReviewOn author { familyName } }
"""
ACTION = "id databaseId planId objectiveId status version note legalActions overdue"

CREATE = f"""mutation($input: NewPlanInput!) {{
  createPlan(input: $input) {{ plan {{ {PLAN} }} userErrors {{ field code reason message }} }}
}}"""
UPDATE = f"""mutation($id: ID!, $v: Int!, $input: PlanChangesInput!) {{
  updatePlan(id: $id, expectedVersion: $v, input: $input) {{
    plan {{ {PLAN} }} userErrors {{ field code message }}
  }}
}}"""
CANCEL = f"""mutation($id: ID!, $v: Int!, $input: PlanCancellationInput!) {{
  cancelPlan(id: $id, expectedVersion: $v, input: $input) {{
    plan {{ {PLAN} }} userErrors {{ field code message }}
  }}
}}"""
ADD_OBJECTIVE = """mutation($plan: ID!, $input: NewObjectiveInput!) {
  addObjective(planId: $plan, input: $input) {
    planObjective { databaseId planId indicator } userErrors { field code message }
  }
}"""
ADD_ACTION = f"""mutation($plan: ID!, $input: NewActionInput!) {{
  addPlanAction(planId: $plan, input: $input) {{
    planAction {{ {ACTION} }} userErrors {{ field code message }}
  }}
}}"""
REVIEW = """mutation($plan: ID!, $input: NewReviewInput!) {
  recordReview(planId: $plan, input: $input) {
    review { databaseId planId decision heldOn nextReviewOn indicatorRatings }
    userErrors { field code message }
  }
}"""
READ_ACTION = (
    f"""query($plan: ID!, $id: ID!) {{ planAction(planId: $plan, id: $id) {{ {ACTION} }} }}"""
)
NODE = """query($id: ID!) { node(id: $id) { id ... on PlanAction { description } } }"""


def plan_step(name: str) -> str:
    return f"""mutation($id: ID!, $v: Int!) {{
  {name}(id: $id, expectedVersion: $v) {{ plan {{ {PLAN} }} userErrors {{ field code message }} }}
}}"""


def action_step(name: str) -> str:
    return f"""mutation($plan: ID!, $id: ID!, $v: Int!, $input: ActionNoteInput) {{
  {name}(planId: $plan, id: $id, expectedVersion: $v, input: $input) {{
    planAction {{ {ACTION} }} userErrors {{ field code message }}
  }}
}}"""


def connection(field: str, **arguments: Any) -> str:
    given = ", ".join(f"{k}: {v}" for k, v in arguments.items())
    return f"""query {{
  {field}({given}) {{
    edges {{ node {{ databaseId }} }}
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
  }}
}}"""


def ids(page: dict[str, Any]) -> list[str]:
    return [e["node"]["databaseId"] for e in page["edges"]]


def action_input(api: Api, **overrides: Any) -> dict[str, Any]:
    """The family doctor's action, due in 30 days."""
    body = {
        "description": "Consiliere psihologică săptămânală",
        "responsibleOrganisationId": api.world.org("clinic"),
        "responsibleProfessionalId": api.world.person("doctor"),
        "dueOn": due_in(30),
        **overrides,
    }
    return body


async def single_agency_plan(api: Api, graphql: GraphQL, **extra: Any) -> dict[str, Any]:
    concern = await api.concern("teacher", status="single_agency_plan")
    body = {
        "concernId": concern["id"],
        "needs": "Absențe repetate",
        "objectives": [{"indicator": "ACHIEVING", "description": "Frecventează regulat școala"}],
        "actions": [action_input(api, objectiveIndex=0)],
        **extra,
    }
    payload = (await graphql("teacher", CREATE, input=body))["createPlan"]
    assert payload["userErrors"] == []
    plan = dict(payload["plan"])
    assert plan["concern"]["databaseId"] == concern["id"]
    return plan


async def test_a_plan_from_draft_to_review_and_completion(api: Api, graphql: GraphQL) -> None:
    plan = await single_agency_plan(api, graphql)
    assert (plan["status"], plan["scope"]) == ("draft", "single_agency")
    assert plan["legalActions"] == ["activate", "cancel"]
    assert plan["leadProfessional"]["familyName"] == "Ciobanu"
    assert plan["case"] is None
    [objective] = plan["objectives"]
    [action] = plan["actions"]
    assert objective["indicator"] == "achieving"
    assert action["objectiveId"] == objective["databaseId"]
    assert (action["status"], action["legalActions"], action["overdue"]) == (
        "planned",
        ["cancel", "start"],
        False,
    )
    rest = await api.ok("GET", f"/api/v1/plans/{plan['databaseId']}")
    assert [a["id"] for a in rest["actions"]] == [action["databaseId"]]
    assert rest["version"] == plan["version"]

    added = (
        await graphql(
            "teacher",
            ADD_OBJECTIVE,
            plan=plan["id"],
            input={"indicator": "INCLUDED", "description": "Se joacă cu colegii în pauze"},
        )
    )["addObjective"]
    assert added["userErrors"] == []
    assert added["planObjective"]["planId"] == plan["databaseId"]
    second = (
        await graphql(
            "teacher",
            ADD_ACTION,
            plan=plan["id"],
            input=action_input(
                api,
                description="Evaluare medicală",
                objectiveId=added["planObjective"]["databaseId"],
            ),
        )
    )["addPlanAction"]
    assert second["userErrors"] == []
    assert second["planAction"]["objectiveId"] == added["planObjective"]["databaseId"]

    # Adding parts moved the plan's version on: the old one is stale.
    stale = await graphql(
        "teacher", UPDATE, id=plan["id"], v=plan["version"], input={"reviewIntervalDays": 30}
    )
    [error] = stale["updatePlan"]["userErrors"]
    assert error["code"] == "version-mismatch"
    current = (
        await graphql("teacher", "query($id: ID!) { plan(id: $id) { version } }", id=plan["id"])
    )["plan"]
    updated = (
        await graphql(
            "teacher", UPDATE, id=plan["id"], v=current["version"], input={"reviewIntervalDays": 30}
        )
    )["updatePlan"]
    assert updated["userErrors"] == []
    assert updated["plan"]["reviewIntervalDays"] == 30
    assert len(updated["plan"]["objectives"]) == 2

    active = (
        await graphql(
            "teacher", plan_step("activatePlan"), id=plan["id"], v=updated["plan"]["version"]
        )
    )["activatePlan"]
    assert active["userErrors"] == []
    assert active["plan"]["status"] == "active"
    assert active["plan"]["reviewDueOn"] == due_in(30)

    # The doctor holds the action and moves it; its version is its own.
    started = (
        await graphql(
            "doctor", action_step("startPlanAction"), plan=plan["id"], id=action["id"], v=1
        )
    )["startPlanAction"]
    assert started["userErrors"] == []
    assert started["planAction"]["status"] == "in_progress"
    stale_step = await graphql(
        "doctor", action_step("completePlanAction"), plan=plan["id"], id=action["id"], v=1
    )
    [error] = stale_step["completePlanAction"]["userErrors"]
    assert error["code"] == "version-mismatch"
    done = (
        await graphql(
            "doctor",
            action_step("completePlanAction"),
            plan=plan["id"],
            id=action["databaseId"],
            v=started["planAction"]["version"],
            input={"note": "Patru ședințe ținute"},
        )
    )["completePlanAction"]
    assert done["userErrors"] == []
    assert (done["planAction"]["status"], done["planAction"]["note"]) == (
        "done",
        "Patru ședințe ținute",
    )
    finished = await graphql(
        "doctor",
        action_step("cancelPlanAction"),
        plan=plan["id"],
        id=action["id"],
        v=done["planAction"]["version"],
    )
    [error] = finished["cancelPlanAction"]["userErrors"]
    assert error["code"] == "illegal-transition"

    read = (await graphql("teacher", READ_ACTION, plan=plan["id"], id=action["id"]))["planAction"]
    assert read["status"] == "done"
    node = (await graphql("doctor", NODE, id=action["id"]))["node"]
    assert node == {"id": action["id"], "description": action["description"]}

    reviewed = (
        await graphql(
            "teacher",
            REVIEW,
            plan=plan["id"],
            input={
                "heldOn": review_body()["held_on"],
                "progress": "Frecvența s-a îmbunătățit",
                "indicatorRatings": {"achieving": {"rating": 3}},
                "decision": "CONTINUE",
            },
        )
    )["recordReview"]
    assert reviewed["userErrors"] == []
    assert reviewed["review"]["nextReviewOn"] == due_in(30)
    assert reviewed["review"]["indicatorRatings"]["achieving"]["rating"] == 3
    [stored] = await api.ok("GET", f"/api/v1/plans/{plan['databaseId']}/reviews")
    assert stored["id"] == reviewed["review"]["databaseId"]
    assert stored["indicator_ratings"] == reviewed["review"]["indicatorRatings"]

    completed = (
        await graphql(
            "teacher", plan_step("completePlan"), id=plan["id"], v=active["plan"]["version"]
        )
    )["completePlan"]
    assert completed["userErrors"] == []
    after = completed["plan"]
    assert after["status"] == "completed"
    assert [r["databaseId"] for r in after["reviews"]] == [reviewed["review"]["databaseId"]]
    assert after["reviews"][0]["author"]["familyName"] == "Ciobanu"
    # Completing cancelled what was still open; what was done stays done.
    assert {a["description"]: a["status"] for a in after["actions"]} == {
        action["description"]: "done",
        "Evaluare medicală": "cancelled",
    }


async def test_refusals_are_user_errors_with_their_path(api: Api, graphql: GraphQL) -> None:
    concern = await api.concern("teacher", status="single_agency_plan")
    case = await api.case(stage=CaseStage.PLANNING)
    both = await graphql(
        "teacher", CREATE, input={"concernId": concern["id"], "caseId": case["id"]}
    )
    assert both["createPlan"]["plan"] is None
    [error] = both["createPlan"]["userErrors"]
    assert (error["code"], error["field"]) == ("validation-error", ["input", "concernId"])

    pointing_nowhere = await graphql(
        "teacher",
        CREATE,
        input={"concernId": concern["id"], "actions": [action_input(api, objectiveIndex=3)]},
    )
    [error] = pointing_nowhere["createPlan"]["userErrors"]
    assert error["field"] == ["input", "actions", "0", "objectiveIndex"]
    far = await graphql(
        "teacher",
        CREATE,
        input={"concernId": concern["id"], "actions": [action_input(api, dueOn="3000-01-01")]},
    )
    [error] = far["createPlan"]["userErrors"]
    assert error["field"] == ["input", "actions", "0", "dueOn"]

    plan = await single_agency_plan(api, graphql)
    early = await graphql("teacher", plan_step("completePlan"), id=plan["id"], v=plan["version"])
    [error] = early["completePlan"]["userErrors"]
    assert error["code"] == "illegal-transition"
    no_review = await graphql(
        "teacher",
        REVIEW,
        plan=plan["id"],
        input={"heldOn": due_in(0), "progress": "Nimic nou", "decision": "CONTINUE"},
    )
    [error] = no_review["recordReview"]["userErrors"]
    assert error["code"] == "illegal-transition"
    # The doctor holds an action of the plan, which is not the plan to change.
    theirs = await graphql(
        "doctor", UPDATE, id=plan["id"], v=plan["version"], input={"needs": "Altele"}
    )
    [error] = theirs["updatePlan"]["userErrors"]
    assert error["code"] == "forbidden"
    short = await graphql(
        "teacher", CANCEL, id=plan["id"], v=plan["version"], input={"reason": "x"}
    )
    [error] = short["cancelPlan"]["userErrors"]
    assert error["field"] == ["input", "reason"]
    cancelled = (
        await graphql(
            "teacher",
            CANCEL,
            id=plan["id"],
            v=plan["version"],
            input={"reason": "Familia s-a mutat"},
        )
    )["cancelPlan"]
    assert cancelled["userErrors"] == []
    assert cancelled["plan"]["status"] == "cancelled"
    [action] = cancelled["plan"]["actions"]
    assert action["status"] == "cancelled"

    wrong_id = await graphql(
        "doctor", action_step("startPlanAction"), plan="nonsense", id=action["id"], v=1
    )
    [error] = wrong_id["startPlanAction"]["userErrors"]
    assert error["field"] == ["planId"]


async def test_the_childs_plan_of_a_case_and_plan_lists(api: Api, graphql: GraphQL) -> None:
    case = await api.case(stage=CaseStage.PLANNING)
    body = {"caseId": case["id"], "actions": [action_input(api)]}
    first = (await graphql("social_worker", CREATE, input=body))["createPlan"]["plan"]
    second = (await graphql("social_worker", CREATE, input=body))["createPlan"]["plan"]
    third = (await graphql("social_worker", CREATE, input=body))["createPlan"]["plan"]
    assert first["scope"] == "multi_agency"
    assert first["case"] == {"databaseId": case["id"], "stage": "planning"}
    assert first["concern"] is None
    await graphql("social_worker", plan_step("activatePlan"), id=third["id"], v=third["version"])
    elsewhere = await single_agency_plan(api, graphql)

    of_case = f'{{caseId: "{case["id"]}"}}'
    newest_first = [third["databaseId"], second["databaseId"], first["databaseId"]]
    forward = (await graphql("social_worker", connection("plans", first=2, filter=of_case)))[
        "plans"
    ]
    assert ids(forward) == newest_first[:2]
    assert forward["pageInfo"]["hasNextPage"] is True
    end = forward["pageInfo"]["endCursor"]
    tail = (
        await graphql(
            "social_worker", connection("plans", first=2, after=f'"{end}"', filter=of_case)
        )
    )["plans"]
    assert ids(tail) == newest_first[2:]
    backward = (await graphql("social_worker", connection("plans", last=2, filter=of_case)))[
        "plans"
    ]
    assert ids(backward) == newest_first[1:]
    start = backward["pageInfo"]["startCursor"]
    newer = (
        await graphql(
            "social_worker", connection("plans", last=2, before=f'"{start}"', filter=of_case)
        )
    )["plans"]
    assert ids(newer) == newest_first[:1]
    active = (
        await graphql("social_worker", connection("plans", first=5, filter="{status: ACTIVE}"))
    )["plans"]
    assert ids(active) == [third["databaseId"]]
    # The teacher's own plan is the school's; the social worker does not see it.
    assert elsewhere["databaseId"] not in ids(
        (await graphql("social_worker", connection("plans", first=10)))["plans"]
    )

    # The case shows its plans and their actions, as far as the reader may see them.
    shown = (
        await graphql(
            "social_worker",
            "query($id: ID!) { case(id: $id) { plans { databaseId } planActions { planId } } }",
            id=case["id"],
        )
    )["case"]
    assert sorted(p["databaseId"] for p in shown["plans"]) == sorted(newest_first)
    assert len(shown["planActions"]) == 3


async def test_plan_actions_list_by_holder_and_lateness(api: Api, graphql: GraphQL) -> None:
    await single_agency_plan(
        api,
        graphql,
        actions=[
            action_input(api, description="Evaluare medicală", dueOn=due_in(-3)),
            action_input(api, description="Control stomatologic", dueOn=due_in(10)),
            action_input(
                api,
                description="Meditații la matematică",
                dueOn=due_in(-1),
                responsibleOrganisationId=api.world.org("school"),
                responsibleProfessionalId=api.world.person("teacher"),
            ),
        ],
    )

    async def descriptions(**arguments: Any) -> list[str]:
        given = ", ".join(f"{k}: {v}" for k, v in arguments.items())
        document = f"{{ planActions({given}) {{ nodes {{ description overdue }} }} }}"
        nodes = (await graphql("doctor", document))["planActions"]["nodes"]
        return sorted(n["description"] for n in nodes)

    clinic = api.world.org("clinic")
    assert await descriptions(first=10, filter=f'{{responsibleOrganisationId: "{clinic}"}}') == [
        "Control stomatologic",
        "Evaluare medicală",
    ]
    assert await descriptions(first=10, filter="{overdue: true}") == [
        "Evaluare medicală",
        "Meditații la matematică",
    ]
    overdue_of_clinic = f'{{responsibleOrganisationId: "{clinic}", overdue: true}}'
    assert await descriptions(first=10, filter=overdue_of_clinic) == ["Evaluare medicală"]
    one = (await graphql("doctor", connection("planActions", first=1, filter="{overdue: true}")))[
        "planActions"
    ]
    assert len(one["edges"]) == 1
    assert one["pageInfo"]["hasNextPage"] is True
    end = one["pageInfo"]["endCursor"]
    rest = (
        await graphql(
            "doctor", connection("planActions", first=1, after=f'"{end}"', filter="{overdue: true}")
        )
    )["planActions"]
    assert ids(rest) != ids(one)
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_a_page_of_plans_with_their_parts_costs_the_same_for_one_or_three(
    api: Api, graphql: GraphQL, statements: StatementCounter, db: Db
) -> None:
    document = """{ plans(first: 10) { nodes {
      objectives { indicator } actions { databaseId } reviews { decision } child { givenName }
    } } }"""
    shown: set[str] = set()

    async def sent() -> tuple[int, int]:
        before = statements.count
        found = (await graphql("teacher", document))["plans"]["nodes"]
        shown.update(a["databaseId"] for p in found for a in p["actions"])
        return len(found), statements.count - before

    await single_agency_plan(api, graphql)
    one, cost = await sent()
    await single_agency_plan(api, graphql)
    await single_agency_plan(api, graphql)
    assert await sent() == (one + 2, cost)

    # Each action shown through its plan is in the access log, as a listed record of the child.
    logged = await db.rows(
        AccessLogEntry,
        col(AccessLogEntry.actor_id) == uuid.UUID(api.world.person("teacher")),
        col(AccessLogEntry.operation) == "list",
        col(AccessLogEntry.resource_type) == "plan_action",
    )
    assert len(shown) == 3
    assert {e.resource_id for e in logged} == shown
    assert all(e.child_id is not None for e in logged)
