"""Tokens of a trusted external OpenID Connect issuer (a government sign-on, a Keycloak realm),
accepted beside our own: verified with the keys it publishes (a real HTTP server on 127.0.0.1
here), for a professional our directory knows, with the roles our directory gives them."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from joserfc import jwt
from joserfc.jwk import ECKey, Key, OctKey, RSAKey

from app.main import create_app
from app.settings import ExternalIssuer, Settings
from tests.auth.conftest import JwksServer, jwks_of, new_key
from tests.factories import World, problem_of

pytestmark = pytest.mark.db

SSO = "https://sso.gov.md/realms/girfec"
"""MPass-like government sign-on: identifies professionals by e-mail, says their roles."""
KEYCLOAK = "https://keycloak.calarasi.md/realms/dasp"
"""A district's Keycloak, which carries our professional id in a claim of its own."""
AUDIENCE = "girfec-api"
ROLE_MAP = {"profesor": "teacher", "asistent-social": "social_worker", "admin": "administrator"}


class ExternalIdP:
    """The external identity provider: its keys (RSA and EC) and the tokens it signs."""

    def __init__(self, server: JwksServer) -> None:
        self.rsa = new_key("sso-2025")
        self.ec = ECKey.generate_key("P-256", parameters={"kid": "sso-ec", "alg": "ES256"})
        self.server = server
        server.document = jwks_of(self.rsa, self.ec)  # type: ignore[arg-type]

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": SSO,
            "sub": "f:3a7c:maria.ciobanu",
            "aud": [AUDIENCE, "account"],
            "azp": "girfec-web",
            "exp": now + 300,
            "iat": now,
            "nbf": now,
            "jti": uuid.uuid4().hex,
            "email": "Teacher@Example.md",
            "email_verified": True,
            "scope": "openid email directory:read children:read unknown:thing",
            "realm_access": {"roles": ["profesor", "offline_access"]},
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, key: Key | None = None, alg: str = "RS256", **overrides: Any) -> str:
        key = key or self.rsa
        header = {"alg": alg, "typ": "JWT", "kid": key.kid}
        return jwt.encode(header, self.claims(**overrides), key, algorithms=[alg])


def _issuers(server: JwksServer) -> list[ExternalIssuer]:
    return [
        ExternalIssuer(
            issuer=SSO,
            jwks_uri=server.url,
            audience=AUDIENCE,
            roles_claim="realm_access.roles",
            role_map=ROLE_MAP,
        ),
        ExternalIssuer(
            issuer=KEYCLOAK,
            jwks_uri=server.url,
            audience="girfec",
            professional_claim="girfec_professional_id",
            scope_claim="scp",
            allowed_algs=["ES256"],
        ),
    ]


