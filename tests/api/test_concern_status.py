"""What followed a concern, as the institution that raised it may know it: the referrals, the
case's stage and how it ended, and what is asked of the institution — never the case file."""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import quote

from sqlmodel import col

from app.domain.cases import CaseAction, CaseStage
from app.persistence.tables.access_log import AccessLogEntry
from app.persistence.tables.break_glass import BreakGlassOpening
from tests.conftest import Db, StatementCounter
from tests.factories import Api, problem_of

# Who answers for each authority a referral may be at.
HOLDERS = {"mayoralty": "social_worker", "ungheni_mayoralty": "ungheni_worker"}
REDIRECT_REASON = "Familia locuiește când la Ungheni, când la Călărași."


def status_url(concern_id: str) -> str:
    return f"/api/v1/concerns/{concern_id}/status"


async def refer_through(api: Api, redirects: int) -> dict[str, Any]:
    """The teacher's concern referred to the mayoralty and redirected `redirects` times between
    the two mayoralties (an even number ends back at Călărași); the last referral as it is."""
    referral = await api.referral("teacher")
    at = "mayoralty"
    for _ in range(redirects):
        to = "ungheni_mayoralty" if at == "mayoralty" else "mayoralty"
        body = {"to_organisation_id": api.world.org(to), "reason": REDIRECT_REASON}
        url = f"/api/v1/referrals/{referral['id']}/redirect"
        r = await api.act(url, HOLDERS[at], body, version=referral["version"])
        assert r.status_code == 200, r.text
        onward = f"/api/v1/referrals/{r.json()['redirected_to_id']}"
        referral = await api.ok("GET", onward, HOLDERS[to])
        at = to
    assert at == "mayoralty"
    return referral


async def accept_into_case(api: Api, referral: dict[str, Any]) -> dict[str, Any]:
    url = f"/api/v1/referrals/{referral['id']}/accept"
    r = await api.act(url, "social_worker", {}, version=referral["version"])
    assert r.status_code == 200, r.text
    return dict(await api.ok("GET", f"/api/v1/cases/{r.json()['case_id']}", "social_worker"))


async def case_with_plan(
    api: Api, *, redirects: int = 0, school_actions: int = 1
) -> dict[str, Any]:
    """The teacher's concern, referred (and redirected), accepted into a case whose active plan
    asks `school_actions` things of the school and one of the clinic; the assessment and a note
    written on the way are what the teacher must never see."""
    referral = await refer_through(api, redirects)
    case = await accept_into_case(api, referral)
    assessment = await api.assessment(case)
    case = await api.move_case(case, CaseAction.START_PLANNING)
    school = [
        api.action_body(
            description=f"Meditații la matematică, de două ori pe săptămână ({n + 1})",
            responsible_organisation_id=api.world.org("school"),
            responsible_professional_id=api.world.person("teacher"),
        )
        for n in range(school_actions)
    ]
    clinic = api.action_body(description="Evaluare psihologică la Centrul de Sănătate")
    plan = await api.plan("social_worker", case_id=case["id"], actions=[*school, clinic])
    plan = await api.activate_plan(plan, "social_worker")
    note = "Vizită la domiciliu: tatăl a refuzat să discute cu asistentul social."
    await api.ok(
        "POST",
        f"/api/v1/children/{case['child_id']}/notes",
        "social_worker",
        json={"text": note},
        expect=201,
    )
    return {
        "concern_id": referral["concern_id"],
        "referral": referral,
        "case": case,
        "plan": plan,
        "assessment": assessment,
        "note": note,
    }


async def test_the_teacher_sees_the_referral_the_case_stage_and_only_the_schools_action(
    api: Api,
) -> None:
    made = await case_with_plan(api)
    status = await api.ok("GET", status_url(made["concern_id"]), "teacher")

    assert set(status) == {
        "id",
        "status",
        "decision",
        "urgency",
        "updated_at",
        "referrals",
        "case",
        "actions",
    }
    assert (status["id"], status["status"], status["decision"], status["urgency"]) == (
        made["concern_id"],
        "referred",
        "refer",
        "routine",
    )
    [referral] = status["referrals"]
    assert referral == {
        "id": made["referral"]["id"],
        "status": "accepted",
        "to_organisation_id": api.world.org("mayoralty"),
        "to_organisation_name": "Primăria orașului Călărași",
        "created_at": referral["created_at"],
        "responded_at": referral["responded_at"],
        "response_reason": None,
        "redirected_to_id": None,
    }
    assert referral["responded_at"] is not None
    assert status["case"] == {
        "id": made["case"]["id"],
        "stage": "planning",
        "opened_at": status["case"]["opened_at"],
        "closed_at": None,
        "closure_reason": None,
    }
    school_actions = [a for a in made["plan"]["actions"] if a["description"].startswith("Medi")]
    [school_action] = school_actions
    assert status["actions"] == [
        {
            "id": school_action["id"],
            "description": school_action["description"],
            "status": "planned",
            "due_on": school_action["due_on"],
        }
    ]


async def test_the_status_never_holds_assessments_notes_or_other_actions(api: Api) -> None:
    made = await case_with_plan(api)
    text = json.dumps(await api.ok("GET", status_url(made["concern_id"]), "teacher"))
    clinic_action = next(a for a in made["plan"]["actions"] if "psihologică" in a["description"])
    for secret in (
        made["assessment"]["id"],
        made["plan"]["id"],
        made["note"],
        clinic_action["id"],
        clinic_action["description"],
        "child_views",
        "indicator_ratings",
        "lead_professional_id",
        "team",
        "closure_note",
    ):
        assert secret not in text, secret
    # The clinic, for its part, is told nothing through the school's concern.
    problem_of(await api.call("GET", status_url(made["concern_id"]), "doctor"), 404)


