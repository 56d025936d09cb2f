"""POST /oauth/token with client_credentials: a sector system authenticates with a secret or its
own key and gets an RFC 9068 access token limited to the scopes it is registered for."""

from __future__ import annotations

import base64
import json

import httpx
import pytest
from authlib.integrations.base_client import OAuthError
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from fastapi import FastAPI
from joserfc import jws
from joserfc.jwk import RSAKey

from app.auth import client_jwks
from app.auth.bearer import verify_bearer
from app.auth.scopes import SYSTEM_DEFAULT_SCOPES, format_scope
from app.persistence.tables.idempotency import IdempotencyRecord
from app.persistence.uow import UnitOfWork
from tests.auth.conftest import (
    TOKEN_URL,
    Clients,
    JwksServer,
    ShortLivedPrivateKeyJWT,
    assertion_for,
    jwks_of,
    new_key,
    oauth_client,
)
from tests.conftest import Db
from tests.factories import World

pytestmark = pytest.mark.db

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def _claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


async def test_client_secret_basic_gets_a_verifiable_rfc9068_token(
    app: FastAPI, clients: Clients, world: World
) -> None:
    secret = await clients.with_secret()
    async with oauth_client(app, "sime-calarasi", secret) as oauth:
        token = await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials")

    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 300
    assert token["scope"] == format_scope(SYSTEM_DEFAULT_SCOPES)
    header = jws.extract_compact(token["access_token"].encode()).headers()
    assert header["typ"] == "at+jwt"
    assert header["alg"] == "RS256"
    assert header["kid"]
    claims = _claims(token["access_token"])
    assert claims["iss"] == "http://127.0.0.1:8000"
    assert claims["aud"] == "girfec-api"
    assert claims["sub"] == claims["client_id"] == "sime-calarasi"
    assert claims["principal"] == "system"
    assert isinstance(claims["exp"], int)
    assert isinstance(claims["iat"], int)
    assert claims["exp"] - claims["iat"] == 300
    assert claims["jti"]

    async with UnitOfWork(app.state.session_factory) as uow:
        principal = await verify_bearer(token["access_token"], uow.session, app.state.settings)
    assert principal.kind == "system"
    assert principal.client_id == principal.subject == "sime-calarasi"
    assert principal.professional_id is None
    assert principal.organisation_id == world.organisations["school"]
    assert principal.scopes == SYSTEM_DEFAULT_SCOPES
    assert principal.token_id == claims["jti"]


async def test_token_answers_are_not_cached(http: httpx.AsyncClient, clients: Clients) -> None:
    secret = await clients.with_secret()
    r = await http.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=("sime-calarasi", secret)
    )
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["content-type"] == "application/json"


async def test_a_narrower_scope_is_granted_as_asked(app: FastAPI, clients: Clients) -> None:
    secret = await clients.with_secret()
    async with oauth_client(app, "sime-calarasi", secret, scope="children:read status:read") as o:
        token = await o.fetch_token(TOKEN_URL, grant_type="client_credentials")
    assert token["scope"] == "children:read status:read"
    assert _claims(token["access_token"])["scope"] == "children:read status:read"


async def test_a_wrong_secret_is_invalid_client_401_with_a_basic_challenge(
    http: httpx.AsyncClient, clients: Clients
) -> None:
    await clients.with_secret()
    r = await http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=("sime-calarasi", "not-the-secret"),
    )
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_client"
    assert r.headers["www-authenticate"].startswith("Basic ")
    assert "access_token" not in r.json()


async def test_the_authlib_client_sees_a_wrong_secret_as_invalid_client(
    app: FastAPI, clients: Clients
) -> None:
    await clients.with_secret()
    async with oauth_client(app, "sime-calarasi", "not-the-secret") as oauth:
        with pytest.raises(OAuthError) as refused:
            await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials")
    assert refused.value.error == "invalid_client"


async def test_a_scope_beyond_the_registration_is_invalid_scope(
    http: httpx.AsyncClient, clients: Clients
) -> None:
    secret = await clients.with_secret()
    r = await http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": "children:read cases:write"},
        auth=("sime-calarasi", secret),
    )
    assert r.status_code == 400
    assert r.json()["error"] == "invalid_scope"
    assert "cases:write" in r.json()["error_description"]


async def test_an_unknown_scope_is_invalid_scope(http: httpx.AsyncClient, clients: Clients) -> None:
    secret = await clients.with_secret()
    r = await http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": "children:delete"},
        auth=("sime-calarasi", secret),
    )
    assert r.status_code == 400
    assert r.json()["error"] == "invalid_scope"


async def test_other_grant_types_are_unsupported(http: httpx.AsyncClient, clients: Clients) -> None:
    secret = await clients.with_secret()
    r = await http.post(
        "/oauth/token",
        data={"grant_type": "password", "username": "ion", "password": "x"},
        auth=("sime-calarasi", secret),
    )
    assert r.status_code == 400
    assert r.json()["error"] == "unsupported_grant_type"


async def test_a_revoked_client_gets_no_token(http: httpx.AsyncClient, clients: Clients) -> None:
    secret = await clients.with_secret()
    await clients.revoke("sime-calarasi")
    r = await http.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=("sime-calarasi", secret)
    )
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_client"


# ---- private_key_jwt ----------------------------------------------------------------------------


