"""The professional sign-in: the authorization code flow with PKCE S256 through the sign-in
page, with Authlib's own client; ID tokens, userinfo, rotating refresh tokens."""

from __future__ import annotations

import httpx
import pytest
from authlib.integrations.base_client import OAuthError
from fastapi import FastAPI
from joserfc import jwt
from joserfc.jwk import KeySet

from app.auth.bearer import InvalidToken, Principal, verify_bearer
from app.persistence.tables.oauth import OAuthAuthorizationCode, OAuthRefreshToken
from app.persistence.uow import UnitOfWork
from tests.auth.conftest import ISSUER, TOKEN_URL, Clients
from tests.auth.sign_in import (
    APP,
    PRIVATE_USE,
    Flow,
    Page,
    SignIn,
    oauth_app,
    query_of,
)
from tests.conftest import Db
from tests.factories import World

pytestmark = pytest.mark.db

REVOKE_URL = f"{ISSUER}/oauth/revoke"


async def _principal(app: FastAPI, token: str) -> Principal:
    async with UnitOfWork(app.state.session_factory) as uow:
        return await verify_bearer(token, uow.session, app.state.settings)


async def _verifies(app: FastAPI, token: str) -> bool:
    try:
        await _principal(app, token)
    except InvalidToken:
        return False
    return True


async def test_the_code_flow_signs_a_professional_in_with_an_id_token(
    app: FastAPI, http: httpx.AsyncClient, sign_in: SignIn, world: World, db: Db
) -> None:
    await sign_in.ready()
    async with oauth_app(app) as oauth:
        flow = await sign_in.code(oauth)
        back = query_of(flow.location or "")
        assert flow.location is not None
        assert flow.location.startswith("http://127.0.0.1:53682/callback?")
        assert back["state"] == flow.state
        token = await oauth.fetch_token(
            TOKEN_URL, authorization_response=flow.location, code_verifier=flow.verifier
        )

    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 600
    assert token["scope"] == "children:read email offline_access openid profile"
    principal = await _principal(app, token["access_token"])
    assert principal.kind == "professional"
    assert principal.professional_id == world.people["teacher"]
    assert principal.client_id == APP
    assert principal.organisation_id == world.organisations["school"]
    assert principal.scopes == {
        "openid",
        "profile",
        "email",
        "offline_access",
        "children:read",
    }

    # The ID token verifies with the published keys and is meant for this app and this request.
    jwks = (await http.get("/.well-known/jwks.json")).json()
    id_token = jwt.decode(token["id_token"], KeySet.import_key_set(jwks), algorithms=["RS256"])
    assert id_token.header["typ"] == "JWT"
    assert id_token.header["kid"] in {k["kid"] for k in jwks["keys"]}
    claims = id_token.claims
    assert claims["iss"] == ISSUER
    assert claims["aud"] == APP
    assert claims["sub"] == world.person("teacher")
    assert claims["nonce"] == flow.nonce
    assert claims["exp"] > claims["iat"] >= claims["auth_time"]
    assert claims["name"] == "Maria Ciobanu"
    assert claims["email"] == "teacher@example.md"
    assert claims["at_hash"]
    # An ID token is not an access token: the API refuses it.
    assert not await _verifies(app, token["id_token"])

    # The code and the refresh token are stored as digests, never as given.
    codes = await db.rows(OAuthAuthorizationCode)
    assert [c.code_hash for c in codes] != [flow.code]
    assert all(c.used_at is not None and c.code_challenge_method == "S256" for c in codes)
    refresh = await db.rows(OAuthRefreshToken)
    assert len(refresh) == 1
    assert refresh[0].token_hash != token["refresh_token"]


async def test_without_offline_access_there_is_no_refresh_token(
    app: FastAPI, sign_in: SignIn
) -> None:
    await sign_in.ready()
    async with oauth_app(app, scope="openid children:read") as oauth:
        token = await sign_in.tokens(oauth)
    assert "refresh_token" not in token
    assert token["scope"] == "children:read openid"
    assert token["id_token"]


