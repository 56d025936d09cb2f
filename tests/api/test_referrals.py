"""Referrals over HTTP: referring a concern, the authority's answer, history, lists and overdue."""

import uuid
from datetime import timedelta
from typing import Any

from app.domain.cases import CaseAction
from app.domain.deadlines import DurationUnit, add_duration
from app.persistence.tables.cases import Case
from tests.conftest import Db
from tests.factories import (
    CHILD_PROTECTION,
    REFERRAL_REASON,
    Api,
    at,
    consent_body,
    problem_of,
)


def url_of(referral: dict[str, Any], action: str = "") -> str:
    return f"/api/v1/referrals/{referral['id']}" + (f"/{action}" if action else "")


async def read(api: Api, referral: dict[str, Any]) -> dict[str, Any]:
    return dict(await api.ok("GET", url_of(referral)))


# ---- referring ---------------------------------------------------------------------------


async def test_refer_a_concern_to_the_mayoralty(api: Api, db: Db) -> None:
    concern = await api.concern()
    body = {
        "concern_id": concern["id"],
        "to_organisation_id": api.world.org("mayoralty"),
        "reason": REFERRAL_REASON,
        "legal_basis": consent_body(),
    }
    r = await api.call("POST", "/api/v1/referrals", json=body)
    assert r.status_code == 201, r.text
    referral = r.json()
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == url_of(referral)
    assert referral["status"] == "received"
    assert referral["urgency"] == "routine"
    assert referral["child_id"] == concern["child_id"]
    assert referral["referred_by_id"] == api.world.person("teacher")
    assert referral["from_organisation_id"] == api.world.org("school")
    assert referral["to_organisation_id"] == api.world.org("mayoralty")
    assert referral["legal_actions"] == ["accept", "assign", "decline", "redirect", "withdraw"]
    expected = add_duration(at(referral["created_at"]), 5, DurationUnit.WORKING_DAYS)
    assert abs(at(referral["due_at"]) - expected) < timedelta(seconds=1)
    assert await read(api, referral) == referral

    referred = await api.ok("GET", f"/api/v1/concerns/{concern['id']}")
    assert referred["status"] == "referred"
    assert referred["decision"] == "refer"
    assert referred["legal_actions"] == []
    [concern_deadline] = await db.deadlines(concern["id"])
    assert concern_deadline.met_at is not None
    [response_deadline] = await db.deadlines(referral["id"])
    assert response_deadline.kind == "referral.response"
    assert response_deadline.organisation_id == uuid.UUID(api.world.org("mayoralty"))
    assert response_deadline.met_at is None

    [event] = await db.events(type="referral.received")
    assert set(event.organisation_ids) == {api.world.org("school"), api.world.org("mayoralty")}
    events = await api.ok("GET", "/api/v1/events", params={"type": "concern.referred"})
    assert [e["aggregate_id"] for e in events["items"]] == [concern["id"]]


async def test_a_child_protection_referral_keeps_the_urgency_and_is_due_in_24_hours(
    api: Api,
) -> None:
    referral = await api.referral("doctor", to="directorate", **CHILD_PROTECTION)
    assert referral["urgency"] == "child_protection"
    due = at(referral["due_at"]) - at(referral["created_at"])
    assert abs(due - timedelta(hours=24)) < timedelta(seconds=1)


async def test_a_changed_policy_applies_to_new_referrals(api: Api) -> None:
    before = await api.referral()
    await api.ok(
        "PUT",
        "/api/v1/deadline-policy/referral.response/routine",
        "admin",
        json={"amount": 2, "unit": "days", "legal_basis": "test"},
    )
    after = await api.referral()
    due = at(after["due_at"]) - at(after["created_at"])
    assert abs(due - timedelta(days=2)) < timedelta(seconds=1)
    # An open referral keeps the due time it was given.
    assert (await read(api, before))["due_at"] == before["due_at"]


async def test_referrals_go_only_to_guardianship_authorities(api: Api) -> None:
    concern = await api.concern()
    for target in (api.world.org("police"), api.world.org("school"), str(uuid.uuid4())):
        body = {
            "concern_id": concern["id"],
            "to_organisation_id": target,
            "reason": REFERRAL_REASON,
        }
        r = await api.call("POST", "/api/v1/referrals", json=body)
        assert problem_of(r, 422)["errors"][0]["pointer"] == "#/to_organisation_id"
    body = {
        "concern_id": str(uuid.uuid4()),
        "to_organisation_id": api.world.org("mayoralty"),
        "reason": REFERRAL_REASON,
    }
    r = await api.call("POST", "/api/v1/referrals", json=body)
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/concern_id"
    assert (await api.ok("GET", f"/api/v1/concerns/{concern['id']}"))["status"] == "recorded"