async def test_private_key_jwt_with_inline_keys(app: FastAPI, clients: Clients) -> None:
    key = new_key("clinic-2026")
    await clients.register(client_id="sia-amp", jwks=jwks_of(key))
    async with oauth_client(
        app, "sia-amp", key, token_endpoint_auth_method="private_key_jwt"
    ) as oauth:
        oauth.register_client_auth_method(ShortLivedPrivateKeyJWT())
        token = await oauth.fetch_token(TOKEN_URL, grant_type="client_credentials")
    async with UnitOfWork(app.state.session_factory) as uow:
        principal = await verify_bearer(token["access_token"], uow.session, app.state.settings)
    assert principal.client_id == "sia-amp"
    assert principal.kind == "system"


async def test_private_key_jwt_with_keys_behind_a_jwks_uri(
    app: FastAPI, clients: Clients, jwks_server: JwksServer
) -> None:
    key = new_key("police-1")
    jwks_server.document = jwks_of(key)
    await clients.register(client_id="sipol", jwks_uri=jwks_server.url)
    async with oauth_client(app, "sipol", key, token_endpoint_auth_method="private_key_jwt") as o:
        o.register_client_auth_method(ShortLivedPrivateKeyJWT())
        first = await o.fetch_token(TOKEN_URL, grant_type="client_credentials")
        second = await o.fetch_token(TOKEN_URL, grant_type="client_credentials")
    assert _claims(first["access_token"])["sub"] == "sipol"
    assert first["access_token"] != second["access_token"]
    assert jwks_server.hits == 1, "the client's keys are cached between requests"


async def test_a_new_client_key_is_fetched_when_an_assertion_names_it(
    app: FastAPI,
    clients: Clients,
    jwks_server: JwksServer,
    http: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = new_key("police-1"), new_key("police-2")
    jwks_server.document = jwks_of(old)
    await clients.register(client_id="sipol", jwks_uri=jwks_server.url)
    body = {"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE}

    def signed(key: RSAKey) -> dict[str, str]:
        # The kid in the header is what tells the server which key, and that one is new.
        assertion = assertion_for(key, "sipol", header={"kid": key.kid})
        return {**body, "client_assertion": assertion}

    assert (await http.post("/oauth/token", data=signed(old))).status_code == 200
    jwks_server.document = jwks_of(old, new)
    # A kid the cache lacks, but the set was fetched moments ago: no refetch yet, so a stream
    # of made-up kids cannot make this server hammer the client's server.
    refused = await http.post("/oauth/token", data=signed(new))
    assert refused.json()["error"] == "invalid_client"
    assert jwks_server.hits == 1
    monkeypatch.setattr(client_jwks, "_REFETCH_FLOOR", 0.0)
    accepted = await http.post("/oauth/token", data=signed(new))
    assert accepted.status_code == 200, accepted.text
    assert jwks_server.hits == 2


async def test_a_replayed_assertion_is_invalid_client(
    http: httpx.AsyncClient, clients: Clients
) -> None:
    key = new_key("clinic-2026")
    await clients.register(client_id="sia-amp", jwks=jwks_of(key))
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion_for(key, "sia-amp"),
    }
    first = await http.post("/oauth/token", data=form)
    assert first.status_code == 200, first.text
    replay = await http.post("/oauth/token", data=form)
    assert replay.status_code in (400, 401)
    assert replay.json()["error"] == "invalid_client"
    assert "access_token" not in replay.json()


async def test_an_assertion_for_another_audience_is_refused(
    http: httpx.AsyncClient, clients: Clients
) -> None:
    key = new_key("clinic-2026")
    await clients.register(client_id="sia-amp", jwks=jwks_of(key))
    r = await http.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": assertion_for(
                key, "sia-amp", audience="https://idp.example.md/oauth/token"
            ),
        },
    )
    assert r.status_code in (400, 401)
    assert r.json()["error"] == "invalid_client"


async def test_a_long_lived_assertion_is_refused(app: FastAPI, clients: Clients) -> None:
    """Authlib's own PrivateKeyJWT signs assertions valid for an hour: too long here."""
    key = new_key("clinic-2026")
    await clients.register(client_id="sia-amp", jwks=jwks_of(key))
    async with oauth_client(app, "sia-amp", key, token_endpoint_auth_method="private_key_jwt") as o:
        o.register_client_auth_method(PrivateKeyJWT())
        with pytest.raises(OAuthError) as refused:
            await o.fetch_token(TOKEN_URL, grant_type="client_credentials")
    assert refused.value.error == "invalid_client"
    assert "too long" in str(refused.value.description)


async def test_an_assertion_signed_by_another_key_is_refused(
    http: httpx.AsyncClient, clients: Clients
) -> None:
    registered, stranger = new_key("clinic-2026"), new_key("clinic-2026")
    await clients.register(client_id="sia-amp", jwks=jwks_of(registered))
    r = await http.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": assertion_for(stranger, "sia-amp"),
        },
    )
    assert r.status_code in (400, 401)
    assert r.json()["error"] == "invalid_client"


async def test_a_secret_client_cannot_switch_to_an_assertion(
    http: httpx.AsyncClient, clients: Clients
) -> None:
    await clients.with_secret()
    r = await http.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": assertion_for(new_key("x"), "sime-calarasi"),
        },
    )
    assert r.json()["error"] == "invalid_client"


async def test_an_idempotency_key_never_replays_a_token(
    http: httpx.AsyncClient, clients: Clients, db: Db
) -> None:
    """A replayed answer would be a token kept in the clear; OAuth clients retry by asking."""
    secret = await clients.with_secret()
    answers = [
        await http.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=("sime-calarasi", secret),
            headers={"Idempotency-Key": "a8f0c6e2-5b1d-4d3e-9f7a-2c4b6d8e0f13"},
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert "idempotent-replayed" not in answers[1].headers
    assert answers[0].json()["access_token"] != answers[1].json()["access_token"]
    assert await db.rows(IdempotencyRecord) == []
