"""Webhook subscriptions over HTTP: each sector system manages its own, the administrator reads
them all, private addresses are refused, and a rotated secret signs beside the new one."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from tests.factories import Api, problem_of

pytestmark = pytest.mark.db

URL = "https://185.108.182.10/girfec/webhooks"
"""A public address written as such: the check resolves nothing over the network."""


async def subscribe(api: Api, who: str = "school_registry", **body: Any) -> dict[str, Any]:
    sent = {"url": URL, "description": "Registrul școlar Călărași", **body}
    return dict(await api.ok("POST", "/api/v1/webhooks", who, json=sent, expect=201))


async def test_a_system_subscribes_and_sees_the_secret_once(api: Api) -> None:
    r = await api.call(
        "POST",
        "/api/v1/webhooks",
        "school_registry",
        json={"url": URL, "event_types": ["referral.accepted", "case.closed"]},
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["secret"].startswith("whsec_")
    assert r.headers["Location"] == f"/api/v1/webhooks/{created['id']}"
    assert r.headers["ETag"] == '"1"'
    assert created["client_id"] == "school-registry"
    assert created["event_types"] == ["case.closed", "referral.accepted"]
    assert created["enabled"] is True

    read = await api.ok("GET", f"/api/v1/webhooks/{created['id']}", "school_registry")
    assert "secret" not in read
    listed = await api.ok("GET", "/api/v1/webhooks", "school_registry")
    assert [s["id"] for s in listed["items"]] == [created["id"]]


async def test_unknown_event_types_are_refused(api: Api) -> None:
    r = await api.call(
        "POST",
        "/api/v1/webhooks",
        "school_registry",
        json={"url": URL, "event_types": ["concern.description_changed"]},
    )
    problem = problem_of(r, 422)
    assert problem["errors"][0]["pointer"] == "#/event_types"


async def test_one_system_cannot_see_or_change_anothers_subscription(api: Api) -> None:
    mine = await subscribe(api, "school_registry")
    theirs = await subscribe(api, "clinic_records", url="https://185.108.182.11/hooks")
    url = f"/api/v1/webhooks/{mine['id']}"

    listed = await api.ok("GET", "/api/v1/webhooks", "clinic_records")
    assert [s["id"] for s in listed["items"]] == [theirs["id"]]
    assert (await api.call("GET", url, "clinic_records")).status_code == 404
    assert (await api.call("GET", f"{url}/deliveries", "clinic_records")).status_code == 404
    stale = {"If-Match": '"1"'}
    r = await api.call("PATCH", url, "clinic_records", json={"enabled": False}, headers=stale)
    assert r.status_code == 404
    assert (await api.call("DELETE", url, "clinic_records", headers=stale)).status_code == 404
    r = await api.call("POST", f"{url}/rotate-secret", "clinic_records", headers=stale)
    assert r.status_code == 404

    everything = await api.ok("GET", "/api/v1/webhooks", "admin")
    assert {s["id"] for s in everything["items"]} == {mine["id"], theirs["id"]}
    assert (await api.ok("GET", url, "admin"))["client_id"] == "school-registry"
    assert (await api.call("GET", url, "teacher")).status_code == 403
    r = await api.call("PATCH", url, "admin", json={"enabled": False}, headers=stale)
    assert r.status_code == 403


async def test_change_and_delete_need_the_current_version(api: Api) -> None:
    created = await subscribe(api)
    url = f"/api/v1/webhooks/{created['id']}"
    assert (await api.call("PATCH", url, "school_registry", json={})).status_code == 428
    r = await api.call(
        "PATCH", url, "school_registry", json={"enabled": False}, headers={"If-Match": '"1"'}
    )
    assert r.status_code == 200, r.text
    assert r.json()["enabled"] is False
    assert r.json()["disabled_reason"] == "Disabled by the client."
    assert r.headers["ETag"] == '"2"'
    r = await api.call(
        "PATCH", url, "school_registry", json={"enabled": True}, headers={"If-Match": '"2"'}
    )
    assert (r.json()["enabled"], r.json()["disabled_reason"]) == (True, None)
    gone = await api.call("DELETE", url, "school_registry", headers={"If-Match": '"1"'})
    assert gone.status_code == 412
    gone = await api.call("DELETE", url, "school_registry", headers={"If-Match": '"3"'})
    assert gone.status_code == 204
    assert (await api.call("GET", url, "school_registry")).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hooks",
        "https://localhost/hooks",
        "https://10.1.2.3/hooks",
        "https://192.168.0.10/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://224.0.0.1/hooks",
        "https://0.0.0.0/hooks",
        "https://240.0.0.1/hooks",
        "https://[::1]/hooks",
        "https://[fe80::1]/hooks",
        "https://[fd00::1]/hooks",
        "https://[::ffff:10.0.0.1]/hooks",
        "http://185.108.182.10/hooks",
        "https://no-such-host.invalid/hooks",
    ],
)
async def test_private_and_unreachable_addresses_are_refused(api: Api, url: str) -> None:
    r = await api.call("POST", "/api/v1/webhooks", "school_registry", json={"url": url})
    problem = problem_of(r, 422)
    assert problem["errors"][0]["pointer"] == "#/url"


async def test_private_addresses_may_be_allowed_for_development(
    api: Api, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.state.settings, "webhook_allow_private_urls", True)
    created = await subscribe(api, url="http://127.0.0.1:9/hooks")
    assert created["url"] == "http://127.0.0.1:9/hooks"


async def test_a_changed_url_is_checked_again(api: Api) -> None:
    created = await subscribe(api)
    r = await api.call(
        "PATCH",
        f"/api/v1/webhooks/{created['id']}",
        "school_registry",
        json={"url": "https://10.0.0.7/hooks"},
        headers={"If-Match": '"1"'},
    )
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/url"


async def test_rotation_gives_a_new_secret_and_keeps_the_old_one_signing_for_a_while(
    api: Api,
) -> None:
    created = await subscribe(api)
    r = await api.call(
        "POST",
        f"/api/v1/webhooks/{created['id']}/rotate-secret",
        "school_registry",
        headers={"If-Match": '"1"'},
    )
    assert r.status_code == 200, r.text
    rotated = r.json()
    assert rotated["secret"] != created["secret"]
    assert rotated["previous_secret_expires_at"] is not None
    assert rotated["version"] == 2


async def test_professionals_other_than_administrators_cannot_manage_webhooks(api: Api) -> None:
    r = await api.call("POST", "/api/v1/webhooks", "teacher", json={"url": URL})
    assert problem_of(r, 403)["type"] == "/problems/forbidden"
    assert (await api.call("GET", "/api/v1/webhooks", "social_worker")).status_code == 403