@pytest.fixture
async def external_app(
    app: FastAPI, database_url: str, jwks_server: JwksServer
) -> AsyncIterator[FastAPI]:
    """The same database, served by an app that also trusts the two issuers above."""
    settings = Settings(
        database_url=database_url, auto_migrate=False, external_issuers=_issuers(jwks_server)
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def ext(external_app: FastAPI, world: World) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=external_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


@pytest.fixture
def idp(jwks_server: JwksServer) -> ExternalIdP:
    return ExternalIdP(jwks_server)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _me(ext: httpx.AsyncClient, token: str) -> httpx.Response:
    return await ext.get("/api/v1/professionals/me", headers=bearer(token))


def _refused(r: httpx.Response) -> str:
    problem = problem_of(r, 401)
    assert r.headers["WWW-Authenticate"].startswith('Bearer realm="girfec", error="invalid_token"')
    return str(problem["detail"])


async def test_a_professional_signed_in_elsewhere_calls_the_api(
    ext: httpx.AsyncClient, idp: ExternalIdP, world: World
) -> None:
    r = await _me(ext, idp.token())
    assert r.status_code == 200, r.text
    me = r.json()
    assert me["id"] == world.person("teacher")
    # The directory's roles, not the provider's.
    assert me["roles"] == ["designated_person", "teacher"]
    children = await ext.get("/api/v1/children", headers=bearer(idp.token()))
    assert children.status_code == 200, children.text


async def test_only_our_api_scopes_are_kept(ext: httpx.AsyncClient, idp: ExternalIdP) -> None:
    r = await ext.get("/api/v1/concerns", headers=bearer(idp.token()))
    assert problem_of(r, 403)["type"] == "/problems/insufficient-scope"


async def test_es256_and_our_professional_id_in_a_claim_of_the_issuers_own(
    ext: httpx.AsyncClient, idp: ExternalIdP, world: World
) -> None:
    token = idp.token(
        idp.ec,
        "ES256",
        iss=KEYCLOAK,
        aud="girfec",
        email=None,
        realm_access=None,
        scope=None,
        scp="directory:read",
        girfec_professional_id=world.person("social_worker"),
    )
    r = await _me(ext, token)
    assert r.status_code == 200, r.text
    assert r.json()["id"] == world.person("social_worker")
    # That issuer allows ES256 only.
    r = await _me(ext, idp.token(iss=KEYCLOAK, aud="girfec", scp="directory:read"))
    assert _refused(r) == "The token's signing algorithm is not accepted."


async def test_our_own_tokens_still_work_side_by_side(ext: httpx.AsyncClient, world: World) -> None:
    r = await _me(ext, world.tokens["supervisor"])
    assert r.status_code == 200, r.text
    assert r.json()["id"] == world.person("supervisor")


@pytest.mark.parametrize(
    ("overrides", "detail"),
    [
        ({"aud": "another-api"}, "The token's aud claim is not valid here."),
        ({"exp": timedelta(minutes=-2)}, "The token has expired."),
        ({"nbf": timedelta(minutes=10)}, "The token's nbf claim is not valid here."),
        ({"exp": None}, "The token lacks the claims: exp."),
        ({"email": "nobody@example.md"}, "The token's subject is not a known professional."),
        ({"email_verified": False}, "The token's e-mail address is not verified."),
        (
            {"realm_access": {"roles": ["asistent-social"]}},
            "The token's roles match none the professional holds here.",
        ),
        ({"realm_access": None}, "The token's roles match none the professional holds here."),
    ],
)
async def test_claims_that_do_not_hold_are_refused(
    ext: httpx.AsyncClient, idp: ExternalIdP, overrides: dict[str, Any], detail: str
) -> None:
    # A time is given as a delay from when the token is made, not from when the tests were
    # collected: a long run would otherwise reach a "future" nbf after it has passed.
    now = int(time.time())
    claims = {
        k: now + int(v.total_seconds()) if isinstance(v, timedelta) else v
        for k, v in overrides.items()
    }
    assert _refused(await _me(ext, idp.token(**claims))) == detail


async def test_an_unknown_issuer_is_refused(ext: httpx.AsyncClient, idp: ExternalIdP) -> None:
    r = await _me(ext, idp.token(iss="https://evil.example/realms/girfec"))
    assert _refused(r) == "The token's issuer is not trusted here."


async def test_an_unknown_kid_is_refused_and_refetched_at_most_once(
    ext: httpx.AsyncClient, idp: ExternalIdP
) -> None:
    assert (await _me(ext, idp.token())).status_code == 200
    stranger = new_key("not-published")
    for _ in range(3):
        r = await _me(ext, idp.token(stranger))
        assert _refused(r) == "The token was not signed by a current key of its issuer."
    assert idp.server.hits == 1  # the first fetch is younger than the 10-second refetch floor


async def test_a_key_the_issuer_rotated_in_is_fetched(
    ext: httpx.AsyncClient, idp: ExternalIdP, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (await _me(ext, idp.token())).status_code == 200
    rotated = new_key("sso-2026")
    idp.server.document = jwks_of(rotated)
    from app.auth import client_jwks

    monkeypatch.setattr(client_jwks, "_REFETCH_FLOOR", 0.0)
    assert (await _me(ext, idp.token(rotated))).status_code == 200
    assert idp.server.hits == 2


async def test_hs256_is_refused_even_keyed_with_the_published_key(
    ext: httpx.AsyncClient, idp: ExternalIdP
) -> None:
    secret = OctKey.import_key(json.dumps(idp.rsa.as_dict(private=False)).encode())
    header = {"alg": "HS256", "kid": idp.rsa.kid}
    token = jwt.encode(header, idp.claims(), secret, algorithms=["HS256"])
    assert _refused(await _me(ext, token)) == "The token's signing algorithm is not accepted."


async def test_alg_none_is_refused(ext: httpx.AsyncClient, idp: ExternalIdP) -> None:
    def b64(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    token = f"{b64({'alg': 'none', 'kid': idp.rsa.kid})}.{b64(idp.claims())}."
    assert _refused(await _me(ext, token)) == "The token's signing algorithm is not accepted."


async def test_a_key_of_the_wrong_type_for_the_alg_is_refused(
    ext: httpx.AsyncClient, idp: ExternalIdP
) -> None:
    """An RSA signature under the EC key's kid: the key decides, the header only has to agree."""
    rsa_as_ec = RSAKey.import_key(idp.rsa.as_dict(private=True), {"kid": idp.ec.kid})
    r = await _me(ext, idp.token(rsa_as_ec))
    assert _refused(r) == "The token's algorithm does not match its key."


async def test_a_deactivated_professional_is_refused(
    ext: httpx.AsyncClient, idp: ExternalIdP, world: World, app: FastAPI
) -> None:
    from app.persistence.tables.organisations import Professional
    from app.persistence.uow import UnitOfWork

    async with UnitOfWork(app.state.session_factory) as uow:
        teacher = await uow.session.get(Professional, world.people["teacher"])
        assert teacher is not None
        teacher.active = False
        uow.session.add(teacher)
        await uow.commit()
    r = await _me(ext, idp.token())
    assert _refused(r) == "The token's subject is not a known professional."