async def test_a_single_agency_plan_can_be_escalated_by_referral(api: Api) -> None:
    concern = await api.concern()
    await api.act(f"/api/v1/concerns/{concern['id']}/act-in-institution", "teacher", version=1)
    referral = await api.referral(concern=concern)
    assert referral["status"] == "received"
    assert (await api.ok("GET", f"/api/v1/concerns/{concern['id']}"))["status"] == "referred"


async def test_a_closed_or_referred_concern_cannot_be_referred(api: Api) -> None:
    closed = await api.concern()
    await api.act(
        f"/api/v1/concerns/{closed['id']}/close", "teacher", {"reason": "Rezolvat."}, version=1
    )
    referred = await api.concern()
    await api.referral(concern=referred)
    for concern, state in ((closed, "closed"), (referred, "referred")):
        body = {
            "concern_id": concern["id"],
            "to_organisation_id": api.world.org("mayoralty"),
            "reason": REFERRAL_REASON,
        }
        problem = problem_of(await api.call("POST", "/api/v1/referrals", json=body), 409)
        assert problem["type"] == "/problems/illegal-transition"
        assert problem["state"] == state
        assert f"concern that is {state}" in problem["detail"]
        assert problem["legal_actions"] == []


async def test_idempotency_key_on_referral(api: Api) -> None:
    concern = await api.concern()
    body = {
        "concern_id": concern["id"],
        "to_organisation_id": api.world.org("mayoralty"),
        "reason": REFERRAL_REASON,
        "legal_basis": consent_body(),
    }
    headers = {"Idempotency-Key": "referral-1"}
    first = await api.call("POST", "/api/v1/referrals", json=body, headers=headers)
    again = await api.call("POST", "/api/v1/referrals", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    listed = await api.ok("GET", "/api/v1/referrals", params={"concern_id": concern["id"]})
    assert len(listed["items"]) == 1


# ---- accepting ---------------------------------------------------------------------------


async def test_accept_opens_a_case(api: Api, db: Db) -> None:
    referral = await api.referral()
    body = {"lead_professional_id": api.world.person("social_worker")}
    r = await api.act(url_of(referral, "accept"), "social_worker", body, version=1)
    assert r.status_code == 200, r.text
    accepted = r.json()
    assert r.headers["ETag"] == '"2"'
    assert accepted["status"] == "accepted"
    assert accepted["case_id"]
    assert accepted["responded_by_id"] == api.world.person("social_worker")
    assert accepted["responded_at"] is not None
    assert accepted["legal_actions"] == ["assign"]
    case = await db.get(Case, accepted["case_id"])
    assert case is not None
    assert str(case.child_id) == referral["child_id"]
    assert str(case.responsible_organisation_id) == api.world.org("mayoralty")
    assert str(case.lead_professional_id) == api.world.person("social_worker")
    assert case.opened_via == "referral"
    [response_deadline] = await db.deadlines(referral["id"])
    assert response_deadline.met_at is not None

    r = await api.act(url_of(referral, "accept"), "social_worker", version=2)
    problem = problem_of(r, 409)
    assert problem["type"] == "/problems/illegal-transition"
    assert problem["legal_actions"] == ["assign"]


async def test_accept_joins_the_childs_open_case(api: Api) -> None:
    child = await api.child()
    first = await api.referral(child_id=child["id"])
    opened = (await api.act(url_of(first, "accept"), "social_worker", version=1)).json()
    second = await api.referral("doctor", child_id=child["id"])
    other_child = await api.referral()

    body = {"case_id": opened["case_id"], "lead_professional_id": api.world.person("supervisor")}
    r = await api.act(url_of(second, "accept"), "social_worker", body, version=1)
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/lead_professional_id"
    r = await api.act(
        url_of(other_child, "accept"), "social_worker", {"case_id": opened["case_id"]}, version=1
    )
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/case_id"
    r = await api.act(
        url_of(second, "accept"), "social_worker", {"case_id": str(uuid.uuid4())}, version=1
    )
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/case_id"

    r = await api.act(
        url_of(second, "accept"), "social_worker", {"case_id": opened["case_id"]}, version=1
    )
    assert r.status_code == 200, r.text
    assert r.json()["case_id"] == opened["case_id"]


async def test_a_closed_case_cannot_be_joined(api: Api) -> None:
    child = await api.child()
    first = await api.referral(child_id=child["id"])
    opened = (await api.act(url_of(first, "accept"), "social_worker", version=1)).json()
    case = await api.ok("GET", f"/api/v1/cases/{opened['case_id']}", "social_worker")
    await api.move_case(case, CaseAction.CLOSE, "social_worker")
    second = await api.referral(child_id=child["id"])
    r = await api.act(
        url_of(second, "accept"), "social_worker", {"case_id": opened["case_id"]}, version=1
    )
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/case_id"
    assert (await read(api, second))["status"] == "received"


async def test_only_the_receiving_authority_answers(api: Api) -> None:
    referral = await api.referral()
    for action, body in (
        ("accept", {}),
        ("decline", {"reason": "Nu e cazul."}),
        ("assign", {"assignee_id": api.world.person("teacher")}),
        (
            "redirect",
            {"to_organisation_id": api.world.org("directorate"), "reason": "Competența lor."},
        ),
    ):
        # The referrer sees its referral but may not answer it; another district's
        # authority does not see it at all.
        r = await api.act(url_of(referral, action), "teacher", body, version=1)
        assert problem_of(r, 403)["type"] == "/problems/forbidden", action
        r = await api.act(url_of(referral, action), "ungheni_worker", body, version=1)
        assert problem_of(r, 404)["type"] == "/problems/not-found", action
    assert (await read(api, referral))["version"] == 1


# ---- declining, redirecting, withdrawing -------------------------------------------------


async def test_decline_with_a_reason(api: Api, db: Db) -> None:
    referral = await api.referral()
    r = await api.act(url_of(referral, "decline"), "social_worker", {}, version=1)
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/reason"

    reason = "Familia primește deja sprijin prin serviciul de sprijin familial."
    r = await api.act(url_of(referral, "decline"), "social_worker", {"reason": reason}, version=1)
    assert r.status_code == 200, r.text
    declined = r.json()
    assert declined["status"] == "declined"
    assert declined["response_reason"] == reason
    assert declined["responded_by_id"] == api.world.person("social_worker")
    assert declined["legal_actions"] == []
    [response_deadline] = await db.deadlines(referral["id"])
    assert response_deadline.met_at is not None

    r = await api.act(url_of(referral, "decline"), "social_worker", {"reason": reason}, version=2)
    problem = problem_of(r, 409)
    assert problem["legal_actions"] == []
    assert "declined" in problem["detail"]


async def test_redirect_sends_a_new_referral_to_the_right_authority(api: Api, db: Db) -> None:
    referral = await api.referral()
    url = url_of(referral, "redirect")
    for target in (api.world.org("mayoralty"), api.world.org("clinic")):
        body = {"to_organisation_id": target, "reason": "Copilul locuiește în Ungheni."}
        r = await api.act(url, "social_worker", body, version=1)
        assert problem_of(r, 422)["errors"][0]["pointer"] == "#/to_organisation_id"

    body = {
        "to_organisation_id": api.world.org("ungheni_mayoralty"),
        "reason": "Copilul locuiește în Ungheni.",
    }
    r = await api.act(url, "social_worker", body, version=1)
    assert r.status_code == 200, r.text
    old = r.json()
    assert old["status"] == "redirected"
    assert old["response_reason"] == body["reason"]
    assert old["legal_actions"] == []
    assert old["redirected_to_id"]

    onward = await api.ok("GET", f"/api/v1/referrals/{old['redirected_to_id']}")
    assert onward["status"] == "received"
    assert onward["redirected_from_id"] == referral["id"]
    assert onward["to_organisation_id"] == api.world.org("ungheni_mayoralty")
    assert onward["from_organisation_id"] == api.world.org("school")
    assert onward["concern_id"] == referral["concern_id"]
    assert onward["due_at"]
    [old_deadline] = await db.deadlines(referral["id"])
    assert old_deadline.met_at is not None
    [new_deadline] = await db.deadlines(onward["id"])
    assert new_deadline.met_at is None
    assert str(new_deadline.organisation_id) == api.world.org("ungheni_mayoralty")

    r = await api.act(url, "social_worker", body, version=2)
    assert problem_of(r, 409)["legal_actions"] == []
    # The new authority answers the new referral.
    r = await api.act(url_of(onward, "accept"), "ungheni_worker", version=1)
    assert r.status_code == 200, r.text


async def test_only_the_referrer_withdraws_and_only_while_waiting(api: Api) -> None:
    referral = await api.referral()
    body = {"reason": "Familia s-a mutat din raion."}
    r = await api.act(url_of(referral, "withdraw"), "social_worker", body, version=1)
    assert problem_of(r, 403)["type"] == "/problems/forbidden"
    r = await api.act(url_of(referral, "withdraw"), "teacher", {}, version=1)
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/reason"

    r = await api.act(url_of(referral, "withdraw"), "teacher", body, version=1)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "withdrawn"
    assert r.json()["response_reason"] == body["reason"]
    assert r.json()["legal_actions"] == []

    accepted = await api.referral()
    await api.act(url_of(accepted, "accept"), "social_worker", version=1)
    r = await api.act(url_of(accepted, "withdraw"), "teacher", body, version=2)
    problem = problem_of(r, 409)
    assert problem["legal_actions"] == ["assign"]
    assert "accepted" in problem["detail"]


# ---- assigning ---------------------------------------------------------------------------


async def test_assign_to_a_professional_of_the_receiving_authority(api: Api, db: Db) -> None:
    referral = await api.referral()
    url = url_of(referral, "assign")
    for person in (
        api.world.person("teacher"),
        api.world.person("ungheni_worker"),
        str(uuid.uuid4()),
    ):
        r = await api.act(url, "social_worker", {"assignee_id": person}, version=1)
        assert problem_of(r, 422)["errors"][0]["pointer"] == "#/assignee_id"

    me = api.world.person("social_worker")
    r = await api.act(url, "social_worker", {"assignee_id": me}, version=1)
    assert r.status_code == 200, r.text
    assert r.json()["assignee_id"] == me
    assert r.json()["status"] == "received"
    [deadline] = await db.deadlines(referral["id"])
    assert str(deadline.assignee_id) == me
    assert deadline.met_at is None  # assigning is not answering

    await api.act(url_of(referral, "accept"), "social_worker", version=2)
    r = await api.act(url, "social_worker", {"assignee_id": me}, version=3)
    assert r.status_code == 200, r.text

    declined = await api.referral()
    await api.act(url_of(declined, "decline"), "social_worker", {"reason": "Nu."}, version=1)
    r = await api.act(url_of(declined, "assign"), "social_worker", {"assignee_id": me}, version=2)
    assert problem_of(r, 409)["legal_actions"] == []


# ---- the response deadline ---------------------------------------------------------------


async def test_due_at_is_cleared_by_an_answer_and_kept_by_an_assignment(api: Api) -> None:
    assigned = await api.referral()
    me = api.world.person("social_worker")
    r = await api.act(url_of(assigned, "assign"), "social_worker", {"assignee_id": me}, version=1)
    assert r.json()["due_at"] == assigned["due_at"]

    reason = {"reason": "Motivul răspunsului."}
    redirect = {"to_organisation_id": api.world.org("directorate"), **reason}
    for action, who, body in (
        ("accept", "social_worker", {}),
        ("decline", "social_worker", reason),
        ("withdraw", "teacher", reason),
        ("redirect", "social_worker", redirect),
    ):
        referral = await api.referral()
        r = await api.act(url_of(referral, action), who, body, version=1)
        assert r.status_code == 200, r.text
        assert r.json()["due_at"] is None, action
        assert (await read(api, referral))["due_at"] is None, action
    # The redirected referral's clock runs on in the new one.
    onward = await api.ok("GET", f"/api/v1/referrals/{r.json()['redirected_to_id']}")
    assert onward["due_at"] is not None


# ---- concurrency, history, lists ---------------------------------------------------------


async def test_actions_need_if_match_and_refuse_a_stale_version(api: Api) -> None:
    referral = await api.referral()
    r = await api.call("POST", url_of(referral, "accept"), "social_worker", json={})
    assert problem_of(r, 428)["type"] == "/problems/if-match-required"
    me = api.world.person("social_worker")
    await api.act(url_of(referral, "assign"), "social_worker", {"assignee_id": me}, version=1)
    r = await api.act(url_of(referral, "accept"), "social_worker", version=1)
    problem = problem_of(r, 412)
    assert problem["type"] == "/problems/version-mismatch"
    assert problem["current_version"] == 2


async def test_history_shows_who_did_what_and_when(api: Api) -> None:
    referral = await api.referral()
    me = api.world.person("social_worker")
    await api.act(url_of(referral, "assign"), "social_worker", {"assignee_id": me}, version=1)
    await api.act(url_of(referral, "accept"), "social_worker", version=2)
    history = await api.ok("GET", url_of(referral, "history"))
    assert [(e["type"], e["actor_id"]) for e in history] == [
        ("referral.received", api.world.person("teacher")),
        ("referral.assigned", me),
        ("referral.accepted", me),
    ]
    assert all(e["occurred_at"] for e in history)
    assert [e["aggregate_version"] for e in history] == [1, 2, 3]
    r = await api.call("GET", f"/api/v1/referrals/{uuid.uuid4()}/history")
    assert problem_of(r, 404)["type"] == "/problems/not-found"


async def test_overdue_referrals(api: Api, db: Db) -> None:
    late = await api.referral()
    on_time = await api.referral()
    answered_late = await api.referral()
    me = api.world.person("social_worker")
    await api.act(url_of(late, "assign"), "social_worker", {"assignee_id": me}, version=1)
    await api.act(url_of(answered_late, "decline"), "social_worker", {"reason": "Nu."}, version=1)
    for referral in (late, answered_late):
        await db.make_overdue("referral", referral["id"])

    page = await api.ok("GET", "/api/v1/referrals", params={"overdue": "true"})
    assert [r["id"] for r in page["items"]] == [late["id"]]
    # The answer is the mayoralty's to give: its late items are its own to see, not the school's.
    overdue = await api.ok(
        "GET", "/api/v1/deadlines/overdue", "social_worker", params={"kind": "referral.response"}
    )
    assert [d["subject_id"] for d in overdue] == [late["id"]]
    mine = await api.ok(
        "GET", "/api/v1/deadlines/overdue", "social_worker", params={"assignee_id": me}
    )
    assert [d["subject_id"] for d in mine] == [late["id"]]
    assert await api.ok("GET", "/api/v1/deadlines/overdue", "teacher") == []
    assert on_time["id"] not in {r["id"] for r in page["items"]}

    await api.act(url_of(late, "accept"), "social_worker", version=2)
    assert (await api.ok("GET", "/api/v1/referrals", params={"overdue": "true"}))["items"] == []
    assert (
        await api.ok(
            "GET",
            "/api/v1/deadlines/overdue",
            "social_worker",
            params={"kind": "referral.response"},
        )
        == []
    )


async def test_list_referrals_by_filters(api: Api) -> None:
    child = await api.child()
    to_mayoralty = await api.referral(child_id=child["id"])
    to_directorate = await api.referral("officer", to="directorate")
    to_ungheni = await api.referral("doctor", to="ungheni_mayoralty")
    me = api.world.person("social_worker")
    await api.act(url_of(to_mayoralty, "assign"), "social_worker", {"assignee_id": me}, version=1)
    await api.act(url_of(to_directorate, "accept"), "supervisor", version=1)

    async def ids(who: str = "supervisor", **params: Any) -> set[str]:
        page = await api.ok("GET", "/api/v1/referrals", who, params=params)
        return {r["id"] for r in page["items"]}

    # The Călărași supervisor sees what was referred into Călărași; Ungheni's referral is
    # Ungheni's to see.
    assert await ids(status="accepted") == {to_directorate["id"]}
    assert await ids(status="received") == {to_mayoralty["id"]}
    assert await ids("ungheni_worker", status="received") == {to_ungheni["id"]}
    assert await ids(assignee_id=me) == {to_mayoralty["id"]}
    assert await ids(to_organisation_id=api.world.org("ungheni_mayoralty")) == set()
    assert await ids(from_organisation_id=api.world.org("police")) == {to_directorate["id"]}
    assert await ids(child_id=child["id"]) == {to_mayoralty["id"]}
    assert await ids("doctor", concern_id=to_ungheni["concern_id"]) == {to_ungheni["id"]}
    # The referrer sees its own referrals only.
    assert await ids("teacher") == {to_mayoralty["id"]}
    r = await api.call("GET", "/api/v1/referrals", params={"status": "lost"})
    assert problem_of(r, 422)["errors"][0]["parameter"] == "status"


async def test_pagination_is_stable_while_referrals_arrive(api: Api) -> None:
    made = [await api.referral() for _ in range(5)]
    first = await api.ok("GET", "/api/v1/referrals", params={"limit": 2})
    assert len(first["items"]) == 2
    assert first["next_cursor"]
    for _ in range(2):  # new referrals arrive while the authority pages through its list
        await api.referral()
    seen = [r["id"] for r in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = await api.ok("GET", "/api/v1/referrals", params={"limit": 2, "cursor": cursor})
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
    assert seen == [r["id"] for r in reversed(made)]
