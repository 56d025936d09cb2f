"""The published keys and metadata, and what key rotation does to tokens in flight."""

from __future__ import annotations

import httpx
import pytest
from authlib.oauth2.rfc8414 import AuthorizationServerMetadata
from authlib.oidc.discovery import OpenIDProviderMetadata
from fastapi import FastAPI
from joserfc import jws, jwt
from joserfc.jwk import KeySet

from app.auth.bearer import InvalidToken, verify_bearer
from app.auth.tokens import issue_access_token
from app.domain.errors import Conflict
from app.persistence.uow import UnitOfWork
from app.services import signing_keys
from tests.auth.conftest import ISSUER, Clients

pytestmark = pytest.mark.db


async def _issue(app: FastAPI) -> str:
    async with UnitOfWork(app.state.session_factory) as uow:
        token = await issue_access_token(
            uow, client_id="sime-calarasi", scopes=["status:read"], professional_id=None
        )
        await uow.commit()
    return token


async def _verifies(app: FastAPI, token: str) -> bool:
    async with UnitOfWork(app.state.session_factory) as uow:
        try:
            await verify_bearer(token, uow.session, app.state.settings)
        except InvalidToken:
            return False
        return True


async def _rotate(app: FastAPI) -> str:
    async with UnitOfWork(app.state.session_factory) as uow:
        key = await signing_keys.rotate(uow, app.state.settings)
        await uow.commit()
    return key.kid


async def _retire(app: FastAPI, kid: str, *, force: bool = False) -> None:
    async with UnitOfWork(app.state.session_factory) as uow:
        await signing_keys.retire(uow, app.state.settings, kid, force=force)
        await uow.commit()


async def _published_kids(http: httpx.AsyncClient) -> list[str]:
    r = await http.get("/.well-known/jwks.json")
    assert r.status_code == 200
    assert all("d" not in key and "p" not in key for key in r.json()["keys"]), "public only"
    return [key["kid"] for key in r.json()["keys"]]


def _kid(token: str) -> str:
    return str(jws.extract_compact(token.encode()).headers()["kid"])


async def test_the_jwks_verifies_the_tokens_issued(
    app: FastAPI, http: httpx.AsyncClient, clients: Clients
) -> None:
    await clients.with_secret()
    token = await _issue(app)
    published = (await http.get("/.well-known/jwks.json")).json()
    decoded = jwt.decode(token, KeySet.import_key_set(published), algorithms=["RS256"])
    assert decoded.claims["sub"] == "sime-calarasi"


async def test_rotation_publishes_both_keys_and_tokens_in_flight_still_verify(
    app: FastAPI, http: httpx.AsyncClient, clients: Clients
) -> None:
    await clients.with_secret()
    before = await _issue(app)
    old_kid = _kid(before)
    assert await _published_kids(http) == [old_kid]

    new_kid = await _rotate(app)
    after = await _issue(app)

    assert _kid(after) == new_kid != old_kid
    assert sorted(await _published_kids(http)) == sorted([new_kid, old_kid])
    assert await _verifies(app, before), "a token of the retiring key lives out its time"
    assert await _verifies(app, after)


async def test_a_retiring_key_is_not_retired_while_its_tokens_may_live(
    app: FastAPI, http: httpx.AsyncClient, clients: Clients
) -> None:
    await clients.with_secret()
    old_kid = _kid(await _issue(app))
    await _rotate(app)
    with pytest.raises(Conflict):
        await _retire(app, old_kid)
    assert old_kid in await _published_kids(http)


async def test_a_token_of_a_retired_key_is_refused(
    app: FastAPI, http: httpx.AsyncClient, clients: Clients
) -> None:
    await clients.with_secret()
    before = await _issue(app)
    old_kid = _kid(before)
    new_kid = await _rotate(app)
    await _retire(app, old_kid, force=True)

    assert await _published_kids(http) == [new_kid]
    assert not await _verifies(app, before)
    assert await _verifies(app, await _issue(app))


async def test_the_active_key_cannot_be_retired(app: FastAPI, clients: Clients) -> None:
    await clients.with_secret()
    kid = _kid(await _issue(app))
    with pytest.raises(Conflict):
        await _retire(app, kid, force=True)


async def test_authorization_server_metadata(http: httpx.AsyncClient) -> None:
    r = await http.get("/.well-known/oauth-authorization-server")
    assert r.status_code == 200
    metadata = AuthorizationServerMetadata(r.json())
    metadata.validate()
    assert metadata["issuer"] == ISSUER
    assert metadata["token_endpoint"] == f"{ISSUER}/oauth/token"
    assert metadata["jwks_uri"] == f"{ISSUER}/.well-known/jwks.json"
    assert metadata["revocation_endpoint"] == f"{ISSUER}/oauth/revoke"
    assert metadata["introspection_endpoint"] == f"{ISSUER}/oauth/introspect"
    assert metadata["authorization_endpoint"] == f"{ISSUER}/oauth/authorize"
    assert "client_credentials" in metadata["grant_types_supported"]
    assert {"client_secret_basic", "private_key_jwt"} <= set(
        metadata["token_endpoint_auth_methods_supported"]
    )
    assert "HS256" not in metadata["token_endpoint_auth_signing_alg_values_supported"]
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert {"children:read", "openid", "admin"} <= set(metadata["scopes_supported"])


async def test_openid_configuration(http: httpx.AsyncClient) -> None:
    r = await http.get("/.well-known/openid-configuration")
    assert r.status_code == 200
    metadata = OpenIDProviderMetadata(r.json())
    metadata.validate()
    assert metadata["userinfo_endpoint"] == f"{ISSUER}/oauth/userinfo"
    assert metadata["id_token_signing_alg_values_supported"] == ["RS256"]
    assert metadata["authorization_endpoint"] == f"{ISSUER}/oauth/authorize"
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert {"authorization_code", "refresh_token"} <= set(metadata["grant_types_supported"])
    assert {"sub", "nonce", "auth_time", "name", "email", "organisation_name", "roles"} <= set(
        metadata["claims_supported"]
    )
    oauth = (await http.get("/.well-known/oauth-authorization-server")).json()
    assert {k: v for k, v in metadata.items() if k in oauth} == oauth


async def test_the_sign_in_endpoints_answer_where_advertised(http: httpx.AsyncClient) -> None:
    metadata = (await http.get("/.well-known/openid-configuration")).json()
    page = await http.get(metadata["authorization_endpoint"])
    assert page.status_code == 400  # no client named: an error page, not a redirect
    assert page.headers["content-type"].startswith("text/html")
    userinfo = await http.get(metadata["userinfo_endpoint"])
    assert userinfo.status_code == 401


async def test_the_advertised_endpoints_answer(http: httpx.AsyncClient, clients: Clients) -> None:
    secret = await clients.with_secret()
    metadata = (await http.get("/.well-known/oauth-authorization-server")).json()
    r = await http.post(
        metadata["token_endpoint"],
        data={"grant_type": "client_credentials"},
        auth=("sime-calarasi", secret),
    )
    assert r.status_code == 200
    token = r.json()["access_token"]
    keys = (await http.get(metadata["jwks_uri"])).json()
    assert _kid(token) in [k["kid"] for k in keys["keys"]]
    seen = await http.post(
        metadata["introspection_endpoint"], data={"token": token}, auth=("sime-calarasi", secret)
    )
    assert seen.json()["active"] is True