async def test_whoever_may_not_see_the_concern_gets_404_even_breaking_the_glass(
    api: Api, db: Db
) -> None:
    concern = await api.concern("teacher", status="referred")
    reason = quote("Copilul a fost adus la urgențe cu răni la cap.")
    for headers in ({}, {"X-Break-Glass-Reason": reason}):
        r = await api.call("GET", status_url(concern["id"]), "doctor", headers=headers)
        assert problem_of(r, 404)["type"] == "/problems/not-found"
    assert await db.rows(BreakGlassOpening) == []
    problem_of(await api.call("GET", status_url(str(uuid.uuid4())), "teacher"), 404)


async def test_the_authority_that_sees_the_concern_is_refused_the_referrers_status(
    api: Api,
) -> None:
    concern = await api.concern("teacher", status="referred")
    problem = problem_of(await api.call("GET", status_url(concern["id"]), "social_worker"), 403)
    assert "recorded the concern" in problem["detail"]


async def test_a_concern_with_nothing_after_it_has_an_empty_status(api: Api) -> None:
    concern = await api.concern("teacher", status="single_agency_plan")
    status = await api.ok("GET", status_url(concern["id"]), "teacher")
    assert (status["status"], status["decision"]) == ("single_agency_plan", "act_in_institution")
    assert (status["referrals"], status["case"], status["actions"]) == ([], None, [])


async def test_the_authoritys_reason_is_shown_when_it_declined_not_when_the_school_withdrew(
    api: Api,
) -> None:
    declined = await api.referral("teacher")
    reason = "Familia primește deja sprijin prin serviciul de sprijin familial."
    url = f"/api/v1/referrals/{declined['id']}"
    r = await api.act(f"{url}/decline", "social_worker", {"reason": reason}, version=1)
    assert r.status_code == 200, r.text
    [line] = (await api.ok("GET", status_url(declined["concern_id"])))["referrals"]
    assert (line["status"], line["response_reason"]) == ("declined", reason)

    withdrawn = await api.referral("teacher")
    url = f"/api/v1/referrals/{withdrawn['id']}"
    body = {"reason": "Trimisă din greșeală pentru alt elev; o retragem."}
    r = await api.act(f"{url}/withdraw", "teacher", body, version=1)
    assert r.status_code == 200, r.text
    [line] = (await api.ok("GET", status_url(withdrawn["concern_id"])))["referrals"]
    assert (line["status"], line["response_reason"]) == ("withdrawn", None)


async def test_redirections_are_listed_in_order_with_their_reasons(api: Api) -> None:
    referral = await refer_through(api, redirects=2)
    status = await api.ok("GET", status_url(referral["concern_id"]))
    lines = status["referrals"]
    assert [(r["status"], r["to_organisation_name"]) for r in lines] == [
        ("redirected", "Primăria orașului Călărași"),
        ("redirected", "Primăria municipiului Ungheni"),
        ("received", "Primăria orașului Călărași"),
    ]
    assert [r["response_reason"] for r in lines] == [REDIRECT_REASON, REDIRECT_REASON, None]
    assert [r["redirected_to_id"] for r in lines] == [lines[1]["id"], lines[2]["id"], None]
    assert lines[2]["id"] == referral["id"]
    assert status["case"] is None


async def test_a_closed_case_shows_when_and_the_coded_reason_not_the_note(api: Api) -> None:
    referral = await api.referral("teacher")
    case = await accept_into_case(api, referral)
    note = "Tatăl a început tratamentul; mama și copilul locuiesc la bunica din Bravicea."
    closed = await api.move_case(case, CaseAction.CLOSE, reason="objectives_achieved", note=note)
    assert closed["stage"] == CaseStage.CLOSED.value

    status = await api.ok("GET", status_url(referral["concern_id"]))
    assert status["case"]["stage"] == "closed"
    assert status["case"]["closed_at"] == closed["closed_at"]
    assert status["case"]["closure_reason"] == "objectives_achieved"
    assert note not in json.dumps(status)


async def test_the_read_is_recorded_in_the_access_log(api: Api, db: Db) -> None:
    concern = await api.concern("teacher", status="referred")
    await api.ok("GET", status_url(concern["id"]), headers={"X-Request-ID": "req-status"})
    [entry] = await db.rows(
        AccessLogEntry,
        col(AccessLogEntry.request_id) == "req-status",
    )
    assert (entry.operation, entry.resource_type, entry.resource_id) == (
        "read",
        "concern_status",
        concern["id"],
    )
    assert str(entry.child_id) == concern["child_id"]
    assert str(entry.actor_id) == api.world.person("teacher")


async def test_the_status_costs_the_same_for_1_or_5_referrals_and_actions(
    api: Api, statements: StatementCounter
) -> None:
    async def cost(concern_id: str, expected: int) -> int:
        before = statements.count
        status = await api.ok("GET", status_url(concern_id))
        assert (len(status["referrals"]), len(status["actions"])) == (expected, expected)
        return statements.count - before

    few = await case_with_plan(api, redirects=0, school_actions=1)
    many = await case_with_plan(api, redirects=4, school_actions=5)
    one = await cost(few["concern_id"], 1)
    assert one > 0
    assert await cost(many["concern_id"], 5) == one