async def test_userinfo_tells_who_signed_in_as_the_scopes_allow(
    app: FastAPI, http: httpx.AsyncClient, sign_in: SignIn, world: World
) -> None:
    await sign_in.ready()
    async with oauth_app(app) as oauth:
        token = await sign_in.tokens(oauth)
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    for answer in (
        await http.get("/oauth/userinfo", headers=bearer),
        await http.post("/oauth/userinfo", headers=bearer),
    ):
        assert answer.status_code == 200, answer.text
        assert answer.headers["cache-control"] == "no-store"
        assert answer.json() == {
            "sub": world.person("teacher"),
            "name": "Maria Ciobanu",
            "given_name": "Maria",
            "family_name": "Ciobanu",
            "email": "teacher@example.md",
            "organisation_id": world.org("school"),
            "organisation_name": "Liceul Teoretic „Mihai Eminescu” Călărași",
            "roles": ["designated_person", "teacher"],
        }

    async with oauth_app(app, scope="openid children:read") as oauth:
        narrow = await sign_in.tokens(oauth)
    only_sub = await http.get(
        "/oauth/userinfo", headers={"Authorization": f"Bearer {narrow['access_token']}"}
    )
    assert only_sub.json() == {"sub": world.person("teacher")}


async def test_userinfo_refuses_a_missing_or_bad_token_and_a_token_without_openid(
    app: FastAPI, http: httpx.AsyncClient, sign_in: SignIn, clients: Clients
) -> None:
    missing = await http.get("/oauth/userinfo")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer ")

    bad = await http.get("/oauth/userinfo", headers={"Authorization": "Bearer not.a.token"})
    assert bad.status_code == 401
    assert 'error="invalid_token"' in bad.headers["www-authenticate"]
    assert bad.json()["error"] == "invalid_token"

    await sign_in.ready()
    async with oauth_app(app, scope="children:read") as oauth:
        plain = await sign_in.tokens(oauth)
    assert "id_token" not in plain
    no_openid = await http.get(
        "/oauth/userinfo", headers={"Authorization": f"Bearer {plain['access_token']}"}
    )
    assert no_openid.status_code == 403
    assert 'error="insufficient_scope"' in no_openid.headers["www-authenticate"]

    secret = await clients.with_secret()
    system = await http.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=("sime-calarasi", secret)
    )
    as_system = await http.get(
        "/oauth/userinfo", headers={"Authorization": f"Bearer {system.json()['access_token']}"}
    )
    assert as_system.status_code == 403


async def test_refresh_tokens_rotate_and_a_reused_one_ends_the_sign_in(
    app: FastAPI, sign_in: SignIn, db: Db
) -> None:
    await sign_in.ready()
    async with oauth_app(app) as oauth:
        first = await sign_in.tokens(oauth)
        second = await oauth.refresh_token(TOKEN_URL, refresh_token=first["refresh_token"])
        third = await oauth.refresh_token(TOKEN_URL, refresh_token=second["refresh_token"])
        assert len({first["refresh_token"], second["refresh_token"], third["refresh_token"]}) == 3
        assert await _verifies(app, third["access_token"])
        assert third["scope"] == first["scope"]
        # A refresh never extends the sign-in.
        assert third["refresh_token_expires_in"] <= first["refresh_token_expires_in"]

        # The first, already rotated, comes back: a thief or the app, the family is revoked.
        with pytest.raises(OAuthError) as reused:
            await oauth.refresh_token(TOKEN_URL, refresh_token=first["refresh_token"])
        assert reused.value.error == "invalid_grant"
        with pytest.raises(OAuthError) as newest:
            await oauth.refresh_token(TOKEN_URL, refresh_token=third["refresh_token"])
        assert newest.value.error == "invalid_grant"

    rows = await db.rows(OAuthRefreshToken)
    assert len(rows) == 3
    assert len({r.family_id for r in rows}) == 1
    assert all(r.revoked_at is not None for r in rows)
    assert sum(r.rotated_at is None for r in rows) == 1


async def test_a_refresh_token_is_only_for_its_own_app(app: FastAPI, sign_in: SignIn) -> None:
    await sign_in.ready()
    await sign_in.register_app("alt-app", name="Altă aplicație")
    async with oauth_app(app) as oauth:
        token = await sign_in.tokens(oauth)
    async with oauth_app(app, client_id="alt-app") as other:
        with pytest.raises(OAuthError) as refused:
            await other.refresh_token(TOKEN_URL, refresh_token=token["refresh_token"])
    assert refused.value.error == "invalid_grant"


