"""Identity resolution through the canonical intake: one child whichever system names them and
however they spell it; ambiguous ones reviewed by a social worker; merges undone exactly."""

from __future__ import annotations

from typing import Any

from app.persistence.tables.children import Child
from app.persistence.tables.identity import IdentityReview
from tests.conftest import Db
from tests.factories import Api, an_idnp, problem_of

URL = "/api/v1/integrations/concerns"
REVIEWS = "/api/v1/identity-reviews"


def message(external_id: str, child: dict[str, Any]) -> dict[str, Any]:
    return {
        "external_id": external_id,
        "child": child,
        "indicators": ["healthy", "safe"],
        "description": "Vânătăi pe brațe, explicații contradictorii ale însoțitorului.",
        "observed_at": "2025-03-14T09:30:00+02:00",
        "urgency": "priority",
    }


async def push(api: Api, system: str, body: dict[str, Any], expect: int = 201) -> dict[str, Any]:
    r = await api.client.post(URL, json=body, headers=api.headers(system))
    assert r.status_code == expect, r.text
    (taken,) = r.json()["concerns"]
    return dict(taken)


async def test_a_child_named_in_cyrillic_by_the_clinic_is_the_schools_pupil(
    api: Api, db: Db
) -> None:
    pupil = {
        "idnp": an_idnp(),
        "identifier": "E-2013-000514",
        "given_name": "Maria",
        "family_name": "Ciobanu",
        "birth_date": "2013-05-14",
        "sex": "female",
        "territory_code": "calarasi",
        "locality_code": "calarasi/calarasi",
    }
    school = await push(api, "school_registry", message("SCH-1", pupil))
    assert school["match"] == "new"
    patient = {
        "identifier": "FM-20931",
        "given_name": "Мария",
        "family_name": "Чобану",
        "birth_date": "2013-05-14",
        "sex": "female",
        "locality_code": "calarasi/calarasi",
    }
    clinic = await push(api, "clinic_records", message("CLN-1", patient))
    assert clinic["match"] == "demographics"
    assert clinic["child_id"] == school["child_id"]
    assert len(await db.rows(Child)) == 1
    # The clinic's own id was linked: its next message finds the child by it at once.
    again = await push(api, "clinic_records", message("CLN-2", patient))
    assert again["match"] == "identifier"
    assert again["child_id"] == school["child_id"]
    assert await db.rows(IdentityReview) == []


