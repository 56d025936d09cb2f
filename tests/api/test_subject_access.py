"""The subject-access export: everything held about one child, for the data protection officer."""

from __future__ import annotations

import uuid
from typing import Any

from app.domain.assessments import AssessmentStatus
from app.domain.cases import CaseAction
from app.persistence.tables.access_log import AccessLogEntry
from tests.conftest import Db, StatementCounter
from tests.factories import Api, problem_of


def export_url(child_id: str) -> str:
    return f"/api/v1/children/{child_id}/export"


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row["id"] for row in rows]


async def rich_history(api: Api) -> dict[str, Any]:
    """A child with one of everything: the ids of what was made, by section of the export."""
    child = await api.child(
        given_name="Ana",
        family_name="Rusu",
        identifiers=[{"system": "urn:md:siime:elev", "value": f"E-{uuid.uuid4().hex[:10]}"}],
    )
    cid = child["id"]
    clinic_id = await api.ok(
        "POST",
        f"/api/v1/children/{cid}/identifiers",
        json={"system": "urn:md:clinic:pacient", "value": f"P-{uuid.uuid4().hex[:10]}"},
        expect=201,
    )
    family = await api.ok(
        "POST",
        f"/api/v1/children/{cid}/family-members",
        json={
            "given_name": "Valentina",
            "family_name": "Rusu",
            "relationship": "grandmother",
            "is_caregiver": True,
            "lives_with_child": True,
        },
        expect=201,
    )
    institution = await api.ok(
        "POST",
        f"/api/v1/children/{cid}/institutions",
        json={"organisation_id": api.world.org("school"), "group_label": "5B"},
        expect=201,
    )
    observation = await api.observation(cid)
    referral = await api.referral(child_id=cid)
    r = await api.act(
        f"/api/v1/referrals/{referral['id']}/accept", "social_worker", version=referral["version"]
    )
    assert r.status_code == 200, r.text
    case = await api.ok("GET", f"/api/v1/cases/{r.json()['case_id']}", "social_worker")
    member = await api.ok(
        "POST",
        f"/api/v1/cases/{case['id']}/team",
        "social_worker",
        json={
            "professional_id": api.world.person("teacher"),
            "role": "diriginte",
            "sharing_basis_id": referral["legal_basis"]["id"],
        },
        expect=201,
    )
    assessment = await api.assessment(case, status=AssessmentStatus.APPROVED)
    case = await api.ok("GET", f"/api/v1/cases/{case['id']}", "social_worker")
    case = await api.move_case(case, CaseAction.START_PLANNING)
    plan = await api.plan(
        "social_worker",
        case_id=case["id"],
        objectives=[{"indicator": "safe", "description": "Locuiește în siguranță la bunica"}],
        actions=[api.action_body(objective_index=0)],
    )
    plan = await api.activate_plan(plan, "social_worker")
    review = await api.review(plan, "social_worker")
    note = await api.note(cid, "Vizită la domiciliul bunicii, în Bravicea.")
    return {
        "child": cid,
        "identifiers": [child["identifiers"][0], clinic_id],
        "family_member": family["id"],
        "institution": institution["id"],
        "observation": observation["id"],
        "concern": referral["concern_id"],
        "referral": referral["id"],
        "sharing_basis": referral["legal_basis"]["id"],
        "case": case["id"],
        "team_member": member["id"],
        "assessment": assessment["id"],
        "plan": plan["id"],
        "objective": plan["objectives"][0]["id"],
        "action": plan["actions"][0]["id"],
        "review": review["id"],
        "note_position": note["position"],
    }


