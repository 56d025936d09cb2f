"""Conventions every endpoint shares: idempotent POSTs, body limits, problem documents."""

from typing import Any

import httpx

from tests.factories import Api


async def _count_children(api: Api, *whose: str) -> int:
    """How many children the given professionals (default: the teacher) see, together."""
    seen: set[str] = set()
    for who in whose or ("teacher",):
        page = await api.ok("GET", "/api/v1/children", who, params={"limit": 200})
        seen.update(c["id"] for c in page["items"])
    return len(seen)


async def test_same_idempotency_key_and_body_replays_the_first_answer(api: Api) -> None:
    body = api.child_body()
    headers = {"Idempotency-Key": "3f6c1d7e-first"}
    first = await api.call("POST", "/api/v1/children", json=body, headers=headers)
    again = await api.call("POST", "/api/v1/children", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Location"] == first.headers["Location"]
    assert await _count_children(api) == 1


async def test_same_key_with_another_body_is_refused(api: Api) -> None:
    headers = {"Idempotency-Key": "key-2"}
    await api.ok("POST", "/api/v1/children", json=api.child_body(), headers=headers, expect=201)
    r = await api.call(
        "POST", "/api/v1/children", json=api.child_body(given_name="Alt"), headers=headers
    )
    assert r.status_code == 422
    assert r.json()["type"] == "/problems/idempotency-key-reused"
    assert await _count_children(api) == 1


async def test_keys_belong_to_their_caller(api: Api) -> None:
    body = api.child_body()
    headers = {"Idempotency-Key": "shared-key"}
    await api.ok("POST", "/api/v1/children", "teacher", json=body, headers=headers, expect=201)
    other = api.child_body()
    await api.ok("POST", "/api/v1/children", "doctor", json=other, headers=headers, expect=201)
    assert await _count_children(api, "teacher", "doctor") == 2


async def test_a_failed_request_releases_its_key(api: Api) -> None:
    headers = {"Idempotency-Key": "retry-after-fix"}
    bad = api.child_body(idnp="123")
    assert (
        await api.call("POST", "/api/v1/children", json=bad, headers=headers)
    ).status_code == 422
    good = api.child_body()
    await api.ok("POST", "/api/v1/children", json=good, headers=headers, expect=201)


async def test_body_above_the_limit_is_413(api: Api) -> None:
    body = api.child_body(address="x" * 2_000_000)
    r = await api.call("POST", "/api/v1/children", json=body)
    assert r.status_code == 413
    assert r.json()["type"] == "/problems/payload-too-large"


async def test_malformed_json_is_a_problem_not_a_500(api: Api) -> None:
    r = await api.client.post(
        "/api/v1/children",
        content=b"{not json",
        headers={**api.headers(), "content-type": "application/json"},
    )
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"


async def test_problem_types_resolve(client: httpx.AsyncClient) -> None:
    listed = (await client.get("/problems")).json()
    codes = {p["type"] for p in listed}
    assert {
        "/problems/validation-error",
        "/problems/illegal-transition",
        "/problems/version-mismatch",
        "/problems/if-match-required",
    } <= codes
    one = await client.get("/problems/version-mismatch")
    assert one.json()["status"] == 412


async def test_request_id_is_echoed_and_in_problems(api: Api) -> None:
    r = await api.call("GET", "/api/v1/children/not-a-uuid", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    assert r.json()["request_id"] == "abc-123"
    assert r.json()["errors"][0]["parameter"] == "child_id"


async def test_events_feed_is_ordered_and_resumable(api: Api) -> None:
    await api.child()
    await api.child()
    first = await api.ok("GET", "/api/v1/events", params={"limit": 1, "type": "child.registered"})
    assert len(first["items"]) == 1
    rest = await api.ok(
        "GET", "/api/v1/events", params={"after": first["next_after"], "type": "child.registered"}
    )
    positions: list[Any] = [e["position"] for e in first["items"] + rest["items"]]
    assert len(positions) == 2
    assert positions == sorted(positions)


async def test_reference_vocabularies_in_three_languages(api: Api) -> None:
    ro = await api.ok("GET", "/api/v1/reference/indicators")
    ru = await api.ok("GET", "/api/v1/reference/indicators", params={"lang": "ru"})
    en = await api.ok(
        "GET", "/api/v1/reference/indicators", headers={"Accept-Language": "en-GB,en;q=0.9"}
    )
    assert [t["code"] for t in ro] == [
        "safe",
        "healthy",
        "achieving",
        "nurtured",
        "active",
        "respected",
        "responsible",
        "included",
    ]
    assert ro[0]["label"] == "În siguranță"
    assert ru[0]["label"] == "В безопасности"
    assert en[0]["label"] == "Safe"
    kinds = await api.ok("GET", "/api/v1/reference/organisation-kinds")
    assert {k["code"]: k["extra"]["sector"] for k in kinds}["mayoralty"] == "social_assistance"
    territories = await api.ok("GET", "/api/v1/reference/territories", params={"lang": "ru"})
    assert "Калараш" in {t["label"] for t in territories}
    localities = await api.ok("GET", "/api/v1/reference/territories/calarasi/localities")
    assert "calarasi/calarasi" in {loc["code"] for loc in localities}
    r = await api.call("GET", "/api/v1/reference/nonsense")
    assert r.status_code == 422


async def test_deadline_policy_is_data_and_admin_only(api: Api) -> None:
    rules = await api.ok("GET", "/api/v1/deadline-policy")
    cp = [
        r for r in rules if r["kind"] == "concern.decision" and r["urgency"] == "child_protection"
    ]
    assert cp[0]["amount"] == 24
    assert cp[0]["unit"] == "hours"
    url = "/api/v1/deadline-policy/concern.decision/routine"
    change = {"amount": 7, "unit": "working_days", "legal_basis": "Ordin nr. 1/2027"}
    assert (await api.call("PUT", url, "teacher", json=change)).status_code == 403
    changed = await api.ok("PUT", url, "admin", json=change)
    assert changed["amount"] == 7


async def test_organisations_are_registered_by_administrators(api: Api) -> None:
    body = {"name": "Gimnaziul Pârjolteni", "kind": "school", "territory_code": "calarasi"}
    assert (
        await api.call("POST", "/api/v1/organisations", "teacher", json=body)
    ).status_code == 403
    org = await api.ok("POST", "/api/v1/organisations", "admin", json=body, expect=201)
    assert org["sector"] == "education"
    person = {
        "organisation_id": org["id"],
        "given_name": "Olga",
        "family_name": "Cebotari",
        "email": "olga@example.md",
        "roles": ["designated_person"],
    }
    await api.ok("POST", "/api/v1/professionals", "admin", json=person, expect=201)
    again = await api.call("POST", "/api/v1/professionals", "admin", json=person)
    assert again.status_code == 409
    me = await api.ok("GET", "/api/v1/professionals/me", "teacher")
    assert me["family_name"] == "Ciobanu"
