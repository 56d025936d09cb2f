"""Reviews of a plan in force: they move the review date per the policy and re-rate the child."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.domain.cases import CaseAction, CaseStage
from app.domain.plans import today
from tests.conftest import Db
from tests.factories import Api, due_in, review_body


async def test_a_review_needs_a_plan_in_force(api: Api) -> None:
    plan = await api.plan()
    r = await api.call("POST", f"/api/v1/plans/{plan['id']}/reviews", json=review_body())
    assert r.status_code == 409
    assert r.json()["type"] == "/problems/illegal-transition"
    assert r.json()["legal_actions"] == ["activate", "cancel"]


async def test_a_review_moves_the_due_date_by_the_routine_interval(api: Api, db: Db) -> None:
    plan = await api.activate_plan(await api.plan())
    held_on = today() - timedelta(days=2)
    r = await api.call(
        "POST",
        f"/api/v1/plans/{plan['id']}/reviews",
        json=review_body(held_on=held_on.isoformat()),
    )
    assert r.status_code == 201, r.text
    review = r.json()
    assert review["author_id"] == api.world.person("teacher")
    assert review["indicator_ratings"]["safe"] == {"rating": 3, "comment": "Acasă e mai liniște"}
    assert review["next_review_on"] == (held_on + timedelta(days=90)).isoformat()

    after = await api.ok("GET", f"/api/v1/plans/{plan['id']}")
    assert after["review_due_on"] == review["next_review_on"]
    assert after["version"] == plan["version"] + 1
    [deadline] = await db.deadlines(plan["id"], open_only=True)
    assert deadline.due_at == datetime.combine(
        held_on + timedelta(days=91), datetime.min.time(), tzinfo=UTC
    )
    [event] = await db.events(type="plan.reviewed")
    assert event.payload["decision"] == "continue"
    assert event.payload["review_id"] == review["id"]


async def test_a_child_protection_plan_is_reviewed_monthly(api: Api) -> None:
    case = await api.case(stage=CaseStage.IMPLEMENTATION_MONITORING)
    plan = await api.activate_plan(
        await api.plan("social_worker", case_id=case["id"]), "social_worker"
    )
    assert plan["review_due_on"] == due_in(30)
    review = await api.review(plan, "social_worker", decision="revise_plan")
    assert review["next_review_on"] == due_in(30)


async def test_the_team_may_set_the_next_review_date(api: Api) -> None:
    plan = await api.activate_plan(await api.plan())
    review = await api.review(plan, next_review_on=due_in(14), decision="close_case")
    assert review["next_review_on"] == due_in(14)
    assert (await api.ok("GET", f"/api/v1/plans/{plan['id']}"))["review_due_on"] == due_in(14)


async def test_review_fields_are_pointed_at(api: Api) -> None:
    plan = await api.activate_plan(await api.plan())
    url = f"/api/v1/plans/{plan['id']}/reviews"

    async def pointers(**overrides: Any) -> list[str]:
        r = await api.call("POST", url, json=review_body(**overrides))
        assert r.status_code == 422, r.text
        return [e["pointer"] for e in r.json()["errors"]]

    assert await pointers(indicator_ratings={"safe": {"rating": 6}}) == [
        "#/indicator_ratings/safe/rating"
    ]
    assert (await pointers(indicator_ratings={"wealthy": {"rating": 3}}))[0].startswith(
        "#/indicator_ratings/wealthy"
    )
    assert await pointers(protective_factors={"concrete_support": {"rating": 0}}) == [
        "#/protective_factors/concrete_support/rating"
    ]
    assert await pointers(held_on=due_in(2)) == ["#/held_on"]
    assert await pointers(held_on="1899-12-31") == ["#/held_on"]
    assert await pointers(next_review_on="9999-12-31") == ["#/next_review_on"]
    assert await pointers(next_review_on=today().isoformat()) == ["#/next_review_on"]
    assert await pointers(decision="archive") == ["#/decision"]


async def test_reviews_are_listed_oldest_first(api: Api) -> None:
    plan = await api.activate_plan(await api.plan())
    url = f"/api/v1/plans/{plan['id']}/reviews"
    for days_ago in (1, 20):
        held_on = (today() - timedelta(days=days_ago)).isoformat()
        await api.review(plan, held_on=held_on)
    listed = await api.ok("GET", url)
    assert [r["held_on"] for r in listed] == [due_in(-20), due_in(-1)]
    r = await api.call("GET", "/api/v1/plans/4f1c2a3e-9b7d-4e1a-8c55-0a2f6d1e7b90/reviews")
    assert r.status_code == 404


async def test_a_review_held_today_in_chisinau_is_taken_just_after_midnight(api: Api) -> None:
    """At 00:30 in Chișinău the UTC date is still yesterday; the team's today is not the future."""
    plan = await api.activate_plan(await api.plan())
    review = await api.review(plan, held_on=due_in(1))
    assert review["held_on"] == due_in(1)


async def test_a_plan_whose_case_is_closed_takes_no_review(api: Api) -> None:
    case = await api.case(stage=CaseStage.IMPLEMENTATION_MONITORING)
    plan = await api.activate_plan(
        await api.plan("social_worker", case_id=case["id"]), "social_worker"
    )
    await api.move_case(case, CaseAction.CLOSE)
    r = await api.call(
        "POST", f"/api/v1/plans/{plan['id']}/reviews", "social_worker", json=review_body()
    )
    assert r.status_code == 409, r.text
    assert r.json()["owner_state"] == "closed"
    assert "case is closed" in r.json()["detail"]
