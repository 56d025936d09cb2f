"""The administration API: an administrator registers and revokes clients, rotates secrets and
signing keys, sets professionals' roles and (de)activates them; nobody else may."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from authlib.integrations.base_client import OAuthError
from fastapi import FastAPI

from app.api.route_policy import ADMIN, ROUTES
from app.auth.tokens import issue_access_token
from app.domain.deadlines import utcnow
from app.domain.events import named_aggregate_id
from app.persistence.tables.oauth import OAuthRefreshToken
from app.persistence.uow import UnitOfWork
from tests.auth.conftest import TOKEN_URL, oauth_client
from tests.conftest import Db
from tests.factories import SYSTEM_KEY, TEST_APP, Api, problem_of

pytestmark = pytest.mark.db

ADMIN_URL = "/api/v1/admin"


def _system(api: Api, client_id: str = "sime-calarasi") -> dict[str, Any]:
    return {
        "client_id": client_id,
        "name": "SIME — registrul școlar Călărași",
        "kind": "system",
        "organisation_id": api.world.org("school"),
    }


async def _register(api: Api, client_id: str = "sime-calarasi") -> str:
    created = await api.ok(
        "POST", f"{ADMIN_URL}/clients", "admin", json=_system(api, client_id), expect=201
    )
    assert created["client_secret"]
    return str(created["client_secret"])


async def _token(app: FastAPI, client_id: str, secret: str) -> str:
    async with oauth_client(app, client_id, secret) as oauth:
        token = await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials")
    return str(token["access_token"])


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_registered_system_gets_a_token_and_calls_the_api(
    api: Api, app: FastAPI, db: Db
) -> None:
    r = await api.call("POST", f"{ADMIN_URL}/clients", "admin", json=_system(api))
    assert r.status_code == 201, r.text
    assert r.headers["Location"] == f"{ADMIN_URL}/clients/sime-calarasi"
    created = r.json()
    assert created["token_endpoint_auth_method"] == "client_secret_basic"
    secret = created["client_secret"]

    # The secret is shown once: never again, not in the client's page nor in the list.
    shown = await api.ok("GET", f"{ADMIN_URL}/clients/sime-calarasi", "admin")
    assert "client_secret" not in shown
    assert shown["organisation_id"] == api.world.org("school")
    listed = await api.ok("GET", f"{ADMIN_URL}/clients", "admin")
    assert "sime-calarasi" in [c["client_id"] for c in listed]
    assert all("client_secret" not in c and "secret_hash" not in c for c in listed)

    token = await _token(app, "sime-calarasi", secret)
    r = await api.client.get("/api/v1/children", headers=_bearer(token))
    assert r.status_code == 200, r.text

    [event] = await db.events(aggregate_id=str(named_aggregate_id("oauth_client", "sime-calarasi")))
    assert event.type == "oauth_client.registered"
    assert event.actor_id == api.world.people["admin"]
    assert event.child_id is None
    assert event.payload == {"client_id": "sime-calarasi"}
    assert secret not in str(event.payload) + event.summary


async def test_an_idempotency_key_never_stores_a_client_secret(api: Api) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = _system(api)
    first = await api.call("POST", f"{ADMIN_URL}/clients", "admin", json=body, headers=key)
    assert first.status_code == 201
    again = await api.call("POST", f"{ADMIN_URL}/clients", "admin", json=body, headers=key)
    assert problem_of(again, 409)["type"] == "/problems/conflict"


async def test_rotating_a_secret_refuses_the_old_one(api: Api, app: FastAPI, db: Db) -> None:
    old = await _register(api)
    r = await api.call("POST", f"{ADMIN_URL}/clients/sime-calarasi/rotate-secret", "admin")
    assert r.status_code == 200, r.text
    new = r.json()["client_secret"]
    assert new != old
    with pytest.raises(OAuthError) as refused:
        await _token(app, "sime-calarasi", old)
    assert refused.value.error == "invalid_client"
    token = await _token(app, "sime-calarasi", new)
    assert (await api.client.get("/api/v1/children", headers=_bearer(token))).status_code == 200
    assert [e.actor_id for e in await db.events(type="oauth_client.secret_rotated")] == [
        api.world.people["admin"]
    ]


async def test_revoking_a_client_ends_its_tokens_at_once(api: Api, app: FastAPI) -> None:
    secret = await _register(api)
    token = await _token(app, "sime-calarasi", secret)
    revoked = await api.ok("POST", f"{ADMIN_URL}/clients/sime-calarasi/revoke", "admin")
    assert revoked["active"] is False
    assert revoked["revoked_at"]
    r = await api.client.get("/api/v1/children", headers=_bearer(token))
    assert problem_of(r, 401)["type"] == "/problems/unauthenticated"
    with pytest.raises(OAuthError) as refused:
        await _token(app, "sime-calarasi", secret)
    assert refused.value.error == "invalid_client"


async def test_replacing_a_client_s_keys_drops_its_secret(api: Api) -> None:
    await _register(api)
    body = {"jwks": {"keys": [SYSTEM_KEY.as_dict(private=False)]}}
    url = f"{ADMIN_URL}/clients/sime-calarasi/keys"
    shown = await api.ok("PUT", url, "admin", json=body)
    assert shown["token_endpoint_auth_method"] == "private_key_jwt"
    assert shown["jwks"]["keys"][0]["kid"] == "test-systems"
    r = await api.call("POST", f"{ADMIN_URL}/clients/sime-calarasi/rotate-secret", "admin")
    assert problem_of(r, 409)["type"] == "/problems/conflict"
    private = {"jwks": {"keys": [SYSTEM_KEY.as_dict(private=True)]}}
    r = await api.call("PUT", url, "admin", json=private)
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/jwks"
    r = await api.call("PUT", url, "admin", json={**body, "jwks_uri": "https://sime.md/jwks"})
    problem_of(r, 422)


async def test_rotating_the_signing_key_publishes_it_and_keeps_old_tokens_valid(
    api: Api, db: Db
) -> None:
    before = await api.ok("GET", f"{ADMIN_URL}/signing-keys", "admin")
    [old] = [k for k in before if k["status"] == "active"]
    new = await api.ok("POST", f"{ADMIN_URL}/signing-keys/rotate", "admin")
    assert new["status"] == "active"
    assert new["kid"] != old["kid"]
    published = (await api.client.get("/.well-known/jwks.json")).json()
    assert {new["kid"], old["kid"]} <= {k["kid"] for k in published["keys"]}
    # A token signed by the old key still works, and a fresh one is signed by the new key.
    await api.ok("GET", "/api/v1/professionals/me", "teacher")
    statuses = {
        k["kid"]: k["status"] for k in await api.ok("GET", f"{ADMIN_URL}/signing-keys", "admin")
    }
    assert statuses[old["kid"]] == "retiring"
    # Too early to retire the old key, unless it leaked.
    url = f"{ADMIN_URL}/signing-keys/{old['kid']}/retire"
    assert problem_of(await api.call("POST", url, "admin"), 409)["type"] == "/problems/conflict"
    retired = await api.ok("POST", url, "admin", params={"force": "true"})
    assert retired["status"] == "retired"
    r = await api.call("GET", "/api/v1/professionals/me", "teacher")
    assert problem_of(r, 401)["type"] == "/problems/unauthenticated"
    events = await db.events()
    kinds = [(e.type, e.child_id, e.actor_id) for e in events if e.type.startswith("signing_key")]
    admin = api.world.people["admin"]
    assert kinds == [("signing_key.rotated", None, admin), ("signing_key.retired", None, admin)]


async def test_roles_set_take_effect_on_the_next_call(api: Api, db: Db) -> None:
    openings = "/api/v1/break-glass-openings"
    assert problem_of(await api.call("GET", openings, "teacher"), 403)
    teacher = await api.ok("GET", f"/api/v1/professionals/{api.world.person('teacher')}")
    url = f"{ADMIN_URL}/professionals/{api.world.person('teacher')}/roles"
    body = {"roles": ["teacher", "data_protection_officer", "teacher"]}
    assert (await api.call("PUT", url, "admin", json=body)).status_code == 428
    stale = {"If-Match": f'"{teacher["version"] + 5}"'}
    assert (await api.call("PUT", url, "admin", json=body, headers=stale)).status_code == 412
    headers = {"If-Match": f'"{teacher["version"]}"'}
    r = await api.call("PUT", url, "admin", json=body, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["roles"] == ["teacher", "data_protection_officer"]
    assert r.headers["ETag"] == f'"{teacher["version"] + 1}"'
    await api.ok("GET", openings, "teacher")  # the same token, the new role

    # And a role taken away is gone at once.
    dpo = await api.ok("GET", f"/api/v1/professionals/{api.world.person('dpo')}")
    url = f"{ADMIN_URL}/professionals/{api.world.person('dpo')}/roles"
    headers = {"If-Match": f'"{dpo["version"]}"'}
    await api.ok("PUT", url, "admin", json={"roles": ["teacher"]}, headers=headers)
    assert problem_of(await api.call("GET", openings, "dpo"), 403)["detail"] == (
        "This needs one of these roles: data_protection_officer."
    )
    [event, _] = await db.events(type="professional.roles_set")
    assert event.actor_id == api.world.people["admin"]
    assert event.payload["roles"] == ["teacher", "data_protection_officer"]


async def test_an_empty_role_list_is_refused(api: Api) -> None:
    url = f"{ADMIN_URL}/professionals/{api.world.person('teacher')}/roles"
    r = await api.call("PUT", url, "admin", json={"roles": []}, headers={"If-Match": '"1"'})
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/roles"


async def test_an_administrator_cannot_remove_their_own_administration(api: Api) -> None:
    me = await api.ok("GET", "/api/v1/professionals/me", "admin")
    headers = {"If-Match": f'"{me["version"]}"'}
    url = f"{ADMIN_URL}/professionals/{me['id']}"
    r = await api.call(
        "PUT", f"{url}/roles", "admin", json={"roles": ["supervisor"]}, headers=headers
    )
    assert problem_of(r, 409)["type"] == "/problems/conflict"
    r = await api.call("POST", f"{url}/deactivate", "admin", headers=headers)
    assert problem_of(r, 409)["type"] == "/problems/conflict"
    # Adding a role beside administrator is fine.
    body = {"roles": ["administrator", "supervisor"]}
    await api.ok("PUT", f"{url}/roles", "admin", json=body, headers=headers)


async def test_deactivation_refuses_tokens_and_revokes_refresh_tokens(
    api: Api, app: FastAPI, db: Db
) -> None:
    officer = api.world.people["officer"]
    async with UnitOfWork(app.state.session_factory) as uow:
        uow.session.add(
            OAuthRefreshToken(
                token_hash="a" * 64,
                family_id=uuid.uuid4(),
                client_id=TEST_APP,
                professional_id=officer,
                scope="cases:read",
                expires_at=utcnow() + timedelta(hours=8),
            )
        )
        await uow.commit()
    shown = await api.ok("GET", "/api/v1/professionals/me", "officer")
    url = f"{ADMIN_URL}/professionals/{officer}"
    r = await api.act(f"{url}/deactivate", "admin", version=shown["version"])
    assert r.status_code == 200, r.text
    assert r.json()["active"] is False
    r = await api.call("GET", "/api/v1/professionals/me", "officer")
    assert problem_of(r, 401)["type"] == "/problems/unauthenticated"
    [refresh] = await db.rows(OAuthRefreshToken)
    assert refresh.revoked_at is not None

    r = await api.act(f"{url}/activate", "admin", version=shown["version"] + 1)
    assert r.status_code == 200, r.text
    async with UnitOfWork(app.state.session_factory) as uow:
        fresh = await issue_access_token(
            uow, client_id=TEST_APP, scopes=["directory:read"], professional_id=officer
        )
    r = await api.client.get("/api/v1/professionals/me", headers=_bearer(fresh))
    assert r.status_code == 200, r.text
    types = [e.type for e in await db.events(aggregate_id=str(officer))]
    assert types[-2:] == ["professional.deactivated", "professional.activated"]


ADMIN_ROUTES = sorted((m, p) for (m, p), rule in ROUTES.items() if "/admin/" in p)


def test_every_admin_route_needs_the_admin_scope_and_role() -> None:
    # Clients (5), signing keys (3), professionals (4), organisations' sector ids (3).
    assert len(ADMIN_ROUTES) == 15
    assert all(ROUTES[route] is ADMIN for route in ADMIN_ROUTES)


@pytest.mark.parametrize("who", ["teacher", "dpo", "school_registry"])
async def test_nobody_but_an_administrator_may_administer(api: Api, who: str) -> None:
    for method, path in ADMIN_ROUTES:
        url = re.sub(r"\{professional_id\}", api.world.person("teacher"), path)
        url = re.sub(r"\{[a-z_]+\}", "sime-calarasi", url)
        r = await api.call(method, url, who, json={}, headers={"If-Match": '"1"'})
        assert problem_of(r, 403)["type"] == "/problems/forbidden", (method, url)