async def _ambiguous(api: Api) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Ana Țurcanu at the school; «Ana Turcanu», born six days later by the clinic's record,
    in a village of the same district: maybe the same girl."""
    known = {
        "identifier": "E-2014-000301",
        "given_name": "Ana",
        "family_name": "Țurcanu",
        "birth_date": "2014-03-01",
        "sex": "female",
        "territory_code": "calarasi",
        "locality_code": "calarasi/calarasi",
    }
    school = await push(api, "school_registry", message("SCH-2", known))
    maybe = {
        "identifier": "FM-88213",
        "given_name": "Ana",
        "family_name": "Ţurcanu",
        "birth_date": "2014-03-07",
        "sex": "female",
        "territory_code": "calarasi",
        "locality_code": "calarasi/bahmut",
    }
    clinic = await push(api, "clinic_records", message("CLN-3", maybe))
    assert clinic["match"] == "review"
    assert clinic["child_id"] != school["child_id"]
    review = await api.ok("GET", f"{REVIEWS}/{clinic['review_id']}", "social_worker")
    return school, clinic, review


async def test_an_ambiguous_child_gets_one_review_for_the_territory(api: Api, db: Db) -> None:
    school, clinic, review = await _ambiguous(api)
    assert review["child_id"] == clinic["child_id"]
    assert review["candidate_id"] == school["child_id"]
    assert 0.75 <= review["score"] < 0.92
    assert review["reasons"]["birth_date"] == "one_digit"
    assert review["legal_actions"] == ["decide"]
    listed = await api.ok("GET", REVIEWS, "social_worker")
    assert [r["id"] for r in listed["items"]] == [review["id"]]
    # Another district's social worker does not see it; a teacher may not ask.
    assert (await api.ok("GET", REVIEWS, "ungheni_worker"))["items"] == []
    r = await api.call("GET", f"{REVIEWS}/{review['id']}", "ungheni_worker")
    assert r.status_code == 404
    assert (await api.call("GET", REVIEWS, "teacher")).status_code == 403
    # The same message again creates nothing.
    resent = await push(api, "clinic_records", message("CLN-3", {"identifier": "FM-88213"}), 200)
    assert resent["replayed"]
    assert len(await db.rows(IdentityReview)) == 1
    assert len(await db.rows(Child)) == 2


async def test_same_merges_and_revert_puts_back_exactly(api: Api, db: Db) -> None:
    school, clinic, review = await _ambiguous(api)
    survivor, merged = school["child_id"], clinic["child_id"]
    r = await api.act(
        f"{REVIEWS}/{review['id']}/decide", "social_worker", {"decision": "same"}, version=1
    )
    assert r.status_code == 200, r.text
    decided = r.json()
    assert decided["status"] == "same"
    assert decided["legal_actions"] == []
    # Both concerns are now the survivor's; the merged record says where it went.
    for who, taken in (("teacher", school), ("doctor", clinic)):
        concern = await api.ok("GET", f"/api/v1/concerns/{taken['concern_id']}", who)
        assert concern["child_id"] == survivor
    gone = problem_of(await api.call("GET", f"/api/v1/children/{merged}", "social_worker"), 404)
    assert gone["merged_into"] == survivor
    (merge,) = await api.ok("GET", f"/api/v1/children/{survivor}/merges", "social_worker")
    assert merge["id"] == decided["merge_id"]
    assert merge["moved"]["concerns"] == [clinic["concern_id"]]
    assert len(merge["moved"]["child_identifiers"]) == 1
    assert "child.merged" in await db.event_types(survivor)
    # The clinic's next message finds the survivor by its linked identifier.
    later = await push(api, "clinic_records", message("CLN-4", {"identifier": "FM-88213"}))
    assert later["child_id"] == survivor

    reverted = await api.ok("POST", f"/api/v1/child-merges/{merge['id']}/revert", "social_worker")
    assert reverted["reverted_at"] is not None
    concern = await api.ok("GET", f"/api/v1/concerns/{clinic['concern_id']}", "doctor")
    assert concern["child_id"] == merged
    # What was recorded for the survivor after the merge stays with it.
    concern = await api.ok("GET", f"/api/v1/concerns/{later['concern_id']}", "doctor")
    assert concern["child_id"] == survivor
    child = await api.ok("GET", f"/api/v1/children/{merged}", "social_worker")
    assert child["id"] == merged
    assert "child.merge_reverted" in await db.event_types(survivor)
    again = await api.call("POST", f"/api/v1/child-merges/{merge['id']}/revert", "social_worker")
    problem_of(again, 409)
    # The question is open again.
    reopened = await api.ok("GET", f"{REVIEWS}/{review['id']}", "social_worker")
    assert reopened["status"] == "open"


async def test_different_closes_the_review(api: Api) -> None:
    _school, clinic, review = await _ambiguous(api)
    url = f"{REVIEWS}/{review['id']}/decide"
    r = await api.act(url, "social_worker", {"decision": "different"}, version=1)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "different"
    assert (await api.ok("GET", REVIEWS, "social_worker"))["items"] == []
    closed = await api.ok("GET", REVIEWS, "social_worker", params={"status": "different"})
    assert [x["id"] for x in closed["items"]] == [review["id"]]
    await api.ok("GET", f"/api/v1/children/{clinic['child_id']}", "social_worker")
    problem_of(await api.act(url, "social_worker", {"decision": "same"}, version=2), 409)


async def test_two_children_with_different_idnps_are_never_merged(api: Api) -> None:
    school, clinic, review = await _ambiguous(api)
    for child_id in (school["child_id"], clinic["child_id"]):
        current = await api.call("GET", f"/api/v1/children/{child_id}", "social_worker")
        r = await api.call(
            "PATCH",
            f"/api/v1/children/{child_id}",
            "social_worker",
            json={"idnp": an_idnp()},
            headers={"If-Match": current.headers["ETag"]},
        )
        assert r.status_code == 200, r.text
    r = await api.act(
        f"{REVIEWS}/{review['id']}/decide", "social_worker", {"decision": "same"}, version=1
    )
    assert "IDNP" in problem_of(r, 409)["detail"]
