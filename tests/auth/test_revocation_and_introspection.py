"""POST /oauth/revoke (RFC 7009) and POST /oauth/introspect (RFC 7662)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from app.auth.bearer import InvalidToken, verify_bearer
from app.auth.digests import digest, new_secret
from app.domain.deadlines import utcnow
from app.persistence.tables.oauth import OAuthRefreshToken
from app.persistence.uow import UnitOfWork
from tests.auth.conftest import TOKEN_URL, Clients, oauth_client
from tests.conftest import Db
from tests.factories import World

pytestmark = pytest.mark.db

INTROSPECT_URL = "http://127.0.0.1:8000/oauth/introspect"
REVOKE_URL = "http://127.0.0.1:8000/oauth/revoke"


async def _token(http: httpx.AsyncClient, client_id: str, secret: str) -> str:
    r = await http.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


async def _verifies(app: FastAPI, token: str) -> bool:
    async with UnitOfWork(app.state.session_factory) as uow:
        try:
            await verify_bearer(token, uow.session, app.state.settings)
        except InvalidToken:
            return False
        return True


async def test_introspection_is_active_then_inactive_after_revocation(
    app: FastAPI, clients: Clients
) -> None:
    secret = await clients.with_secret()
    async with oauth_client(app, "sime-calarasi", secret) as oauth:
        token = await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials")
        access_token = token["access_token"]

        seen = (await oauth.introspect_token(INTROSPECT_URL, token=access_token)).json()
        assert seen["active"] is True
        assert seen["client_id"] == seen["sub"] == "sime-calarasi"
        assert seen["aud"] == "girfec-api"
        assert seen["principal"] == "system"
        assert seen["exp"] > seen["iat"]
        assert await _verifies(app, access_token)

        revoked = await oauth.revoke_token(
            REVOKE_URL, token=access_token, token_type_hint="access_token"
        )
        assert revoked.status_code == 200
        assert revoked.headers["cache-control"] == "no-store"

        after = (await oauth.introspect_token(INTROSPECT_URL, token=access_token)).json()
    assert after == {"active": False}
    assert not await _verifies(app, access_token)


async def test_revoking_one_token_leaves_the_others(
    app: FastAPI, http: httpx.AsyncClient, clients: Clients
) -> None:
    secret = await clients.with_secret()
    first, second = (
        await _token(http, "sime-calarasi", secret),
        await _token(http, "sime-calarasi", secret),
    )
    r = await http.post("/oauth/revoke", data={"token": first}, auth=("sime-calarasi", secret))
    assert r.status_code == 200
    assert r.json() == {}
    assert not await _verifies(app, first)
    assert await _verifies(app, second)


async def test_revoking_twice_or_an_unknown_token_is_still_200(
    http: httpx.AsyncClient, clients: Clients
) -> None:
    secret = await clients.with_secret()
    token = await _token(http, "sime-calarasi", secret)
    for value in (token, token, "not-a-token-at-all"):
        r = await http.post("/oauth/revoke", data={"token": value}, auth=("sime-calarasi", secret))
        assert r.status_code == 200, r.text


async def test_a_client_cannot_revoke_another_client_s_token(
    app: FastAPI, http: httpx.AsyncClient, clients: Clients
) -> None:
    school = await clients.with_secret("sime-calarasi")
    police = await clients.with_secret("sipol-calarasi", name="Registrul Poliției Călărași")
    token = await _token(http, "sime-calarasi", school)
    r = await http.post("/oauth/revoke", data={"token": token}, auth=("sipol-calarasi", police))
    assert r.status_code == 400
    assert r.json()["error"] == "invalid_grant"
    assert await _verifies(app, token)


async def test_revocation_needs_client_authentication(
    app: FastAPI, http: httpx.AsyncClient, clients: Clients
) -> None:
    secret = await clients.with_secret()
    token = await _token(http, "sime-calarasi", secret)
    r = await http.post("/oauth/revoke", data={"token": token}, auth=("sime-calarasi", "wrong"))
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_client"
    assert await _verifies(app, token)


async def test_another_client_s_token_introspects_as_inactive(
    http: httpx.AsyncClient, clients: Clients
) -> None:
    school = await clients.with_secret("sime-calarasi")
    police = await clients.with_secret("sipol-calarasi", name="Registrul Poliției Călărași")
    token = await _token(http, "sime-calarasi", school)
    r = await http.post("/oauth/introspect", data={"token": token}, auth=("sipol-calarasi", police))
    assert r.status_code == 200
    assert r.json() == {"active": False}


async def test_introspection_needs_client_authentication(
    http: httpx.AsyncClient, clients: Clients
) -> None:
    secret = await clients.with_secret()
    token = await _token(http, "sime-calarasi", secret)
    r = await http.post("/oauth/introspect", data={"token": token})
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_client"


async def _sign_in_client(clients: Clients, client_id: str) -> str:
    registered = await clients.register(
        client_id=client_id,
        kind="confidential",
        name="Portalul specialiștilor",
        redirect_uris=[f"http://127.0.0.1:8000/{client_id}/callback"],
    )
    assert registered.secret is not None
    return registered.secret


async def test_revoking_a_refresh_token_revokes_its_family(
    app: FastAPI, http: httpx.AsyncClient, clients: Clients, world: World, db: Db
) -> None:
    """Refresh tokens are issued by the sign-in work; the rows are made here as it will."""
    portal = await _sign_in_client(clients, "portal-calarasi")
    other_portal = await _sign_in_client(clients, "portal-ungheni")
    family, other_family = uuid.uuid4(), uuid.uuid4()
    current, rotated, unrelated = new_secret(), new_secret(), new_secret()
    now = utcnow()
    async with UnitOfWork(app.state.session_factory) as uow:
        for value, fam in ((current, family), (rotated, family), (unrelated, other_family)):
            uow.session.add(
                OAuthRefreshToken(
                    token_hash=digest(value),
                    family_id=fam,
                    client_id="portal-calarasi",
                    professional_id=world.people["teacher"],
                    scope="openid children:read",
                    expires_at=now + timedelta(hours=8),
                    rotated_at=now if value == rotated else None,
                )
            )
        await uow.commit()
    hint = {"token": current, "token_type_hint": "refresh_token"}

    refused = await http.post("/oauth/revoke", data=hint, auth=("portal-ungheni", other_portal))
    assert refused.json()["error"] == "invalid_grant"

    seen = await http.post("/oauth/introspect", data=hint, auth=("portal-calarasi", portal))
    assert seen.json()["active"] is True
    assert seen.json()["sub"] == str(world.people["teacher"])
    assert seen.json()["client_id"] == "portal-calarasi"

    r = await http.post("/oauth/revoke", data=hint, auth=("portal-calarasi", portal))
    assert r.status_code == 200
    rows = {row.token_hash: row for row in await db.rows(OAuthRefreshToken)}
    assert rows[digest(current)].revoked_at is not None
    assert rows[digest(rotated)].revoked_at is not None
    assert rows[digest(unrelated)].revoked_at is None
    seen = await http.post("/oauth/introspect", data=hint, auth=("portal-calarasi", portal))
    assert seen.json() == {"active": False}
