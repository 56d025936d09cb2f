"""Concerns over HTTP: recording, correcting, the institution's decision, lists and overdue."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.domain.deadlines import DurationUnit, add_duration
from tests.conftest import Db
from tests.factories import CHILD_PROTECTION, Api, at, concern_body, problem_of

# ---- recording ---------------------------------------------------------------------------


async def test_record_a_child_protection_concern_due_in_24_hours(api: Api) -> None:
    child = await api.child(given_name="Dumitru", family_name="Ceban", sex="male")
    body = concern_body(
        child["id"],
        **CHILD_PROTECTION,
        five_questions={"what_is_in_the_way": "Violență în familie (suspectată)."},
    )
    r = await api.call("POST", "/api/v1/concerns", json=body)
    assert r.status_code == 201, r.text
    concern = r.json()
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == f"/api/v1/concerns/{concern['id']}"
    assert concern["status"] == "recorded"
    assert concern["indicators"] == ["safe", "nurtured"]
    assert concern["raised_by_id"] == api.world.person("teacher")
    assert concern["organisation_id"] == api.world.org("school")
    assert concern["sector"] == "education"
    assert concern["child_words"] == "Tata se supără când bea."
    assert concern["legal_actions"] == ["act-in-institution", "close", "refer", "update"]
    assert concern["version"] == 1
    due = at(concern["due_at"]) - at(concern["created_at"])
    assert abs(due - timedelta(hours=24)) < timedelta(seconds=1)

    r = await api.call("GET", f"/api/v1/concerns/{concern['id']}", "teacher")
    assert r.status_code == 200
    assert r.headers["ETag"] == '"1"'
    assert r.json() == concern
    # Until the school refers it, the concern stays inside the school.
    r = await api.call("GET", f"/api/v1/concerns/{concern['id']}", "social_worker")
    assert problem_of(r, 404)["type"] == "/problems/not-found"


async def test_a_routine_concern_is_due_in_ten_working_days(api: Api) -> None:
    concern = await api.concern()
    expected = add_duration(at(concern["created_at"]), 10, DurationUnit.WORKING_DAYS)
    assert abs(at(concern["due_at"]) - expected) < timedelta(seconds=1)


async def test_recording_opens_a_decision_deadline_and_an_event(api: Api, db: Db) -> None:
    concern = await api.concern(**CHILD_PROTECTION)
    [deadline] = await db.deadlines(concern["id"])
    assert deadline.kind == "concern.decision"
    assert deadline.organisation_id == uuid.UUID(api.world.org("school"))
    assert deadline.assignee_id == uuid.UUID(api.world.person("teacher"))
    assert deadline.met_at is None
    events = await api.ok("GET", "/api/v1/events", params={"type": "concern.recorded"})
    [event] = events["items"]
    assert event["payload"] == {"urgency": "child_protection", "indicators": ["safe", "nurtured"]}
    assert event["actor_id"] == api.world.person("teacher")


async def test_invalid_concerns_point_at_the_field(api: Api) -> None:
    child = await api.child()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"urgency": "child_protection"}, "#/risk_category"),
        ({"risk_category": "neglect"}, "#/risk_category"),
        ({"indicators": ["happy"]}, "#/indicators/0"),
        ({"indicators": ["safe", "happy"]}, "#/indicators/1"),
        ({"indicators": []}, "#/indicators"),
        ({"indicators": ["safe", "safe"]}, "#/indicators"),
        ({"observed_at": "2025-03-14T09:30:00"}, "#/observed_at"),
        ({"five_questions": {"why": "?"}}, "#/five_questions/why/[key]"),
        ({"urgency": "soon"}, "#/urgency"),
        ({"child_id": str(uuid.uuid4())}, "#/child_id"),
    ]
    for overrides, pointer in cases:
        body = {**concern_body(child["id"]), **overrides}
        r = await api.call("POST", "/api/v1/concerns", json=body)
        problem = problem_of(r, 422)
        assert problem["type"] == "/problems/validation-error"
        assert [e["pointer"] for e in problem["errors"]] == [pointer], overrides


@pytest.mark.parametrize(
    "observed_at",
    [
        "0001-01-01T00:00:00+14:00",  # once overflowed the conversion to UTC (a 500)
        "9999-12-31T23:59:59-14:00",
        "1899-12-31T23:59:59+00:00",
        "in two days",
    ],
)
async def test_observed_at_is_between_1900_and_a_day_from_now(api: Api, observed_at: str) -> None:
    if observed_at == "in two days":
        observed_at = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    child = await api.child()
    body = concern_body(child["id"], observed_at=observed_at)
    problem = problem_of(await api.call("POST", "/api/v1/concerns", json=body), 422)
    assert [e["pointer"] for e in problem["errors"]] == ["#/observed_at"]


async def test_observed_at_allows_a_day_of_grace_and_is_answered_in_utc(api: Api) -> None:
    child = await api.child()
    soon = datetime.now(UTC) + timedelta(hours=12)
    for sent, stored in (
        ("1900-01-01T00:00:00+02:00", "1899-12-31T22:00:00Z"),
        (soon.astimezone().isoformat(), soon.strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
    ):
        body = concern_body(child["id"], observed_at=sent)
        concern = await api.ok("POST", "/api/v1/concerns", json=body, expect=201)
        assert at(concern["observed_at"]) == at(stored.replace("Z", "+00:00"))


async def test_idempotency_key_replays_the_same_concern(api: Api) -> None:
    child = await api.child()
    body = concern_body(child["id"])
    headers = {"Idempotency-Key": "concern-5f0e"}
    first = await api.call("POST", "/api/v1/concerns", json=body, headers=headers)
    again = await api.call("POST", "/api/v1/concerns", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    listed = await api.ok("GET", "/api/v1/concerns", params={"child_id": child["id"]})
    assert [c["id"] for c in listed["items"]] == [first.json()["id"]]

    other = concern_body(child["id"], description="Altă descriere a situației.")
    r = await api.call("POST", "/api/v1/concerns", json=other, headers=headers)
    assert problem_of(r, 422)["type"] == "/problems/idempotency-key-reused"
    listed = await api.ok("GET", "/api/v1/concerns", params={"child_id": child["id"]})
    assert len(listed["items"]) == 1


async def test_unknown_concern_is_404(api: Api) -> None:
    r = await api.call("GET", f"/api/v1/concerns/{uuid.uuid4()}")
    assert problem_of(r, 404)["type"] == "/problems/not-found"


# ---- correcting --------------------------------------------------------------------------


async def test_patch_corrects_an_undecided_concern(api: Api) -> None:
    concern = await api.concern()
    url = f"/api/v1/concerns/{concern['id']}"
    change = {"indicators": ["included", "respected"], "child_words": None}
    r = await api.call("PATCH", url, json=change)
    assert problem_of(r, 428)["type"] == "/problems/if-match-required"

    r = await api.call("PATCH", url, json=change, headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    assert r.json()["indicators"] == ["respected", "included"]
    assert r.json()["child_words"] is None
    listed = await api.ok("GET", "/api/v1/concerns", params={"indicator": "achieving"})
    assert listed["items"] == []

    r = await api.call("PATCH", url, json={"description": "Alt text."}, headers={"If-Match": '"1"'})
    assert problem_of(r, 412)["current_version"] == 2


async def test_changing_only_the_indicators_is_a_new_version(api: Api) -> None:
    concern = await api.concern()
    url = f"/api/v1/concerns/{concern['id']}"
    r = await api.call("PATCH", url, json={"indicators": ["safe"]}, headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    assert r.json()["version"] == 2

    # A second correction made from the first read does not silently overwrite the first.
    stale = {"indicators": ["healthy"]}
    r = await api.call("PATCH", url, json=stale, headers={"If-Match": '"1"'})
    assert problem_of(r, 412)["current_version"] == 2
    assert (await api.ok("GET", url))["indicators"] == ["safe"]


async def test_raising_the_urgency_needs_a_risk_category_and_moves_the_deadline(
    api: Api,
) -> None:
    concern = await api.concern()
    url = f"/api/v1/concerns/{concern['id']}"
    r = await api.call(
        "PATCH", url, json={"urgency": "child_protection"}, headers={"If-Match": '"1"'}
    )
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/risk_category"

    r = await api.call(
        "PATCH",
        url,
        json={"urgency": "child_protection", "risk_category": "neglect"},
        headers={"If-Match": '"1"'},
    )
    assert r.status_code == 200, r.text
    due = at(r.json()["due_at"]) - at(concern["created_at"])
    assert abs(due - timedelta(hours=24)) < timedelta(seconds=1)


async def test_a_decided_concern_cannot_be_edited(api: Api) -> None:
    concern = await api.concern()
    url = f"/api/v1/concerns/{concern['id']}"
    await api.act(f"{url}/act-in-institution", "teacher", version=1)
    r = await api.call(
        "PATCH", url, json={"description": "Prea târziu."}, headers={"If-Match": '"2"'}
    )
    problem = problem_of(r, 409)
    assert problem["type"] == "/problems/illegal-transition"
    assert problem["legal_actions"] == ["close", "refer"]


# ---- deciding ----------------------------------------------------------------------------


async def test_only_the_recording_institution_corrects_decides_or_refers(api: Api, db: Db) -> None:
    concern = await api.concern()  # the school's
    url = f"/api/v1/concerns/{concern['id']}"
    referral = {
        "concern_id": concern["id"],
        "to_organisation_id": api.world.org("mayoralty"),
        "reason": "Poliția consideră că familia are nevoie de sprijin.",
    }
    attempts: list[tuple[str, str, dict[str, Any]]] = [
        ("PATCH", url, {"description": "Altă descriere a situației."}),
        ("POST", f"{url}/act-in-institution", {}),
        ("POST", f"{url}/close", {"reason": "Nu e cazul."}),
        ("POST", "/api/v1/referrals", referral),
    ]
    for who in ("officer", "doctor", "social_worker"):
        for method, target, body in attempts:
            r = await api.call(method, target, who, json=body, headers={"If-Match": '"1"'})
            # Outside their scope the concern does not exist for them: changing it is 404, and
            # naming it in a referral is a wrong field.
            if target == "/api/v1/referrals":
                assert problem_of(r, 422)["errors"][0]["pointer"] == "#/concern_id", who
            else:
                assert problem_of(r, 404)["type"] == "/problems/not-found", (who, target)

    unchanged = await api.ok("GET", url)
    assert (unchanged["status"], unchanged["version"]) == ("recorded", 1)
    assert [d.met_at for d in await db.deadlines(concern["id"])] == [None]
    listed = await api.ok("GET", "/api/v1/referrals", params={"concern_id": concern["id"]})
    assert listed["items"] == []
    # The school itself still may.
    r = await api.act(f"{url}/close", "teacher", {"reason": "Rezolvat cu familia."}, version=1)
    assert r.status_code == 200, r.text


async def test_due_at_is_cleared_once_the_concern_is_decided(api: Api) -> None:
    undecided = await api.concern()
    assert undecided["due_at"] is not None
    for status in ("single_agency_plan", "closed", "referred"):
        decided = await api.concern(status=status)
        assert decided["due_at"] is None, status
        assert (await api.ok("GET", f"/api/v1/concerns/{decided['id']}"))["due_at"] is None
    kept = await api.concern(status="single_agency_plan")
    url = f"/api/v1/concerns/{kept['id']}"
    r = await api.act(f"{url}/close", "teacher", {"reason": "Rezolvat."}, version=2)
    assert r.json()["due_at"] is None


async def test_closing_the_concern_cancels_its_single_agency_plans(api: Api, db: Db) -> None:
    in_force = await api.activate_plan(await api.plan())
    concern_id = in_force["concern_id"]
    draft = await api.plan(concern_id=concern_id)
    assert [d.kind for d in await db.deadlines(in_force["id"], open_only=True)] == ["plan.review"]

    url = f"/api/v1/concerns/{concern_id}/close"
    r = await api.act(url, "teacher", {"reason": "Frecvența s-a normalizat."}, version=2)
    assert r.status_code == 200, r.text
    for plan in (in_force, draft):
        assert (await api.ok("GET", f"/api/v1/plans/{plan['id']}"))["status"] == "cancelled"
    assert await db.deadlines(in_force["id"], open_only=True) == []
    [cancelled] = await db.events(type="plan.cancelled", aggregate_id=in_force["id"])
    assert "Frecvența s-a normalizat." in cancelled.payload["reason"]


async def test_referring_the_concern_keeps_its_single_agency_plan(api: Api, db: Db) -> None:
    """The school goes on supporting the child while the authority decides."""
    in_force = await api.activate_plan(await api.plan())
    concern = await api.ok("GET", f"/api/v1/concerns/{in_force['concern_id']}")
    await api.referral(concern=concern)
    assert (await api.ok("GET", f"/api/v1/plans/{in_force['id']}"))["status"] == "active"
    assert [d.kind for d in await db.deadlines(in_force["id"], open_only=True)] == ["plan.review"]


async def test_act_in_institution_opens_a_single_agency_plan(api: Api, db: Db) -> None:
    concern = await api.concern()
    url = f"/api/v1/concerns/{concern['id']}/act-in-institution"
    body = {"note": "Diriginta discută cu familia; consiliere cu psihologul școlar."}
    r = await api.act(url, "teacher", body, version=1)
    assert r.status_code == 200, r.text
    decided = r.json()
    assert r.headers["ETag"] == '"2"'
    assert decided["status"] == "single_agency_plan"
    assert decided["decision"] == "act_in_institution"
    assert decided["decided_at"] is not None
    assert decided["legal_actions"] == ["close", "refer"]
    [deadline] = await db.deadlines(concern["id"])
    assert deadline.met_at is not None
    events = await api.ok("GET", "/api/v1/events", params={"type": "concern.decided"})
    assert events["items"][0]["payload"]["note"] == body["note"]

    r = await api.act(url, "teacher", version=2)
    problem = problem_of(r, 409)
    assert problem["legal_actions"] == ["close", "refer"]
    assert "single_agency_plan" in problem["detail"]


async def test_actions_need_if_match_and_refuse_a_stale_version(api: Api) -> None:
    concern = await api.concern()
    url = f"/api/v1/concerns/{concern['id']}/act-in-institution"
    r = await api.call("POST", url, json={})
    assert problem_of(r, 428)["type"] == "/problems/if-match-required"
    r = await api.act(url, "teacher", version=7)
    assert problem_of(r, 412)["current_version"] == 1
    r = await api.act(
        f"/api/v1/concerns/{concern['id']}/close", "teacher", {"reason": "Ok."}, version=0
    )
    assert r.status_code == 412


async def test_close_without_action_is_no_further_action(api: Api) -> None:
    concern = await api.concern()
    url = f"/api/v1/concerns/{concern['id']}/close"
    r = await api.act(url, "teacher", {}, version=1)
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/reason"

    reason = "Mama a explicat absențele: copilul a fost bolnav; certificat medical prezentat."
    r = await api.act(url, "teacher", {"reason": reason}, version=1)
    assert r.status_code == 200, r.text
    closed = r.json()
    assert closed["status"] == "closed"
    assert closed["decision"] == "no_further_action"
    assert closed["closure_reason"] == reason
    assert closed["legal_actions"] == []

    r = await api.act(url, "teacher", {"reason": reason}, version=2)
    problem = problem_of(r, 409)
    assert problem["legal_actions"] == []
    assert "closed" in problem["detail"]
    r = await api.act(f"/api/v1/concerns/{concern['id']}/act-in-institution", "teacher", version=2)
    assert problem_of(r, 409)["legal_actions"] == []


async def test_close_a_single_agency_plan_when_resolved(api: Api) -> None:
    concern = await api.concern()
    url = f"/api/v1/concerns/{concern['id']}"
    await api.act(f"{url}/act-in-institution", "teacher", version=1)
    r = await api.act(f"{url}/close", "teacher", {"reason": "Frecvența s-a normalizat."}, version=2)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "closed"
    assert r.json()["decision"] == "act_in_institution"
    events = await api.ok("GET", "/api/v1/events", params={"type": "concern.closed"})
    assert [e["aggregate_id"] for e in events["items"]] == [concern["id"]]


# ---- listing -----------------------------------------------------------------------------


async def test_list_concerns_by_child_status_urgency_organisation_and_indicator(
    api: Api,
) -> None:
    child = await api.child()
    routine = await api.concern(child_id=child["id"])
    urgent = await api.concern("teacher", child_id=child["id"], **CHILD_PROTECTION)
    elsewhere = await api.concern("teacher", indicators=["responsible"], urgency="priority")
    police = await api.concern("officer", child_id=child["id"], indicators=["responsible"])
    await api.act(f"/api/v1/concerns/{routine['id']}/act-in-institution", "teacher", version=1)

    async def ids(who: str = "teacher", **params: Any) -> set[str]:
        page = await api.ok("GET", "/api/v1/concerns", who, params=params)
        return {c["id"] for c in page["items"]}

    # The police's concern about the same child is not the school's to see, and the reverse.
    assert await ids(child_id=child["id"]) == {routine["id"], urgent["id"]}
    assert await ids("officer", child_id=child["id"]) == {police["id"]}
    assert await ids(status="single_agency_plan") == {routine["id"]}
    assert await ids(status="recorded") == {urgent["id"], elsewhere["id"]}
    assert await ids(urgency="child_protection") == {urgent["id"]}
    assert await ids(organisation_id=api.world.org("police")) == set()
    assert await ids("officer", organisation_id=api.world.org("police")) == {police["id"]}
    assert await ids(indicator="safe") == {urgent["id"]}
    assert await ids(indicator="included", child_id=child["id"]) == {routine["id"]}
    r = await api.call("GET", "/api/v1/concerns", params={"indicator": "happy"})
    assert problem_of(r, 422)["errors"][0]["parameter"] == "indicator"


async def test_overdue_concerns_are_the_undecided_past_their_deadline(api: Api, db: Db) -> None:
    late = await api.concern()
    on_time = await api.concern()
    decided_late = await api.concern()
    await api.act(
        f"/api/v1/concerns/{decided_late['id']}/close",
        "teacher",
        {"reason": "Rezolvat."},
        version=1,
    )
    for concern in (late, decided_late):
        await db.make_overdue("concern", concern["id"])

    page = await api.ok("GET", "/api/v1/concerns", params={"overdue": "true"})
    assert [c["id"] for c in page["items"]] == [late["id"]]
    overdue = await api.ok("GET", "/api/v1/deadlines/overdue", params={"kind": "concern.decision"})
    assert [d["subject_id"] for d in overdue] == [late["id"]]
    assert on_time["id"] not in {c["id"] for c in page["items"]}
