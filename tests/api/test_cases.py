"""Cases over HTTP: opening on the child-protection path, stages, deadlines, the team around the
child, closing and reopening."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from app.domain.assessments import AssessmentStatus
from app.domain.cases import CASE_MACHINE, CaseAction, CaseStage
from tests.conftest import Db
from tests.factories import CASE_ACTION_BODIES, Api, at

CASES = "/api/v1/cases"
TOLERANCE = timedelta(seconds=5)


# ---- opening ---------------------------------------------------------------------------------


async def test_a_guardianship_authority_opens_a_child_protection_case(api: Api, db: Db) -> None:
    child = await api.child()
    body = {
        "child_id": child["id"],
        "lead_professional_id": api.world.person("social_worker"),
        "reason": "Copilul a fost găsit singur acasă, fără hrană",
    }
    r = await api.call("POST", CASES, "social_worker", json=body)
    assert r.status_code == 201, r.text
    case = r.json()
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == f"{CASES}/{case['id']}"
    assert case["stage"] == "initial_assessment"
    assert case["urgency"] == "child_protection"
    assert case["opened_via"] == "child_protection"
    assert case["level_of_need"] == "child_protection"
    assert case["territory_code"] == "calarasi"
    assert case["responsible_organisation_id"] == api.world.org("mayoralty")
    assert case["legal_actions"] == ["close", "start-complex-assessment", "start-planning"]
    assert case["referral_ids"] == []
    # GD 270/2014: initial assessment without delay, 24 hours on this path.
    assert at(case["due_at"]) - at(case["stage_entered_at"]) == timedelta(hours=24)
    assert [(m["professional_id"], m["role"], m["organisation_id"]) for m in case["team"]] == [
        (api.world.person("social_worker"), "lead_professional", api.world.org("mayoralty"))
    ]

    [opened] = await db.events(aggregate_id=case["id"])
    assert opened.type == "case.opened"
    assert opened.payload["reason"] == body["reason"]
    assert api.world.org("mayoralty") in opened.organisation_ids

    [deadline] = await db.deadlines(case["id"])
    assert deadline.kind == "case.initial_assessment"
    assert deadline.met_at is None
    assert str(deadline.assignee_id) == api.world.person("social_worker")
    assert str(deadline.organisation_id) == api.world.org("mayoralty")


async def test_the_directorate_may_open_one_and_choose_the_level_of_need(api: Api) -> None:
    case = await api.case("supervisor", level_of_need="multi_agency")
    assert case["responsible_organisation_id"] == api.world.org("directorate")
    assert case["level_of_need"] == "multi_agency"


@pytest.mark.parametrize("who", ["teacher", "doctor", "officer"])
async def test_only_a_guardianship_authority_opens_a_case_directly(api: Api, who: str) -> None:
    child = await api.child()
    r = await api.call("POST", CASES, who, json={"child_id": child["id"], "reason": "Violență"})
    assert r.status_code == 403
    assert r.json()["type"] == "/problems/forbidden"


async def test_opening_checks_the_child_the_concern_and_the_lead(api: Api) -> None:
    child = await api.child()
    base = {"child_id": child["id"], "reason": "Violență în familie"}

    r = await api.call("POST", CASES, "social_worker", json={**base, "child_id": str(uuid.uuid4())})
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/child_id"

    r = await api.call(
        "POST", CASES, "social_worker", json={**base, "concern_id": str(uuid.uuid4())}
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/concern_id"

    r = await api.call(
        "POST", CASES, "social_worker", json={**base, "lead_professional_id": child["id"]}
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/lead_professional_id"

    r = await api.call("POST", CASES, "social_worker", json={"child_id": child["id"]})
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/reason"


async def test_an_idempotency_key_replays_the_opening(api: Api) -> None:
    child = await api.child()
    body = {"child_id": child["id"], "reason": "Violență în familie"}
    headers = {"Idempotency-Key": "cp-case-1"}
    first = await api.call("POST", CASES, "social_worker", json=body, headers=headers)
    again = await api.call("POST", CASES, "social_worker", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    page = await api.ok("GET", CASES, "social_worker", params={"child_id": child["id"]})
    assert len(page["items"]) == 1


async def test_a_case_from_a_referral_has_the_referral_urgency(api: Api) -> None:
    """Accepting a routine referral opens a routine case: multi-agency, due per the routine rule,
    and a case manager may close it without a supervisor."""
    referral = await api.referral()
    r = await api.act(
        f"/api/v1/referrals/{referral['id']}/accept", "social_worker", version=referral["version"]
    )
    assert r.status_code == 200, r.text
    case_id = r.json()["case_id"]
    read = await api.ok("GET", f"{CASES}/{case_id}", "social_worker")
    assert (read["opened_via"], read["urgency"], read["level_of_need"]) == (
        "referral",
        "routine",
        "multi_agency",
    )
    assert read["lead_professional_id"] is None
    assert read["team"] == []
    assert at(read["due_at"]) - at(read["stage_entered_at"]) >= timedelta(days=5)
    closed = await api.move_case(read, CaseAction.CLOSE, "social_worker")
    assert closed["stage"] == "closed"


# ---- reading and listing --------------------------------------------------------------------


async def test_read_shows_the_referrals_that_led_to_the_case(api: Api) -> None:
    case = await api.case()
    referral = await api.referral(
        child_id=case["child_id"], urgency="child_protection", risk_category="violence"
    )
    r = await api.act(
        f"/api/v1/referrals/{referral['id']}/accept",
        "social_worker",
        {"case_id": case["id"]},
        version=referral["version"],
    )
    assert r.status_code == 200, r.text
    referral_id = referral["id"]
    r = await api.call("GET", f"{CASES}/{case['id']}", "social_worker")
    assert r.status_code == 200
    assert r.headers["ETag"] == '"1"'
    assert r.json()["referral_ids"] == [referral_id]


async def test_unknown_case_is_404(api: Api) -> None:
    r = await api.call("GET", f"{CASES}/{uuid.uuid4()}", "social_worker")
    assert r.status_code == 404
    assert r.json()["type"] == "/problems/not-found"


async def test_list_filters(api: Api) -> None:
    first = await api.case()
    second = await api.move_case(await api.case("supervisor"), CaseAction.START_PLANNING)

    async def ids(**params: Any) -> set[str]:
        page = await api.ok("GET", CASES, "social_worker", params=params)
        for item in page["items"]:
            assert {"version", "legal_actions", "due_at"} <= set(item)
        return {c["id"] for c in page["items"]}

    assert await ids() == {first["id"], second["id"]}
    assert await ids(stage="planning") == {second["id"]}
    assert await ids(child_id=first["child_id"]) == {first["id"]}
    assert await ids(responsible_organisation_id=api.world.org("directorate")) == {second["id"]}
    assert await ids(lead_professional_id=api.world.person("social_worker")) == {
        first["id"],
        second["id"],
    }
    assert await ids(territory_code="calarasi") == {first["id"], second["id"]}
    assert await ids(territory_code="ungheni") == set()
    r = await api.call("GET", CASES, "social_worker", params={"stage": "sleeping"})
    assert r.status_code == 422


async def test_list_pages_newest_first(api: Api) -> None:
    made = [await api.case() for _ in range(3)]
    page = await api.ok("GET", CASES, "social_worker", params={"limit": 2})
    rest = await api.ok(
        "GET", CASES, "social_worker", params={"limit": 2, "cursor": page["next_cursor"]}
    )
    assert [c["id"] for c in page["items"] + rest["items"]] == [c["id"] for c in reversed(made)]
    assert rest["next_cursor"] is None


async def test_overdue_filter(api: Api, db: Db) -> None:
    late = await api.case()
    await api.case()
    await db.make_overdue("case", late["id"])
    page = await api.ok("GET", CASES, "social_worker", params={"overdue": "true"})
    assert [c["id"] for c in page["items"]] == [late["id"]]
    overdue = await api.ok("GET", "/api/v1/deadlines/overdue", "social_worker")
    assert [d["subject_id"] for d in overdue] == [late["id"]]


# ---- stages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("stage", "action", "target"), CASE_MACHINE.all_pairs())
async def test_every_legal_action_over_http(
    api: Api, db: Db, stage: CaseStage, action: CaseAction, target: CaseStage
) -> None:
    case = await api.case(stage=stage)
    moved = await api.move_case(case, action)
    assert moved["stage"] == target.value
    assert moved["version"] == case["version"] + 1
    assert moved["legal_actions"] == CASE_MACHINE.legal_actions(target)
    assert at(moved["stage_entered_at"]) > at(case["stage_entered_at"])
    kinds = [e.type for e in await db.events(aggregate_id=case["id"])]
    expected = {CaseAction.CLOSE: "case.closed", CaseAction.REOPEN: "case.reopened"}
    assert kinds[-1] == expected.get(action, "case.stage_changed")


ILLEGAL = [
    (s, a) for s in CaseStage for a in CaseAction if a.value not in CASE_MACHINE.legal_actions(s)
]


@pytest.mark.parametrize(("stage", "action"), ILLEGAL)
async def test_every_illegal_action_is_409_with_legal_actions(
    api: Api, stage: CaseStage, action: CaseAction
) -> None:
    case = await api.case(stage=stage)
    url = f"{CASES}/{case['id']}/{action.value.replace('_', '-')}"
    r = await api.act(url, "supervisor", CASE_ACTION_BODIES.get(action), version=case["version"])
    assert r.status_code == 409, r.text
    problem = r.json()
    assert problem["type"] == "/problems/illegal-transition"
    assert problem["legal_actions"] == CASE_MACHINE.legal_actions(stage)
    after = await api.ok("GET", f"{CASES}/{case['id']}", "social_worker")
    assert after["version"] == case["version"]
    assert after["stage"] == stage.value


async def test_actions_need_a_current_if_match(api: Api) -> None:
    case = await api.case()
    url = f"{CASES}/{case['id']}/start-complex-assessment"
    r = await api.call("POST", url, "social_worker", json={})
    assert r.status_code == 428
    assert r.json()["type"] == "/problems/if-match-required"
    r = await api.act(url, "social_worker", version=7)
    assert r.status_code == 412
    assert r.json()["current_version"] == 1
    assert (await api.act(url, "social_worker", version=1)).status_code == 200


async def test_each_stage_runs_against_its_deadline(api: Api, db: Db) -> None:
    case = await api.case()
    complex_ = await api.move_case(case, CaseAction.START_COMPLEX_ASSESSMENT)
    # Law 123/2010: the complex assessment within 10 days of entering the stage.
    entered = at(complex_["stage_entered_at"])
    assert abs(at(complex_["due_at"]) - (entered + timedelta(days=10))) < TOLERANCE
    planning = await api.move_case(complex_, CaseAction.START_PLANNING)
    assert at(planning["due_at"]) - at(planning["stage_entered_at"]) == timedelta(days=10)
    implementing = await api.move_case(planning, CaseAction.START_IMPLEMENTATION)
    assert implementing["due_at"] is None  # the plan's review dates belong to the plan
    review = await api.move_case(implementing, CaseAction.START_REVIEW)
    assert at(review["due_at"]) > at(review["stage_entered_at"])
    closed = await api.move_case(review, CaseAction.CLOSE)
    assert closed["due_at"] is None

    deadlines = await db.deadlines(case["id"])
    assert [d.kind for d in deadlines] == [
        "case.initial_assessment",
        "case.complex_assessment",
        "case.planning",
        "case.review",
    ]
    assert all(d.met_at is not None for d in deadlines)

    reopened = await api.move_case(closed, CaseAction.REOPEN)
    assert at(reopened["due_at"]) - at(reopened["stage_entered_at"]) == timedelta(hours=24)
    assert [d.met_at is None for d in await db.deadlines(case["id"])][-1]


async def test_a_changed_policy_applies_to_the_next_stage_entry(api: Api) -> None:
    before = await api.move_case(await api.case(), CaseAction.START_COMPLEX_ASSESSMENT)
    await api.ok(
        "PUT",
        "/api/v1/deadline-policy/case.complex_assessment/child_protection",
        "admin",
        json={"amount": 5, "unit": "days", "legal_basis": "test"},
    )
    after = await api.move_case(await api.case(), CaseAction.START_COMPLEX_ASSESSMENT)
    entered = at(after["stage_entered_at"])
    assert abs(at(after["due_at"]) - (entered + timedelta(days=5))) < TOLERANCE
    # The case already in the stage keeps the due time it was given.
    unchanged = await api.ok("GET", f"{CASES}/{before['id']}", "social_worker")
    assert unchanged["due_at"] == before["due_at"]


# ---- closing and reopening -------------------------------------------------------------------


async def test_closing_a_child_protection_case_is_for_a_supervisor(api: Api, db: Db) -> None:
    case = await api.case(stage=CaseStage.PLANNING)
    url = f"{CASES}/{case['id']}/close"
    r = await api.act(url, "social_worker", {"reason": "objectives_achieved"}, version=2)
    assert r.status_code == 403
    assert r.json()["type"] == "/problems/forbidden"

    r = await api.act(url, "supervisor", {"reason": "other"}, version=2)
    assert r.status_code == 422
    assert "note" in r.text
    r = await api.act(url, "supervisor", {"reason": "tired"}, version=2)
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/reason"

    r = await api.act(
        url, "supervisor", {"reason": "other", "note": "Familia s-a mutat la rude"}, version=2
    )
    assert r.status_code == 200, r.text
    closed = r.json()
    assert closed["stage"] == "closed"
    assert closed["closure_reason"] == "other"
    assert closed["closure_note"] == "Familia s-a mutat la rude"
    assert closed["closed_at"] == closed["stage_entered_at"]
    assert closed["legal_actions"] == ["reopen"]
    assert closed["due_at"] is None
    last = (await db.events(aggregate_id=case["id"]))[-1]
    assert (last.type, last.payload["reason"]) == ("case.closed", "other")


async def test_closing_a_case_ends_its_plans_and_meets_their_deadlines(api: Api, db: Db) -> None:
    """Nothing of a closed case stays expected of anyone: its plans are cancelled with their open
    actions and review deadline, and a submitted assessment no longer waits for a decision (it
    stays submitted, to be decided if the case is reopened)."""
    case = await api.case(stage=CaseStage.REVIEW)
    active = await api.activate_plan(
        await api.plan("social_worker", case_id=case["id"], actions=[api.action_body()]),
        "social_worker",
    )
    draft = await api.plan("social_worker", case_id=case["id"])
    submitted = await api.assessment(case, status=AssessmentStatus.SUBMITTED)
    case = await api.ok("GET", f"{CASES}/{case['id']}", "social_worker")

    await api.move_case(case, CaseAction.CLOSE)

    for plan in (active, draft):
        ended = await api.ok("GET", f"/api/v1/plans/{plan['id']}", "social_worker")
        assert (ended["status"], ended["legal_actions"]) == ("cancelled", [])
        assert await db.deadlines(plan["id"], open_only=True) == []
    [action] = (await api.ok("GET", f"/api/v1/plans/{active['id']}", "social_worker"))["actions"]
    assert action["status"] == "cancelled"
    cancelled = await db.events(type="plan.cancelled")
    assert {str(e.aggregate_id) for e in cancelled} == {active["id"], draft["id"]}
    assert all("case was closed" in e.summary for e in cancelled)

    waiting = await api.ok("GET", f"/api/v1/assessments/{submitted['id']}", "social_worker")
    assert (waiting["status"], waiting["due_at"]) == ("submitted", None)
    assert await db.deadlines(submitted["id"], open_only=True) == []
    assert await db.event_types(submitted["id"]) == ["assessment.created", "assessment.submitted"]


async def test_reopening_needs_a_reason_and_counts(api: Api, db: Db) -> None:
    closed = await api.case(stage=CaseStage.CLOSED)
    url = f"{CASES}/{closed['id']}/reopen"
    r = await api.act(url, "social_worker", {}, version=closed["version"])
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/reason"
    reopened = await api.move_case(closed, CaseAction.REOPEN)
    assert reopened["stage"] == "initial_assessment"
    assert reopened["reopen_count"] == 1
    assert reopened["closure_reason"] is None
    assert reopened["closed_at"] is None
    again = await api.move_case(await api.move_case(reopened, CaseAction.CLOSE), CaseAction.REOPEN)
    assert again["reopen_count"] == 2
    last = (await db.events(aggregate_id=closed["id"]))[-1]
    assert last.type == "case.reopened"
    assert last.payload["reason"] == CASE_ACTION_BODIES[CaseAction.REOPEN]["reason"]


# ---- changing the case -----------------------------------------------------------------------


async def test_patch_changes_the_level_of_need_with_if_match(api: Api, db: Db) -> None:
    case = await api.case()
    url = f"{CASES}/{case['id']}"
    r = await api.call("PATCH", url, "social_worker", json={"level_of_need": "multi_agency"})
    assert r.status_code == 428
    r = await api.call(
        "PATCH",
        url,
        "social_worker",
        json={"level_of_need": "multi_agency"},
        headers={"If-Match": '"1"'},
    )
    assert r.status_code == 200, r.text
    assert r.json()["level_of_need"] == "multi_agency"
    assert r.headers["ETag"] == '"2"'
    r = await api.call(
        "PATCH",
        url,
        "social_worker",
        json={"level_of_need": "additional"},
        headers={"If-Match": '"1"'},
    )
    assert r.status_code == 412
    for body in ({}, {"level_of_need": None}, {"stage": "closed"}):
        r = await api.call("PATCH", url, "social_worker", json=body, headers={"If-Match": '"2"'})
        assert r.status_code == 422, body
    assert (await db.events(aggregate_id=case["id"]))[-1].type == "case.updated"


async def test_changing_the_lead_puts_them_on_the_team(api: Api, db: Db) -> None:
    case = await api.case()
    url = f"{CASES}/{case['id']}"
    changed = await api.ok(
        "PATCH",
        url,
        "social_worker",
        json={"lead_professional_id": api.world.person("supervisor")},
        headers={"If-Match": '"1"'},
    )
    assert changed["lead_professional_id"] == api.world.person("supervisor")
    roles = {m["professional_id"]: m["role"] for m in changed["team"]}
    assert roles == {
        api.world.person("supervisor"): "lead_professional",
        api.world.person("social_worker"): "former lead professional",
    }
    last = (await db.events(aggregate_id=case["id"]))[-1]
    assert last.type == "case.lead_changed"
    assert last.payload == {
        "from": api.world.person("social_worker"),
        "to": api.world.person("supervisor"),
    }
    # The open deadline follows the lead.
    [deadline] = await db.deadlines(case["id"])
    assert str(deadline.assignee_id) == api.world.person("supervisor")

    # Handing the lead back to a current member changes their role, without a second row.
    back = await api.ok(
        "PATCH",
        url,
        "social_worker",
        json={"lead_professional_id": api.world.person("social_worker")},
        headers={"If-Match": f'"{changed["version"]}"'},
    )
    roles = {m["professional_id"]: m["role"] for m in back["team"]}
    assert roles[api.world.person("social_worker")] == "lead_professional"
    assert len(back["team"]) == 2

    r = await api.call(
        "PATCH",
        url,
        "social_worker",
        json={"lead_professional_id": str(uuid.uuid4())},
        headers={"If-Match": f'"{back["version"]}"'},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/lead_professional_id"


async def test_a_closed_case_cannot_be_changed(api: Api) -> None:
    closed = await api.case(stage=CaseStage.CLOSED)
    r = await api.call(
        "PATCH",
        f"{CASES}/{closed['id']}",
        "supervisor",
        json={"level_of_need": "additional"},
        headers={"If-Match": f'"{closed["version"]}"'},
    )
    assert r.status_code == 409
    assert r.json()["legal_actions"] == ["reopen"]


# ---- the team around the child ---------------------------------------------------------------


async def test_team_add_duplicate_and_remove(api: Api, db: Db) -> None:
    case = await api.case()
    team_url = f"{CASES}/{case['id']}/team"
    teacher = await api.ok(
        "POST",
        team_url,
        "social_worker",
        json={"professional_id": api.world.person("teacher"), "role": "diriginte (class teacher)"},
        expect=201,
    )
    assert teacher["organisation_id"] == api.world.org("school")
    assert teacher["left_at"] is None
    await api.ok(
        "POST",
        team_url,
        "social_worker",
        json={"professional_id": api.world.person("officer"), "role": "juvenile inspector"},
        expect=201,
    )

    r = await api.call(
        "POST",
        team_url,
        "social_worker",
        json={"professional_id": api.world.person("teacher"), "role": "family doctor"},
    )
    assert r.status_code == 409
    assert r.json()["type"] == "/problems/conflict"
    r = await api.call(
        "POST",
        team_url,
        "social_worker",
        json={"professional_id": api.world.person("doctor"), "role": ""},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/role"
    r = await api.call(
        "POST",
        team_url,
        "social_worker",
        json={"professional_id": str(uuid.uuid4()), "role": "family doctor"},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/professional_id"

    team = await api.ok("GET", team_url, "social_worker")
    assert [m["role"] for m in team] == [
        "lead_professional",
        "diriginte (class teacher)",
        "juvenile inspector",
    ]

    left = await api.ok("DELETE", f"{team_url}/{teacher['id']}", "social_worker")
    assert left["left_at"] is not None
    r = await api.call("DELETE", f"{team_url}/{teacher['id']}", "social_worker")
    assert r.status_code == 409
    r = await api.call("DELETE", f"{team_url}/{uuid.uuid4()}", "social_worker")
    assert r.status_code == 404

    active = await api.ok("GET", team_url, "social_worker")
    everyone = await api.ok("GET", team_url, "social_worker", params={"include_former": "true"})
    assert teacher["id"] not in {m["id"] for m in active}
    assert teacher["id"] in {m["id"] for m in everyone}
    assert len(everyone) == 3
    # A professional who left may join again.
    await api.ok(
        "POST",
        team_url,
        "social_worker",
        json={"professional_id": api.world.person("teacher"), "role": "class teacher"},
        expect=201,
    )
    # The team is its own record: changing it does not bump the case's version.
    assert (await api.ok("GET", f"{CASES}/{case['id']}", "social_worker"))["version"] == 1

    added = [e for e in await db.events(aggregate_id=case["id"]) if e.type.startswith("case.team_")]
    assert [e.type for e in added] == [
        "case.team_member_added",
        "case.team_member_added",
        "case.team_member_removed",
        "case.team_member_added",
    ]
    assert api.world.org("school") in added[0].organisation_ids
    assert api.world.org("school") in added[2].organisation_ids


async def test_the_lead_cannot_leave_the_team_while_lead(api: Api) -> None:
    case = await api.case()
    [lead] = case["team"]
    r = await api.call("DELETE", f"{CASES}/{case['id']}/team/{lead['id']}", "social_worker")
    assert r.status_code == 409
    assert "lead" in r.json()["detail"]


async def test_no_one_joins_the_team_of_a_closed_case(api: Api) -> None:
    closed = await api.case(stage=CaseStage.CLOSED)
    r = await api.call(
        "POST",
        f"{CASES}/{closed['id']}/team",
        "social_worker",
        json={"professional_id": api.world.person("doctor"), "role": "family doctor"},
    )
    assert r.status_code == 409
