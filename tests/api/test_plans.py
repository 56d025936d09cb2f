"""Plans and their actions over HTTP.

A single-agency plan belongs to a concern the institution decided to meet itself, a child's plan to
a case that has reached planning; both owners are made through the API by the factories.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from app.domain.cases import CaseStage
from app.persistence.tables.plans import Plan
from tests.conftest import Db
from tests.factories import Api, due_in, problem_of

# ---- writing a plan ------------------------------------------------------------------------


async def test_single_agency_plan_is_drafted_with_objectives_and_actions(api: Api) -> None:
    child = await api.child(given_name="Mihaela", family_name="Cojocaru")
    concern_id = (await api.concern(child_id=child["id"], status="single_agency_plan"))["id"]
    r = await api.call(
        "POST",
        "/api/v1/plans",
        json={
            "concern_id": concern_id,
            "needs": "Absențe repetate; bunica are grijă de doi copii.",
            "child_views": "Vrea să rămână în clasa ei.",
            "objectives": [
                {
                    "indicator": "achieving",
                    "description": "Frecventează regulat școala",
                    "expected_outcome": "Cel mult 2 absențe pe lună",
                }
            ],
            "actions": [api.action_body(objective_index=0)],
        },
    )
    assert r.status_code == 201, r.text
    plan = r.json()
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == f"/api/v1/plans/{plan['id']}"
    assert plan["scope"] == "single_agency"
    assert plan["status"] == "draft"
    assert plan["legal_actions"] == ["activate", "cancel"]
    assert plan["child_id"] == child["id"]
    assert plan["organisation_id"] == api.world.org("school")
    assert plan["lead_professional_id"] == api.world.person("teacher")
    assert plan["review_interval_days"] == 90
    assert plan["review_due_on"] is None
    [objective] = plan["objectives"]
    [action] = plan["actions"]
    assert objective["indicator"] == "achieving"
    assert action["objective_id"] == objective["id"]
    assert action["status"] == "planned"
    assert action["legal_actions"] == ["cancel", "start"]
    assert action["version"] == 1

    r = await api.call("GET", f"/api/v1/plans/{plan['id']}")
    assert r.status_code == 200
    assert r.headers["ETag"] == '"1"'
    assert r.json() == plan


async def test_childs_plan_of_a_case_belongs_to_the_responsible_organisation(api: Api) -> None:
    child = await api.child()
    case_id = (await api.case(child_id=child["id"], stage=CaseStage.PLANNING))["id"]
    plan = await api.plan(
        "social_worker",
        case_id=case_id,
        lead_professional_id=api.world.person("supervisor"),
    )
    assert plan["scope"] == "multi_agency"
    assert plan["organisation_id"] == api.world.org("mayoralty")
    assert plan["lead_professional_id"] == api.world.person("supervisor")
    assert plan["review_interval_days"] == 30


@pytest.mark.parametrize("owner", ["both", "neither"])
async def test_a_plan_has_exactly_one_owner(api: Api, owner: str) -> None:
    child = await api.child()
    body: dict[str, Any] = {}
    if owner == "both":
        case = await api.case(child_id=child["id"], stage=CaseStage.PLANNING)
        concern = await api.concern(child_id=child["id"], status="single_agency_plan")
        body = {"case_id": case["id"], "concern_id": concern["id"]}
    r = await api.call("POST", "/api/v1/plans", json=body)
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert error["pointer"] == "#/concern_id"
    assert "exactly one" in error["detail"]


async def test_the_owner_must_be_ready_for_a_plan(api: Api) -> None:
    child = await api.child()
    for status in ("recorded", "referred", "closed"):
        concern_id = (await api.concern(child_id=child["id"], status=status))["id"]
        r = await api.call("POST", "/api/v1/plans", json={"concern_id": concern_id})
        assert r.status_code == 409, r.text
        assert r.json()["owner_state"] == status
    for stage in ("initial_assessment", "complex_assessment", "closed"):
        case_id = (await api.case(child_id=child["id"], stage=CaseStage(stage)))["id"]
        r = await api.call("POST", "/api/v1/plans", "social_worker", json={"case_id": case_id})
        assert r.status_code == 409, r.text
        # The school is not on this case: for it the case does not exist.
        r = await api.call("POST", "/api/v1/plans", json={"case_id": case_id})
        assert problem_of(r, 422)["errors"][0]["pointer"] == "#/case_id"
    r = await api.call("POST", "/api/v1/plans", json={"concern_id": str(uuid.uuid4())})
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/concern_id"


async def test_bad_fields_are_pointed_at(api: Api) -> None:
    child = await api.child()
    concern_id = (await api.concern(child_id=child["id"], status="single_agency_plan"))["id"]
    objective = {"indicator": "safe", "description": "Se simte în siguranță"}

    async def pointers(**body: Any) -> list[str]:
        r = await api.call("POST", "/api/v1/plans", json={"concern_id": concern_id, **body})
        assert r.status_code == 422, r.text
        return [e["pointer"] for e in r.json()["errors"]]

    assert await pointers(objectives=[{**objective, "indicator": "happy"}]) == [
        "#/objectives/0/indicator"
    ]
    assert await pointers(
        objectives=[objective], actions=[api.action_body(), api.action_body(objective_index=1)]
    ) == ["#/actions/1/objective_index"]
    assert await pointers(
        actions=[api.action_body(responsible_professional_id=api.world.person("officer"))]
    ) == ["#/actions/0/responsible_professional_id"]
    assert await pointers(lead_professional_id=str(uuid.uuid4())) == ["#/lead_professional_id"]
    assert await pointers(review_interval_days=0) == ["#/review_interval_days"]


async def test_idempotency_key_replays_plan_creation(api: Api) -> None:
    child = await api.child()
    concern = await api.concern(child_id=child["id"], status="single_agency_plan")
    body = {"concern_id": concern["id"], "needs": "Sprijin la lecții"}
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    first = await api.call("POST", "/api/v1/plans", json=body, headers=headers)
    again = await api.call("POST", "/api/v1/plans", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    listed = await api.ok("GET", "/api/v1/plans", params={"concern_id": body["concern_id"]})
    assert len(listed["items"]) == 1


# ---- the plan's lifecycle ------------------------------------------------------------------


async def test_activate_sets_the_review_date_and_opens_its_deadline(api: Api, db: Db) -> None:
    plan = await api.activate_plan(await api.plan())
    assert plan["status"] == "active"
    assert plan["version"] == 2
    assert plan["legal_actions"] == ["cancel", "complete"]
    assert plan["activated_at"] is not None
    assert plan["review_due_on"] == due_in(90)
    [deadline] = await db.deadlines(plan["id"], open_only=True)
    assert deadline.kind == "plan.review"
    assert deadline.due_at == datetime.fromisoformat(due_in(91)).replace(tzinfo=UTC)
    assert deadline.organisation_id == api.world.organisations["school"]


async def test_complete_ends_the_plan_and_meets_its_deadline(api: Api, db: Db) -> None:
    plan = await api.activate_plan(await api.plan())
    url = f"/api/v1/plans/{plan['id']}"
    r = await api.act(f"{url}/complete", "teacher", version=plan["version"])
    assert r.status_code == 200, r.text
    done = r.json()
    assert (done["status"], done["legal_actions"]) == ("completed", [])
    assert done["completed_at"] is not None
    assert r.headers["ETag"] == f'"{done["version"]}"'
    assert await db.deadlines(plan["id"], open_only=True) == []

    r = await api.act(f"{url}/activate", "teacher", version=done["version"])
    assert r.status_code == 409
    problem = r.json()
    assert problem["type"] == "/problems/illegal-transition"
    assert problem["legal_actions"] == []


async def test_cancel_needs_a_reason_and_works_from_draft_and_active(api: Api, db: Db) -> None:
    draft = await api.plan()
    url = f"/api/v1/plans/{draft['id']}/cancel"
    r = await api.act(url, "teacher", {}, version=1)
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/reason"
    r = await api.act(url, "teacher", {"reason": "Familia s-a mutat"}, version=1)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled"

    active = await api.activate_plan(await api.plan())
    url = f"/api/v1/plans/{active['id']}/cancel"
    r = await api.act(url, "teacher", {"reason": "Dublură"}, version=active["version"])
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled"
    assert await db.deadlines(active["id"], open_only=True) == []
    reasons = [e.payload["reason"] for e in await db.events(type="plan.cancelled")]
    assert reasons == ["Familia s-a mutat", "Dublură"]


async def test_completing_a_draft_is_refused_with_the_legal_actions(api: Api) -> None:
    plan = await api.plan()
    r = await api.act(f"/api/v1/plans/{plan['id']}/complete", "teacher", version=1)
    assert r.status_code == 409
    assert r.json()["legal_actions"] == ["activate", "cancel"]


async def test_plan_actions_need_a_current_if_match(api: Api) -> None:
    plan = await api.plan()
    url = f"/api/v1/plans/{plan['id']}/activate"
    r = await api.call("POST", url)
    assert r.status_code == 428
    assert r.json()["type"] == "/problems/if-match-required"
    r = await api.act(url, "teacher", version=7)
    assert r.status_code == 412
    assert r.json()["current_version"] == 1


async def test_patch_a_plan_while_it_is_open(api: Api) -> None:
    plan = await api.plan()
    url = f"/api/v1/plans/{plan['id']}"
    change = {"parents_views": "Bunica este de acord cu planul.", "review_interval_days": 45}
    r = await api.call("PATCH", url, json=change)
    assert r.status_code == 428
    r = await api.call("PATCH", url, json=change, headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    assert r.json()["parents_views"] == change["parents_views"]
    assert r.json()["review_interval_days"] == 45
    r = await api.call("PATCH", url, json={"needs": "x"}, headers={"If-Match": '"1"'})
    assert r.status_code == 412
    r = await api.call(
        "PATCH", url, json={"lead_professional_id": None}, headers={"If-Match": '"2"'}
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/lead_professional_id"

    active = await api.activate_plan({"id": plan["id"], "version": 2})
    assert active["review_due_on"] == due_in(45)
    await api.act(f"{url}/complete", "teacher", version=active["version"])
    r = await api.call(
        "PATCH",
        url,
        json={"needs": "prea târziu"},
        headers={"If-Match": f'"{active["version"] + 1}"'},
    )
    assert r.status_code == 409
    assert r.json()["legal_actions"] == []


async def test_a_new_lead_takes_over_the_review_deadline(api: Api, db: Db) -> None:
    plan = await api.activate_plan(await api.plan())
    r = await api.call(
        "PATCH",
        f"/api/v1/plans/{plan['id']}",
        json={"lead_professional_id": api.world.person("doctor")},
        headers={"If-Match": f'"{plan["version"]}"'},
    )
    assert r.status_code == 200, r.text
    assert r.json()["lead_professional_id"] == api.world.person("doctor")
    [deadline] = await db.deadlines(plan["id"], open_only=True)
    assert str(deadline.assignee_id) == api.world.person("doctor")


async def test_activating_a_new_plan_supersedes_the_one_in_force(api: Api, db: Db) -> None:
    child = await api.child()
    case_id = (await api.case(child_id=child["id"], stage=CaseStage.REVIEW))["id"]
    first = await api.plan("social_worker", case_id=case_id, actions=[api.action_body()])
    first = await api.activate_plan(first, "social_worker")
    second = await api.activate_plan(
        await api.plan("social_worker", case_id=case_id), "social_worker"
    )
    assert second["status"] == "active"

    old = await api.ok("GET", f"/api/v1/plans/{first['id']}", "social_worker")
    assert (old["status"], old["legal_actions"]) == ("superseded", [])
    assert old["version"] == first["version"] + 1
    [action] = old["actions"]
    assert (action["status"], action["legal_actions"]) == ("cancelled", [])
    assert await db.deadlines(first["id"], open_only=True) == []
    assert len(await db.deadlines(second["id"], open_only=True)) == 1
    [event] = await db.events(type="plan.superseded")
    assert event.aggregate_id == uuid.UUID(first["id"])
    assert event.payload["superseded_by"] == second["id"]

    active = await api.ok(
        "GET", "/api/v1/plans", "social_worker", params={"case_id": case_id, "status": "active"}
    )
    assert [p["id"] for p in active["items"]] == [second["id"]]


@pytest.mark.parametrize("owner", ["concern", "case"])
async def test_concurrent_activations_leave_one_plan_in_force(api: Api, db: Db, owner: str) -> None:
    """Activations that overlap each find no plan in force and supersede nothing; the database
    lets only one of them put its plan in force, the others get 409. An activation that starts
    after another has committed supersedes that plan, as it would one after the other."""
    if owner == "case":
        case = await api.case(stage=CaseStage.PLANNING)
        body = {"case_id": case["id"]}
        where = Plan.case_id == uuid.UUID(case["id"])
    else:
        concern = await api.concern(status="single_agency_plan")
        body = {"concern_id": concern["id"]}
        where = Plan.concern_id == uuid.UUID(concern["id"])
    # The institution that owns the plan runs it: the school for its concern, the guardianship
    # authority for its case.
    who = "teacher" if owner == "concern" else "social_worker"
    drafts = [await api.plan(who, **body) for _ in range(3)]
    results = await asyncio.gather(
        *(api.act(f"/api/v1/plans/{d['id']}/activate", who, version=d["version"]) for d in drafts)
    )
    codes = sorted(r.status_code for r in results)
    statuses = sorted(p.status for p in await db.rows(Plan, where))
    assert statuses.count("active") == 1, (codes, statuses)
    assert codes.count(200) == 1 + statuses.count("superseded"), (codes, statuses)
    # A loser either hit the unique index (409) or raced another activation superseding the same
    # plan in force (412); neither left anything behind.
    assert set(codes) - {200} <= {409, 412}, [r.text for r in results]
    assert statuses.count("draft") == codes.count(409) + codes.count(412)
    [active] = [p for p in await db.rows(Plan, where) if p.status == "active"]
    assert len(await db.deadlines(str(active.id), open_only=True)) == 1


async def test_a_review_policy_change_applies_to_new_plans(api: Api) -> None:
    r = await api.call(
        "PUT",
        "/api/v1/deadline-policy/plan.review/routine",
        "admin",
        json={"amount": 60, "unit": "days", "legal_basis": "test"},
    )
    assert r.status_code == 200, r.text
    plan = await api.activate_plan(await api.plan())
    assert plan["review_interval_days"] == 60
    assert plan["review_due_on"] == due_in(60)


async def test_list_plans_by_child_concern_and_status(api: Api) -> None:
    child = await api.child()
    concern_id = (await api.concern(child_id=child["id"], status="single_agency_plan"))["id"]
    first = await api.plan(concern_id=concern_id)
    second = await api.activate_plan(await api.plan(concern_id=concern_id))
    other = await api.plan()

    async def ids(**params: Any) -> list[str]:
        page = await api.ok("GET", "/api/v1/plans", params=params)
        return [p["id"] for p in page["items"]]

    assert await ids(child_id=child["id"]) == [second["id"], first["id"]]
    assert await ids(concern_id=concern_id, status="draft") == [first["id"]]
    assert other["id"] in await ids()
    r = await api.call("GET", "/api/v1/plans", params={"status": "paused"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["parameter"] == "status"


# ---- objectives and actions ----------------------------------------------------------------


async def test_objectives_are_added_only_while_the_plan_is_open(api: Api) -> None:
    plan = await api.plan()
    url = f"/api/v1/plans/{plan['id']}/objectives"
    objective = {"indicator": "included", "description": "Participă la activitățile clasei"}
    added = await api.ok("POST", url, json=objective, expect=201)
    assert added["plan_id"] == plan["id"]
    r = await api.call("POST", url, json={**objective, "indicator": "rich"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/indicator"

    # Adding the objective moved the plan to version 2.
    cancel = f"/api/v1/plans/{plan['id']}/cancel"
    r = await api.act(cancel, "teacher", {"reason": "Greșit"}, version=2)
    assert r.status_code == 200, r.text
    r = await api.call("POST", url, json=objective)
    assert r.status_code == 409
    assert r.json()["legal_actions"] == []
    r = await api.call("POST", f"/api/v1/plans/{plan['id']}/actions", json=api.action_body())
    assert r.status_code == 409


async def test_adding_an_objective_or_an_action_changes_the_plan_version(api: Api) -> None:
    """The plan's representation lists its objectives and actions, so adding one is a change of
    the plan: a client holding the old ETag must not overwrite it unawares."""
    plan = await api.plan()
    url = f"/api/v1/plans/{plan['id']}"
    objective = {"indicator": "included", "description": "Participă la activitățile clasei"}
    await api.ok("POST", f"{url}/objectives", json=objective, expect=201)
    after_objective = await api.call("GET", url)
    assert after_objective.headers["ETag"] == '"2"'
    assert after_objective.json()["version"] == 2
    await api.ok("POST", f"{url}/actions", json=api.action_body(), expect=201)
    after_action = await api.call("GET", url)
    assert after_action.headers["ETag"] == '"3"'
    assert len(after_action.json()["actions"]) == 1
    r = await api.call("PATCH", url, json={"needs": "x"}, headers={"If-Match": '"1"'})
    assert r.status_code == 412


async def test_action_dates_are_in_a_sane_range(api: Api) -> None:
    plan = await api.plan()
    url = f"/api/v1/plans/{plan['id']}/actions"
    for due_on in ("9999-12-31", "1899-12-31"):
        r = await api.call("POST", url, json=api.action_body(due_on=due_on))
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["pointer"] == "#/due_on"


async def test_an_action_is_assigned_to_an_organisation(api: Api, db: Db) -> None:
    plan = await api.plan()
    other = await api.plan(objectives=[{"indicator": "healthy", "description": "Control medical"}])
    url = f"/api/v1/plans/{plan['id']}/actions"
    r = await api.call("POST", url, json=api.action_body(objective_id=other["objectives"][0]["id"]))
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/objective_id"
    r = await api.call(
        "POST", url, json=api.action_body(responsible_professional_id=api.world.person("teacher"))
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/responsible_professional_id"
    r = await api.call(
        "POST", url, json=api.action_body(responsible_organisation_id=str(uuid.uuid4()))
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/responsible_organisation_id"

    r = await api.call("POST", url, json=api.action_body())
    assert r.status_code == 201, r.text
    action = r.json()
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == f"{url}/{action['id']}"
    assert action["responsible_organisation_id"] == api.world.org("clinic")
    read = await api.call("GET", f"{url}/{action['id']}")
    assert read.json() == action
    assert read.headers["ETag"] == '"1"'

    [event] = [
        e
        for e in await db.events(type="action.assigned")
        if e.aggregate_id == uuid.UUID(action["id"])
    ]
    assert api.world.org("clinic") in event.organisation_ids
    assert event.payload["plan_id"] == plan["id"]
    assert event.child_id == uuid.UUID(plan["child_id"])


async def test_action_lifecycle_over_every_route(api: Api, db: Db) -> None:
    plan = await api.activate_plan(await api.plan(actions=[api.action_body()] * 2))
    first, second = (a["id"] for a in plan["actions"])
    url = f"/api/v1/plans/{plan['id']}/actions"

    r = await api.act(f"{url}/{first}/complete", "doctor", version=1)
    assert r.status_code == 409
    assert r.json()["legal_actions"] == ["cancel", "start"]
    r = await api.call("POST", f"{url}/{first}/start", "doctor")
    assert r.status_code == 428
    r = await api.act(f"{url}/{first}/start", "doctor", version=plan["version"] + 5)
    assert r.status_code == 412

    r = await api.act(f"{url}/{first}/start", "doctor", version=1)
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.headers["ETag"]) == ("in_progress", '"2"')
    assert r.json()["legal_actions"] == ["cancel", "complete"]
    r = await api.act(f"{url}/{first}/start", "doctor", version=2)
    assert r.status_code == 409
    r = await api.act(f"{url}/{first}/complete", "doctor", {"note": "6 ședințe ținute"}, version=2)
    assert r.status_code == 200, r.text
    done = r.json()
    assert (done["status"], done["note"], done["legal_actions"]) == ("done", "6 ședințe ținute", [])
    assert done["completed_at"] is not None
    r = await api.act(f"{url}/{first}/cancel", "doctor", version=3)
    assert r.status_code == 409
    assert r.json()["legal_actions"] == []

    r = await api.act(f"{url}/{second}/cancel", "doctor", {"note": "Nu mai e nevoie"}, version=1)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled"
    r = await api.act(f"{url}/{second}/start", "doctor", version=2)
    assert r.status_code == 409

    changes = [
        (e.payload["before"], e.payload["after"])
        for e in await db.events(type="action.status_changed")
    ]
    assert changes == [
        ("planned", "in_progress"),
        ("in_progress", "done"),
        ("planned", "cancelled"),
    ]
    r = await api.act(
        f"/api/v1/plans/{plan['id']}/actions/{uuid.uuid4()}/start", "doctor", version=1
    )
    assert r.status_code == 404


async def test_open_actions_are_cancelled_when_the_plan_ends(api: Api) -> None:
    plan = await api.activate_plan(await api.plan(actions=[api.action_body()]))
    [action] = plan["actions"]
    await api.act(f"/api/v1/plans/{plan['id']}/actions/{action['id']}/start", "doctor", version=1)
    await api.act(f"/api/v1/plans/{plan['id']}/complete", "teacher", version=plan["version"])
    [closed] = (await api.ok("GET", f"/api/v1/plans/{plan['id']}"))["actions"]
    assert closed["status"] == "cancelled"
    assert "completed" in closed["note"]


async def test_what_is_expected_of_an_institution_and_what_is_late(api: Api) -> None:
    late = api.action_body(due_on=due_in(-3), description="Evaluare medicală")
    plan = await api.activate_plan(
        await api.plan(
            actions=[
                late,
                api.action_body(due_on=due_in(10), description="Control stomatologic"),
                api.action_body(due_on=due_in(-5), description="Vaccinare"),
                api.action_body(
                    due_on=due_in(-1),
                    description="Meditații la matematică",
                    responsible_organisation_id=api.world.org("school"),
                    responsible_professional_id=api.world.person("teacher"),
                ),
            ],
        ),
    )
    vaccination = plan["actions"][2]
    url = f"/api/v1/plans/{plan['id']}/actions/{vaccination['id']}"
    await api.act(f"{url}/start", "doctor", version=1)
    await api.act(f"{url}/complete", "doctor", version=2)

    async def descriptions(**params: Any) -> list[str]:
        page = await api.ok("GET", "/api/v1/plan-actions", "doctor", params=params)
        return sorted(a["description"] for a in page["items"])

    clinic = api.world.org("clinic")
    assert await descriptions(responsible_organisation_id=clinic) == [
        "Control stomatologic",
        "Evaluare medicală",
        "Vaccinare",
    ]
    assert await descriptions(responsible_organisation_id=clinic, overdue="true") == [
        "Evaluare medicală"
    ]
    assert await descriptions(overdue="true") == ["Evaluare medicală", "Meditații la matematică"]
    assert await descriptions(responsible_professional_id=api.world.person("teacher")) == [
        "Meditații la matematică"
    ]
    assert await descriptions(responsible_organisation_id=clinic, status="done") == ["Vaccinare"]
    page = await api.ok("GET", "/api/v1/plan-actions", params={"overdue": "true", "limit": 1})
    assert len(page["items"]) == 1
    assert page["next_cursor"]
    [overdue] = [a for a in plan["actions"] if a["description"] == "Evaluare medicală"]
    assert overdue["overdue"] is True