async def test_the_export_holds_every_section_of_a_rich_history(api: Api) -> None:
    made = await rich_history(api)
    r = await api.call("GET", export_url(made["child"]), "dpo")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Disposition"] == (
        f'attachment; filename="child-{made["child"]}.json"'
    )
    doc = r.json()
    assert doc["child"]["id"] == made["child"]
    assert doc["child"]["search_name"] == "rusu ana"  # every column, as stored
    assert doc["generated_by"] == api.world.person("dpo")
    assert [(i["system"], i["value"]) for i in doc["identifiers"]] == [
        (i["system"], i["value"]) for i in made["identifiers"]
    ]
    assert ids(doc["family_members"]) == [made["family_member"]]
    assert ids(doc["institutions"]) == [made["institution"]]
    assert ids(doc["observations"]) == [made["observation"]]
    [concern] = doc["concerns"]
    assert concern["id"] == made["concern"]
    assert concern["indicators"] == ["achieving", "included"]
    assert concern["status"] == "referred"
    [basis] = doc["sharing_bases"]
    assert (basis["id"], basis["kind"]) == (made["sharing_basis"], "consent")
    assert basis["given_by_name"] == "Elena Rusu"
    assert ids(doc["referrals"]) == [made["referral"]]
    assert doc["referrals"][0]["sharing_basis_id"] == made["sharing_basis"]
    assert {m["sharing_basis_id"] for m in doc["team_members"]} == {made["sharing_basis"]}
    assert doc["referrals"][0]["case_id"] == made["case"]
    assert ids(doc["cases"]) == [made["case"]]
    assert made["team_member"] in ids(doc["team_members"])
    assert {m["case_id"] for m in doc["team_members"]} == {made["case"]}
    assert ids(doc["assessments"]) == [made["assessment"]]
    assert ids(doc["plans"]) == [made["plan"]]
    assert ids(doc["plan_objectives"]) == [made["objective"]]
    assert ids(doc["plan_actions"]) == [made["action"]]
    assert ids(doc["reviews"]) == [made["review"]]
    sources = {p["source_type"]: p["source_id"] for p in doc["wellbeing_ratings"]}
    assert sources == {
        "observation": made["observation"],
        "assessment": made["assessment"],
        "review": made["review"],
    }
    positions = [e["position"] for e in doc["events"]]
    assert positions == sorted(positions)
    assert made["note_position"] in positions
    assert {"child.registered", "referral.received", "note.recorded"} <= {
        e["type"] for e in doc["events"]
    }
    subjects = {d["subject_id"] for d in doc["deadlines"]}
    assert {made["concern"], made["referral"], made["case"]} <= subjects


async def test_the_export_is_recorded_as_a_disclosure(api: Api, db: Db) -> None:
    child = await api.child()
    await api.ok("GET", export_url(child["id"]), "dpo")
    [entry] = await db.rows(AccessLogEntry, AccessLogEntry.operation == "export")
    assert (entry.actor_id, entry.resource_type, entry.resource_id, entry.child_id) == (
        uuid.UUID(api.world.person("dpo")),
        "child",
        child["id"],
        uuid.UUID(child["id"]),
    )
    assert entry.purpose == "subject access request"


async def test_a_refused_export_is_not_recorded(api: Api, db: Db) -> None:
    child = await api.child()
    r = await api.call("GET", export_url(child["id"]), "teacher")
    assert r.status_code == 403
    assert await db.rows(AccessLogEntry, AccessLogEntry.operation == "export") == []


async def test_a_child_without_history_exports_empty_sections(api: Api) -> None:
    child = await api.child(idnp=None)
    doc = await api.ok("GET", export_url(child["id"]), "dpo")
    assert doc["child"]["id"] == child["id"]
    assert doc["child"]["idnp"] is None
    empty = set(doc) - {"child", "events", "generated_at", "generated_by"}
    assert {section: doc[section] for section in empty} == {section: [] for section in empty}
    assert [e["type"] for e in doc["events"]] == ["child.registered"]


async def test_another_childs_rows_never_appear(api: Api) -> None:
    other = await rich_history(api)
    child = await api.child(given_name="Ștefan", family_name="Căpățînă")
    await api.observation(child["id"])
    concern = await api.concern(child_id=child["id"])
    doc = await api.ok("GET", export_url(child["id"]), "dpo")
    assert ids(doc["concerns"]) == [concern["id"]]
    assert len(doc["observations"]) == 1
    for section, rows in doc.items():
        if isinstance(rows, list):
            for row in rows:
                assert row.get("child_id", child["id"]) == child["id"], section
                assert other["child"] not in str(row), section
    sections = ("sharing_bases", "referrals", "cases", "team_members", "plans", "reviews")
    for section in (*sections, "plan_objectives"):
        assert doc[section] == [], section


async def test_only_the_data_protection_officer_may_export(api: Api) -> None:
    child = await api.child()
    for who in ("teacher", "social_worker", "supervisor", "admin"):
        r = await api.call("GET", export_url(child["id"]), who)
        assert problem_of(r, 403)["type"] == "/problems/forbidden", who


async def test_an_unknown_child_is_404(api: Api) -> None:
    r = await api.call("GET", export_url(str(uuid.uuid4())), "dpo")
    assert problem_of(r, 404)["type"] == "/problems/not-found"


async def test_the_export_costs_the_same_statements_for_1_concern_as_for_5(
    api: Api, statements: StatementCounter
) -> None:
    async def child_with(concerns: int) -> str:
        child = await api.child()
        for _ in range(concerns):
            await api.concern(child_id=child["id"])
        return str(child["id"])

    one, five = await child_with(1), await child_with(5)

    async def cost(child_id: str) -> int:
        before = statements.count
        await api.ok("GET", export_url(child_id), "dpo")
        return statements.count - before

    await cost(one)  # warm-up: the first export may meet caches the others do not
    assert await cost(one) == await cost(five)
