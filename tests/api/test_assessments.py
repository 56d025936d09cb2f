"""Assessments over HTTP: drafting, validation, submitting, a supervisor's decision, immutability
after approval, and revisions."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from app.domain.assessments import ASSESSMENT_MACHINE, AssessmentAction, AssessmentStatus
from app.domain.cases import CaseAction
from app.persistence.tables.assessments import Assessment
from tests.conftest import Db
from tests.factories import ALL_RATED, ASSESSMENT_ACTION_BODIES, Api, at

ASSESSMENTS = "/api/v1/assessments"


# ---- drafting --------------------------------------------------------------------------------


async def test_start_an_assessment_as_a_draft(api: Api, db: Db) -> None:
    case = await api.case()
    r = await api.call(
        "POST",
        ASSESSMENTS,
        "social_worker",
        json={
            "case_id": case["id"],
            "kind": "complex",
            "resilience": {"resilience": -1, "environment": 2},
            "summary": "Evaluare complexă",
        },
    )
    assert r.status_code == 201, r.text
    draft = r.json()
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == f"{ASSESSMENTS}/{draft['id']}"
    assert (draft["status"], draft["kind"], draft["revision"]) == ("draft", "complex", 1)
    assert draft["child_id"] == case["child_id"]
    assert draft["author_id"] == api.world.person("social_worker")
    assert draft["legal_actions"] == ["submit"]
    assert draft["due_at"] is None
    assert draft["supersedes_id"] is None
    assert draft["resilience_quadrant"] == "vulnerable_protective"
    assert draft["indicator_ratings"] == {}
    assert draft["my_world_triangle"] == {}

    r = await api.call("GET", f"{ASSESSMENTS}/{draft['id']}", "supervisor")
    assert r.status_code == 200
    assert r.headers["ETag"] == '"1"'
    assert r.json() == draft
    assert await db.event_types(draft["id"]) == ["assessment.created"]


async def test_contents_are_stored_as_sent(api: Api) -> None:
    draft = await api.assessment()
    assert draft["indicator_ratings"]["safe"] == {
        "rating": 1,
        "comment": "Tatăl devine violent când consumă alcool",
    }
    assert draft["indicator_ratings"]["healthy"] == {"rating": 3}
    assert draft["my_world_triangle"]["wider_world"] == {
        "school": {"strengths": "Învățătoarea o sprijină"}
    }
    assert draft["protective_factors"]["concrete_support"] == {"rating": 2}
    assert draft["resilience_quadrant"] == "resilient_adverse"


@pytest.mark.parametrize(
    ("fields", "pointer"),
    [
        ({"indicator_ratings": {"happy": {"rating": 3}}}, "#/indicator_ratings/happy"),
        ({"indicator_ratings": {"safe": {"rating": 6}}}, "#/indicator_ratings/safe/rating"),
        ({"protective_factors": {"luck": {"rating": 3}}}, "#/protective_factors/luck"),
        (
            {"protective_factors": {"concrete_support": {"rating": 0}}},
            "#/protective_factors/concrete_support/rating",
        ),
        ({"my_world_triangle": {"wider_world": {"health": {}}}}, "#/my_world_triangle"),
        (
            {"my_world_triangle": {"wider_world": {"school": {"grades": "bune"}}}},
            "#/my_world_triangle/wider_world/school/grades",
        ),
        ({"resilience": {"resilience": 3, "environment": 0}}, "#/resilience/resilience"),
        ({"resilience": {"resilience": 0}}, "#/resilience/environment"),
        ({"kind": "annual"}, "#/kind"),
        ({"case_id": str(uuid.uuid4())}, "#/case_id"),
    ],
)
async def test_invalid_contents_point_at_the_field(
    api: Api, fields: dict[str, Any], pointer: str
) -> None:
    case = await api.case()
    body = {"case_id": case["id"], "kind": "initial", **fields}
    r = await api.call("POST", ASSESSMENTS, "social_worker", json=body)
    assert r.status_code == 422, r.text
    assert any(e["pointer"].startswith(pointer) for e in r.json()["errors"]), r.json()


async def test_a_draft_is_changed_with_if_match(api: Api, db: Db) -> None:
    draft = await api.assessment()
    url = f"{ASSESSMENTS}/{draft['id']}"
    r = await api.call("PATCH", url, "social_worker", json={"summary": "Rezumat"})
    assert r.status_code == 428
    r = await api.call(
        "PATCH",
        url,
        "social_worker",
        json={"summary": "Rezumat", "resilience": None, "parents_views": "Mama cere ajutor"},
        headers={"If-Match": '"1"'},
    )
    assert r.status_code == 200, r.text
    changed = r.json()
    assert r.headers["ETag"] == '"2"'
    assert changed["summary"] == "Rezumat"
    assert changed["parents_views"] == "Mama cere ajutor"
    assert changed["resilience"] == {}
    assert changed["resilience_quadrant"] is None
    assert changed["indicator_ratings"] == draft["indicator_ratings"]  # not sent, not changed
    r = await api.call(
        "PATCH", url, "social_worker", json={"summary": "Alt"}, headers={"If-Match": '"1"'}
    )
    assert r.status_code == 412
    r = await api.call("PATCH", url, "social_worker", json={}, headers={"If-Match": '"2"'})
    assert r.status_code == 422
    assert (await db.event_types(draft["id"]))[-1] == "assessment.updated"


# ---- submitting and deciding -----------------------------------------------------------------


async def test_submitting_needs_all_eight_indicators(api: Api) -> None:
    partial = {k: v for k, v in ALL_RATED.items() if k not in ("respected", "included")}
    draft = await api.assessment(indicator_ratings=partial)
    r = await api.act(f"{ASSESSMENTS}/{draft['id']}/submit", "social_worker", version=1)
    assert r.status_code == 422
    problem = r.json()
    assert [e["pointer"] for e in problem["errors"]] == [
        "#/indicator_ratings/respected",
        "#/indicator_ratings/included",
    ]
    assert "respected, included" in problem["detail"]
    unchanged = await api.ok("GET", f"{ASSESSMENTS}/{draft['id']}", "social_worker")
    assert unchanged["status"] == "draft"
    assert unchanged["version"] == 1


async def test_submit_opens_the_approval_deadline_and_approval_meets_it(api: Api, db: Db) -> None:
    draft = await api.assessment()
    submitted = await api.move_assessment(draft, AssessmentAction.SUBMIT)
    assert submitted["legal_actions"] == ["approve", "return"]
    assert at(submitted["due_at"]) > at(submitted["submitted_at"])
    [deadline] = await db.deadlines(draft["id"])
    assert (deadline.kind, deadline.subject_type) == ("assessment.approval", "assessment")
    assert deadline.due_at == at(submitted["due_at"])
    assert deadline.met_at is None

    r = await api.act(
        f"{ASSESSMENTS}/{draft['id']}/approve", "social_worker", version=submitted["version"]
    )
    assert r.status_code == 403
    assert r.json()["type"] == "/problems/forbidden"

    approved = await api.move_assessment(submitted, AssessmentAction.APPROVE)
    assert approved["status"] == "approved"
    assert approved["due_at"] is None
    assert approved["decided_by_id"] == api.world.person("supervisor")
    assert approved["legal_actions"] == ["revise"]
    [deadline] = await db.deadlines(draft["id"])
    assert deadline.met_at is not None

    # Approval puts the ratings on the child's well-being trajectory.
    points = await db.ratings(draft["id"])
    by_code = {(p.dimension, p.code): p.rating for p in points}
    assert len([k for k in by_code if k[0] == "indicator"]) == 8
    assert by_code[("indicator", "safe")] == 1
    assert by_code[("protective_factor", "concrete_support")] == 2
    assert {p.source_type for p in points} == {"assessment"}
    assert {str(p.child_id) for p in points} == {draft["child_id"]}
    assert await db.event_types(draft["id"]) == [
        "assessment.created",
        "assessment.submitted",
        "assessment.approved",
    ]


async def test_return_needs_a_supervisor_and_a_reason_then_edit_and_resubmit(
    api: Api, db: Db
) -> None:
    submitted = await api.assessment(status=AssessmentStatus.SUBMITTED)
    url = f"{ASSESSMENTS}/{submitted['id']}"
    version = submitted["version"]
    r = await api.act(
        f"{url}/return",
        "social_worker",
        ASSESSMENT_ACTION_BODIES[AssessmentAction.RETURN],
        version=version,
    )
    assert r.status_code == 403
    r = await api.act(f"{url}/return", "supervisor", {}, version=version)
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/reason"

    returned = await api.move_assessment(submitted, AssessmentAction.RETURN)
    assert returned["status"] == "returned"
    assert returned["due_at"] is None
    assert returned["return_reason"] == "Lipsesc opiniile copilului"
    assert returned["legal_actions"] == ["submit"]
    [deadline] = await db.deadlines(submitted["id"])
    assert deadline.met_at is not None

    edited = await api.ok(
        "PATCH",
        url,
        "social_worker",
        json={"child_views": "Mi-e frică acasă. Vreau la bunica."},
        headers={"If-Match": f'"{returned["version"]}"'},
    )
    assert edited["status"] == "returned"
    again = await api.move_assessment(edited, AssessmentAction.SUBMIT)
    assert again["status"] == "submitted"
    assert again["due_at"] is not None
    open_deadlines = await db.deadlines(submitted["id"], open_only=True)
    assert len(open_deadlines) == 1
    assert (await db.event_types(submitted["id"]))[-3:] == [
        "assessment.returned",
        "assessment.updated",
        "assessment.submitted",
    ]


@pytest.mark.parametrize(("status", "action", "target"), ASSESSMENT_MACHINE.all_pairs())
async def test_every_legal_action_over_http(
    api: Api, status: AssessmentStatus, action: AssessmentAction, target: AssessmentStatus
) -> None:
    assessment = await api.assessment(status=status)
    result = await api.move_assessment(assessment, action)
    if action is AssessmentAction.REVISE:
        assert result["status"] == "draft"
        assert result["supersedes_id"] == assessment["id"]
        kept = await api.ok("GET", f"{ASSESSMENTS}/{assessment['id']}", "social_worker")
        assert kept == assessment  # the approved one is untouched
        return
    assert result["status"] == target.value
    assert result["version"] == assessment["version"] + 1
    assert result["legal_actions"] == ASSESSMENT_MACHINE.legal_actions(target)


ILLEGAL = [
    (s, a)
    for s in AssessmentStatus
    for a in AssessmentAction
    if a.value not in ASSESSMENT_MACHINE.legal_actions(s)
]


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
async def test_every_illegal_action_is_409_with_legal_actions(
    api: Api, status: AssessmentStatus, action: AssessmentAction
) -> None:
    assessment = await api.assessment(status=status)
    url = f"{ASSESSMENTS}/{assessment['id']}/{action.value}"
    r = await api.act(
        url, "supervisor", ASSESSMENT_ACTION_BODIES.get(action), version=assessment["version"]
    )
    assert r.status_code == 409, r.text
    assert r.json()["type"] == "/problems/illegal-transition"
    assert r.json()["legal_actions"] == ASSESSMENT_MACHINE.legal_actions(status)


async def test_actions_need_a_current_if_match(api: Api) -> None:
    draft = await api.assessment()
    url = f"{ASSESSMENTS}/{draft['id']}/submit"
    r = await api.call("POST", url, "social_worker", json={})
    assert r.status_code == 428
    r = await api.act(url, "social_worker", version=5)
    assert r.status_code == 412
    assert r.json()["current_version"] == 1


# ---- immutability and revisions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (AssessmentStatus.SUBMITTED, "waiting for the supervisor"),
        (AssessmentStatus.APPROVED, "revise"),
    ],
)
async def test_submitted_and_approved_assessments_cannot_be_changed(
    api: Api, status: AssessmentStatus, says: str
) -> None:
    assessment = await api.assessment(status=status)
    r = await api.call(
        "PATCH",
        f"{ASSESSMENTS}/{assessment['id']}",
        "social_worker",
        json={"summary": "O corectură"},
        headers={"If-Match": f'"{assessment["version"]}"'},
    )
    assert r.status_code == 409
    assert says in r.json()["detail"]
    assert r.json()["legal_actions"] == ASSESSMENT_MACHINE.legal_actions(status)
    unchanged = await api.ok("GET", f"{ASSESSMENTS}/{assessment['id']}", "social_worker")
    assert unchanged == assessment


async def test_a_revision_is_a_new_draft_that_goes_through_approval(api: Api, db: Db) -> None:
    approved = await api.assessment(status=AssessmentStatus.APPROVED)
    r = await api.call("POST", f"{ASSESSMENTS}/{approved['id']}/revise", "social_worker", json={})
    assert r.status_code == 201, r.text
    revision = r.json()
    assert r.headers["Location"] == f"{ASSESSMENTS}/{revision['id']}"
    assert revision["id"] != approved["id"]
    assert (revision["status"], revision["revision"], revision["supersedes_id"]) == (
        "draft",
        2,
        approved["id"],
    )
    for copied in ("indicator_ratings", "my_world_triangle", "protective_factors", "resilience"):
        assert revision[copied] == approved[copied]
    assert revision["decided_by_id"] is None
    assert revision["submitted_at"] is None

    r = await api.call("POST", f"{ASSESSMENTS}/{approved['id']}/revise", "social_worker", json={})
    assert r.status_code == 409
    assert r.json()["existing_id"] == revision["id"]

    changed = await api.ok(
        "PATCH",
        f"{ASSESSMENTS}/{revision['id']}",
        "social_worker",
        json={"indicator_ratings": {**ALL_RATED, "safe": {"rating": 3}}},
        headers={"If-Match": '"1"'},
    )
    approved_again = await api.move_assessment(
        await api.move_assessment(changed, AssessmentAction.SUBMIT), AssessmentAction.APPROVE
    )
    assert approved_again["status"] == "approved"
    original = await api.ok("GET", f"{ASSESSMENTS}/{approved['id']}", "social_worker")
    assert original == approved
    assert await db.event_types(revision["id"]) == [
        "assessment.revised",
        "assessment.updated",
        "assessment.submitted",
        "assessment.approved",
    ]


# ---- reading ----------------------------------------------------------------------------------


async def test_list_filters_and_pages(api: Api) -> None:
    case = await api.case()
    first = await api.assessment(case)
    second = await api.move_assessment(
        await api.assessment(case, kind="complex"), AssessmentAction.SUBMIT
    )
    other = await api.assessment()

    async def ids(**params: Any) -> list[str]:
        page = await api.ok("GET", ASSESSMENTS, "supervisor", params=params)
        for item in page["items"]:
            assert {"version", "legal_actions", "due_at"} <= set(item)
        return [a["id"] for a in page["items"]]

    assert await ids(case_id=case["id"]) == [second["id"], first["id"]]
    assert await ids(child_id=other["child_id"]) == [other["id"]]
    assert await ids(status="submitted") == [second["id"]]
    assert await ids(status="draft", case_id=case["id"]) == [first["id"]]
    page = await api.ok("GET", ASSESSMENTS, "supervisor", params={"limit": 2})
    rest = await api.ok(
        "GET", ASSESSMENTS, "supervisor", params={"limit": 2, "cursor": page["next_cursor"]}
    )
    assert [a["id"] for a in page["items"] + rest["items"]] == [
        other["id"],
        second["id"],
        first["id"],
    ]
    r = await api.call("GET", ASSESSMENTS, "supervisor", params={"status": "lost"})
    assert r.status_code == 422


async def test_unknown_assessment_is_404(api: Api) -> None:
    r = await api.call("GET", f"{ASSESSMENTS}/{uuid.uuid4()}", "supervisor")
    assert r.status_code == 404


async def test_a_closed_case_takes_no_new_assessment(api: Api) -> None:
    case = await api.case()
    r = await api.act(
        f"/api/v1/cases/{case['id']}/close", "supervisor", {"reason": "family_moved"}, version=1
    )
    assert r.status_code == 200
    r = await api.call(
        "POST", ASSESSMENTS, "social_worker", json={"case_id": case["id"], "kind": "initial"}
    )
    assert r.status_code == 409


async def test_an_assessment_of_a_closed_case_is_not_submitted(api: Api) -> None:
    assessment = await api.assessment()
    case = await api.ok("GET", f"/api/v1/cases/{assessment['case_id']}", "social_worker")
    await api.move_case(case, CaseAction.CLOSE)
    url = f"{ASSESSMENTS}/{assessment['id']}/submit"
    r = await api.act(url, "social_worker", version=assessment["version"])
    assert r.status_code == 409, r.text
    assert r.json()["owner_state"] == "closed"
    assert "case is closed" in r.json()["detail"]


async def test_concurrent_revisions_of_one_assessment_let_exactly_one_win(api: Api, db: Db) -> None:
    approved = await api.assessment(status=AssessmentStatus.APPROVED)
    url = f"{ASSESSMENTS}/{approved['id']}/revise"
    results = await asyncio.gather(
        *(api.call("POST", url, "social_worker", json={}) for _ in range(3))
    )
    assert sorted(r.status_code for r in results) == [201, 409, 409], [r.text for r in results]
    revisions = await db.rows(Assessment, Assessment.supersedes_id == uuid.UUID(approved["id"]))
    assert len(revisions) == 1