async def test_revoking_the_refresh_token_ends_the_sign_in(
    app: FastAPI, sign_in: SignIn, db: Db
) -> None:
    await sign_in.ready()
    async with oauth_app(app) as oauth:
        first = await sign_in.tokens(oauth)
        second = await oauth.refresh_token(TOKEN_URL, refresh_token=first["refresh_token"])
        revoked = await oauth.revoke_token(
            REVOKE_URL, token=second["refresh_token"], token_type_hint="refresh_token"
        )
        assert revoked.status_code == 200
        with pytest.raises(OAuthError) as refused:
            await oauth.refresh_token(TOKEN_URL, refresh_token=second["refresh_token"])
    assert refused.value.error == "invalid_grant"
    assert all(r.revoked_at is not None for r in await db.rows(OAuthRefreshToken))


async def test_a_code_works_once_and_its_reuse_revokes_what_it_gave(
    app: FastAPI, sign_in: SignIn, db: Db
) -> None:
    await sign_in.ready()
    async with oauth_app(app) as oauth:
        flow = await sign_in.code(oauth)
        token = await oauth.fetch_token(
            TOKEN_URL, authorization_response=flow.location, code_verifier=flow.verifier
        )
        assert await _verifies(app, token["access_token"])
        with pytest.raises(OAuthError) as replay:
            await oauth.fetch_token(
                TOKEN_URL, authorization_response=flow.location, code_verifier=flow.verifier
            )
        assert replay.value.error == "invalid_grant"
        with pytest.raises(OAuthError) as refresh:
            await oauth.refresh_token(TOKEN_URL, refresh_token=token["refresh_token"])
        assert refresh.value.error == "invalid_grant"
    assert not await _verifies(app, token["access_token"])
    assert all(r.revoked_at is not None for r in await db.rows(OAuthRefreshToken))


async def test_a_wrong_code_verifier_is_invalid_grant(app: FastAPI, sign_in: SignIn) -> None:
    await sign_in.ready()
    async with oauth_app(app) as oauth:
        flow = await sign_in.code(oauth)
        with pytest.raises(OAuthError) as refused:
            await oauth.fetch_token(
                TOKEN_URL, authorization_response=flow.location, code_verifier="x" * 50
            )
    assert refused.value.error == "invalid_grant"


async def _refused_with(sign_in: SignIn, flow: Flow) -> dict[str, str]:
    assert flow.page.status_code == 302, flow.page.text
    assert flow.page.headers["location"].startswith("http://127.0.0.1:53682/callback?")
    return query_of(flow.page.headers["location"])


@pytest.mark.parametrize("method", [{"code_challenge_method": "plain"}, {}])
async def test_plain_pkce_is_refused(app: FastAPI, sign_in: SignIn, method: dict[str, str]) -> None:
    """`plain`, said or implied (a challenge without a method is plain, RFC 7636 §4.3)."""
    await sign_in.ready()
    async with oauth_app(app) as oauth:
        oauth.code_challenge_method = None  # Authlib's client makes S256 challenges only
        flow = await sign_in.start(oauth, code_challenge="p" * 43, **method)
        assert "code_challenge=ppp" in str(flow.page.request.url)
    back = await _refused_with(sign_in, flow)
    assert back["error"] == "invalid_request"
    assert back["state"] == flow.state
    assert "S256" in back["error_description"]


async def test_a_missing_code_challenge_is_refused(app: FastAPI, sign_in: SignIn) -> None:
    await sign_in.ready()
    async with oauth_app(app) as oauth:
        oauth.code_challenge_method = None
        flow = await sign_in.start(oauth)
    back = await _refused_with(sign_in, flow)
    assert back["error"] == "invalid_request"
    assert "code_challenge" in back["error_description"]


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "http://127.0.0.1:53682/elsewhere",
        "https://127.0.0.1/callback",
        "http://localhost:53682/callback",
        "http://127.0.0.1.evil.md/callback",
        "md.gov.girfec.app:/oauth2redirect/more",
        "https://evil.example/callback",
    ],
)
async def test_an_unregistered_redirect_uri_gets_an_error_page_not_a_redirect(
    app: FastAPI, sign_in: SignIn, redirect_uri: str
) -> None:
    await sign_in.ready()
    async with oauth_app(app, redirect_uri=redirect_uri) as oauth:
        flow = await sign_in.start(oauth)
    assert flow.page.status_code == 400
    assert "location" not in flow.page.headers
    assert flow.page.headers["content-type"].startswith("text/html")
    assert Page(flow.page.text).alerts


