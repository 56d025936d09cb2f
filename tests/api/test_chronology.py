"""The child's chronology (events and notes, newest first) and well-being trajectory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.domain.plans import today
from tests.factories import Api, due_in

UNKNOWN = "4f1c2a3e-9b7d-4e1a-8c55-0a2f6d1e7b90"


async def chronology(api: Api, child_id: str, **params: Any) -> dict[str, Any]:
    return dict(await api.ok("GET", f"/api/v1/children/{child_id}/chronology", params=params))


async def test_the_chronology_lists_events_and_notes_newest_first(api: Api) -> None:
    child = await api.child(given_name="Dumitru", family_name="Băieșu")
    child_id = child["id"]
    written = await api.note(child_id, "Vizită la domiciliu: bunica e internată.")
    assert written["type"] == "note.recorded"
    assert written["aggregate_type"] == "child"
    assert written["aggregate_id"] == child_id
    assert written["actor_id"] == api.world.person("teacher")
    assert written["summary"] == "Vizită la domiciliu: bunica e internată."

    concern = await api.concern(child_id=child_id, status="single_agency_plan")
    plan = await api.plan(concern_id=concern["id"])
    await api.activate_plan(plan)

    page = await chronology(api, child_id)
    assert [e["type"] for e in page["items"]] == [
        "plan.activated",
        "plan.drafted",
        "concern.decided",
        "concern.recorded",
        "note.recorded",
        "child.registered",
    ]
    assert page["next_before"] is None
    stamps = [e["occurred_at"] for e in page["items"]]
    assert stamps == sorted(stamps, reverse=True)
    assert page["items"][0]["aggregate_id"] == plan["id"]

    only_notes = await chronology(api, child_id, type="note.recorded")
    assert [e["position"] for e in only_notes["items"]] == [written["position"]]
    both = await chronology(api, child_id, type=["note.recorded", "child.registered"])
    assert [e["type"] for e in both["items"]] == ["note.recorded", "child.registered"]


async def test_the_chronology_pages_stably_while_notes_are_added(api: Api) -> None:
    child = await api.child()
    child_id = child["id"]
    for n in range(5):
        await api.note(child_id, f"Notă {n}")
    first = await chronology(api, child_id, limit=2)
    assert [e["summary"] for e in first["items"]] == ["Notă 4", "Notă 3"]
    for n in range(3):  # written while the practitioner reads on
        await api.note(child_id, f"Nouă {n}")
    seen = [e["summary"] for e in first["items"]]
    before = first["next_before"]
    while before:
        page = await chronology(api, child_id, limit=2, before=before)
        seen += [e["summary"] for e in page["items"]]
        before = page["next_before"]
    assert seen == ["Notă 4", "Notă 3", "Notă 2", "Notă 1", "Notă 0", "Child registered"]
    newest = await chronology(api, child_id, limit=1)
    assert newest["items"][0]["summary"] == "Nouă 2"


async def test_a_back_dated_note_takes_its_place_in_time(api: Api) -> None:
    child = await api.child()
    earlier = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    await api.note(child["id"], "Apel telefonic de la dirigintă", occurred_at=earlier)
    page = await chronology(api, child["id"])
    assert [e["type"] for e in page["items"]] == ["child.registered", "note.recorded"]


async def test_notes_are_checked(api: Api) -> None:
    child = await api.child()
    url = f"/api/v1/children/{child['id']}/notes"

    async def pointer(body: dict[str, Any]) -> str:
        r = await api.call("POST", url, json=body)
        assert r.status_code == 422, r.text
        return str(r.json()["errors"][0]["pointer"])

    future = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    assert await pointer({"text": "Mâine", "occurred_at": future}) == "#/occurred_at"
    assert await pointer({"text": "Fără fus orar", "occurred_at": "2026-01-05T10:00:00"}) == (
        "#/occurred_at"
    )
    assert await pointer({"text": ""}) == "#/text"
    assert await pointer({"text": "x" * 4001}) == "#/text"


async def test_a_wrong_cursor_or_child_is_refused(api: Api) -> None:
    child = await api.child()
    other = await api.child()
    foreign = await api.note(other["id"], "Alt copil")
    r = await api.call(
        "GET",
        f"/api/v1/children/{child['id']}/chronology",
        params={"before": foreign["position"]},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["parameter"] == "before"
    for method, path in (
        ("GET", "chronology"),
        ("GET", "wellbeing"),
        ("POST", "notes"),
    ):
        r = await api.call(method, f"/api/v1/children/{UNKNOWN}/{path}", json={"text": "x"})
        assert r.status_code == 404, path


async def test_the_trajectory_shows_two_reviews_in_order(api: Api) -> None:
    plan = await api.activate_plan(await api.plan())
    second = await api.review(
        plan,
        held_on=today().isoformat(),
        indicator_ratings={"safe": {"rating": 4}},
        protective_factors={"parental_resilience": {"rating": 3}},
    )
    first = await api.review(
        plan,
        held_on=due_in(-30),
        indicator_ratings={"safe": {"rating": 2}},
        protective_factors={"parental_resilience": {"rating": 1}},
    )

    trajectory = await api.ok("GET", f"/api/v1/children/{plan['child_id']}/wellbeing")
    assert list(trajectory["indicators"]) == [
        "safe",
        "healthy",
        "achieving",
        "nurtured",
        "active",
        "respected",
        "responsible",
        "included",
    ]
    assert len(trajectory["protective_factors"]) == 5
    safe = trajectory["indicators"]["safe"]
    assert [(p["recorded_on"], p["rating"], p["source_id"]) for p in safe["points"]] == [
        (due_in(-30), 2, first["id"]),
        (today().isoformat(), 4, second["id"]),
    ]
    assert {p["source_type"] for p in safe["points"]} == {"review"}
    assert safe["latest"]["rating"] == 4
    resilience = trajectory["protective_factors"]["parental_resilience"]
    assert [p["rating"] for p in resilience["points"]] == [1, 3]
    assert trajectory["indicators"]["healthy"] == {"points": [], "latest": None}


async def test_on_one_day_a_review_outranks_an_observation(api: Api) -> None:
    plan = await api.activate_plan(await api.plan())
    today_ = today().isoformat()
    review = await api.review(plan, held_on=today_, indicator_ratings={"safe": {"rating": 4}})
    # Recorded after the review, on the same day: still not the child's latest point.
    await api.observation(plan["child_id"], observed_on=today_, ratings={"safe": 1})

    trajectory = await api.ok("GET", f"/api/v1/children/{plan['child_id']}/wellbeing")
    safe = trajectory["indicators"]["safe"]
    assert [p["source_type"] for p in safe["points"]] == ["observation", "review"]
    assert safe["latest"]["source_id"] == review["id"]
    assert safe["latest"]["rating"] == 4
