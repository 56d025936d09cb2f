"""The status feed: a sector system reads exactly the status events of the concerns it sent (and
of the actions asked of its organisation), in order, thin, and pages through them by cursor."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.domain.cases import CaseAction
from tests.factories import Api, problem_of

pytestmark = pytest.mark.db

FEED = "/api/v1/status-events"


async def feed(api: Api, who: str, **params: Any) -> dict[str, Any]:
    return dict(await api.ok("GET", FEED, who, params=params))


async def accepted_case(api: Api, who: str = "school_registry") -> tuple[dict[str, Any], ...]:
    """A concern sent by `who`, referred by it to the mayoralty and accepted into a case."""
    concern = await api.concern(who)
    referral = await api.referral(who, concern=concern)
    lead = {"lead_professional_id": api.world.person("social_worker")}
    r = await api.act(
        f"/api/v1/referrals/{referral['id']}/accept", "social_worker", lead, version=1
    )
    assert r.status_code == 200, r.text
    case = await api.ok("GET", f"/api/v1/cases/{r.json()['case_id']}", "social_worker")
    return concern, referral, case


async def test_the_sender_follows_its_concern_through_referral_and_case(api: Api) -> None:
    concern, referral, case = await accepted_case(api)
    case = await api.move_case(case, CaseAction.START_PLANNING)
    await api.move_case(case, CaseAction.CLOSE, reason="objectives_achieved", note="Bine.")

    page = await feed(api, "school_registry")
    types = [e["type"] for e in page["items"]]
    assert types == [
        "concern.received",
        "referral.received",
        "case.opened",
        "referral.accepted",
        "case.stage_changed",
        "case.closed",
    ]
    by_type = {e["type"]: e["data"] for e in page["items"]}
    assert by_type["concern.received"]["concern_id"] == concern["id"]
    assert by_type["referral.received"]["concern_id"] == concern["id"]
    assert by_type["referral.accepted"] == {
        "child_id": concern["child_id"],
        "occurred_at": by_type["referral.accepted"]["occurred_at"],
        "referral_id": referral["id"],
        "status": "accepted",
        "case_id": case["id"],
    }
    assert by_type["case.stage_changed"]["stage"] == "planning"
    assert by_type["case.closed"]["closure_reason"] == "objectives_achieved"
    assert page["next"] == page["items"][-1]["position"]
    assert all(e["webhook_id"] == "msg_" + e["id"].replace("-", "") for e in page["items"])

    # Nobody else hears of it: not the other system, not the professionals' institutions.
    assert (await feed(api, "clinic_records"))["items"] == []


async def test_payloads_are_thin(api: Api) -> None:
    concern, _, case = await accepted_case(api)
    await api.move_case(
        case, CaseAction.CLOSE, reason="objectives_achieved", note="Tatăl a urmat tratament."
    )
    text = json.dumps((await feed(api, "school_registry"))["items"], ensure_ascii=False)
    for secret in (
        concern["description"],
        concern["child_words"],
        "Tatăl a urmat tratament",
        "Rusu",
        "Ana",
        "description",
        "note",
        "child_words",
        "legal_basis",
    ):
        assert secret not in text


async def test_a_professionals_concern_is_told_to_no_system(api: Api) -> None:
    await accepted_case(api, who="teacher")
    assert (await feed(api, "school_registry"))["items"] == []
    assert (await feed(api, "clinic_records"))["items"] == []


async def test_a_decline_tells_the_reason_and_nothing_else(api: Api) -> None:
    referral = await api.referral("school_registry")
    reason = {"reason": "Nu este nevoie de intervenție intersectorială."}
    r = await api.act(
        f"/api/v1/referrals/{referral['id']}/decline", "social_worker", reason, version=1
    )
    assert r.status_code == 200, r.text
    [declined] = [
        e for e in (await feed(api, "school_registry"))["items"] if "declined" in e["type"]
    ]
    assert declined["data"]["reason"] == reason["reason"]
    assert declined["data"]["status"] == "declined"


async def test_an_action_is_told_to_the_systems_of_the_organisation_it_is_asked_of(
    api: Api,
) -> None:
    _, _, case = await accepted_case(api, who="teacher")
    await api.move_case(case, CaseAction.START_PLANNING)
    plan = await api.plan("social_worker", case_id=case["id"], actions=[api.action_body()])
    [action] = plan["actions"]
    [event] = (await feed(api, "clinic_records"))["items"]
    assert event["type"] == "action.assigned"
    assert event["data"]["action_id"] == action["id"]
    assert event["data"]["responsible_organisation_id"] == api.world.org("clinic")
    assert "Consiliere" not in json.dumps(event, ensure_ascii=False)
    assert (await feed(api, "school_registry"))["items"] == []


async def test_the_cursor_pages_through_the_feed(api: Api) -> None:
    for _ in range(3):
        await api.concern("school_registry")
    first = await feed(api, "school_registry", limit=2)
    assert len(first["items"]) == 2
    rest = await feed(api, "school_registry", after=first["next"], limit=2)
    assert len(rest["items"]) == 1
    assert int(rest["items"][0]["position"]) > int(first["next"])
    done = await feed(api, "school_registry", after=rest["next"])
    assert done == {"items": [], "next": rest["next"]}
    ids = [e["id"] for e in first["items"] + rest["items"]]
    assert len(set(ids)) == 3


async def test_the_feed_is_for_systems(api: Api) -> None:
    assert (await api.call("GET", FEED, "admin")).status_code == 403
    r = await api.call("GET", FEED, "school_registry", params={"after": "abc"})
    problem_of(r, 422)