async def test_an_unknown_client_gets_an_error_page(app: FastAPI, sign_in: SignIn) -> None:
    await sign_in.ready()
    async with oauth_app(app, client_id="nobody") as oauth:
        flow = await sign_in.start(oauth)
    assert flow.page.status_code == 400
    assert "location" not in flow.page.headers


@pytest.mark.parametrize(
    "redirect_uri", ["http://127.0.0.1:61234/callback", "http://127.0.0.1/callback"]
)
async def test_a_loopback_redirect_may_use_any_port(
    app: FastAPI, sign_in: SignIn, redirect_uri: str
) -> None:
    await sign_in.ready()
    async with oauth_app(app, redirect_uri=redirect_uri) as oauth:
        token = await sign_in.tokens(oauth)
        assert token["access_token"]


async def test_an_ipv6_loopback_redirect_matches_its_registration(
    app: FastAPI, sign_in: SignIn
) -> None:
    await sign_in.register_app(redirect_uris=["http://[::1]/callback"])
    await sign_in.set_password()
    async with oauth_app(app, redirect_uri="http://[::1]:40000/callback") as oauth:
        flow = await sign_in.code(oauth)
    assert flow.location is not None
    assert flow.location.startswith("http://[::1]:40000/callback?code=")


async def test_a_private_use_scheme_redirect_is_accepted(app: FastAPI, sign_in: SignIn) -> None:
    await sign_in.ready()
    async with oauth_app(app, redirect_uri=PRIVATE_USE) as oauth:
        flow = await sign_in.code(oauth)
        assert flow.location is not None
        assert flow.location.startswith(f"{PRIVATE_USE}?code=")
        csp = (await sign_in.start(oauth)).page.headers["content-security-policy"]
        token = await oauth.fetch_token(
            TOKEN_URL, authorization_response=flow.location, code_verifier=flow.verifier
        )
    assert "form-action 'self' md.gov.girfec.app:;" in csp
    assert await _verifies(app, token["access_token"])


async def test_a_confidential_client_authenticates_at_the_token_endpoint(
    app: FastAPI, sign_in: SignIn, clients: Clients
) -> None:
    registered = await clients.register(
        client_id="portal-web",
        kind="confidential",
        name="Portalul web",
        redirect_uris=["https://portal.girfec.md/callback"],
    )
    await sign_in.set_password()
    redirect = "https://portal.girfec.md/callback"
    async with oauth_app(
        app,
        redirect_uri=redirect,
        client_id="portal-web",
        client_secret=registered.secret,
        token_endpoint_auth_method="client_secret_basic",
        scope="openid cases:read",
    ) as oauth:
        token = await sign_in.tokens(oauth)
    assert token["scope"] == "cases:read openid"
    async with oauth_app(
        app,
        redirect_uri=redirect,
        client_id="portal-web",
        token_endpoint_auth_method="none",
        scope="openid",
    ) as no_secret:
        flow = await sign_in.code(no_secret)
        with pytest.raises(OAuthError) as refused:
            await no_secret.fetch_token(
                TOKEN_URL, authorization_response=flow.location, code_verifier=flow.verifier
            )
    assert refused.value.error == "invalid_client"


async def test_deny_at_consent_sends_access_denied(app: FastAPI, sign_in: SignIn, db: Db) -> None:
    await sign_in.ready()
    async with oauth_app(app) as oauth:
        flow = await sign_in.start(oauth)
        await sign_in.password(flow)
        answer = await sign_in.decide(flow, "deny")
    assert answer.status_code == 303
    back = query_of(answer.headers["location"])
    assert answer.headers["location"].startswith("http://127.0.0.1:53682/callback?")
    assert back["error"] == "access_denied"
    assert back["state"] == flow.state
    assert "code" not in back
    assert await db.rows(OAuthAuthorizationCode) == []


async def test_an_unknown_scope_is_sent_back_as_invalid_scope(
    app: FastAPI, sign_in: SignIn
) -> None:
    await sign_in.ready()
    async with oauth_app(app, scope="openid children:delete") as oauth:
        flow = await sign_in.start(oauth)
    assert (await _refused_with(sign_in, flow))["error"] == "invalid_scope"


async def test_prompt_none_is_login_required(app: FastAPI, sign_in: SignIn) -> None:
    """There is no session to sign in silently with."""
    await sign_in.ready()
    async with oauth_app(app) as oauth:
        flow = await sign_in.start(oauth, prompt="none")
    assert (await _refused_with(sign_in, flow))["error"] == "login_required"
