"""verify_bearer: only tokens this server signed, with a current key, for this API, unexpired,
unrevoked, from an active client (and professional) are accepted."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from joserfc import jwt
from sqlalchemy import update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth import keys
from app.auth.bearer import InvalidToken, Principal, verify_bearer
from app.auth.tokens import issue_access_token
from app.persistence.tables.organisations import Professional
from app.persistence.uow import UnitOfWork
from app.settings import Settings
from tests.auth.conftest import Clients, new_key
from tests.factories import World

pytestmark = pytest.mark.db


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value).encode())


@pytest.fixture
async def session(app: FastAPI, clients: Clients) -> AsyncIterator[AsyncSession]:
    await clients.with_secret()
    async with UnitOfWork(app.state.session_factory) as uow:
        yield uow.session
        await uow.commit()


@pytest.fixture
def settings(app: FastAPI) -> Settings:
    value: Settings = app.state.settings
    return value


async def _system_token(session: AsyncSession, **kw: Any) -> str:
    return await issue_access_token(
        session, client_id="sime-calarasi", scopes=["children:read"], professional_id=None, **kw
    )


async def _refused(token: str, session: AsyncSession, settings: Settings) -> str:
    with pytest.raises(InvalidToken) as refused:
        await verify_bearer(token, session, settings)
    assert refused.value.error == "invalid_token"
    return refused.value.description


async def _claims(session: AsyncSession, settings: Settings) -> dict[str, Any]:
    token = await _system_token(session)
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


async def test_a_professional_token_names_the_professional_and_their_organisation(
    session: AsyncSession, settings: Settings, world: World
) -> None:
    teacher = world.people["teacher"]
    token = await issue_access_token(
        session,
        client_id="sime-calarasi",
        scopes=["children:read", "concerns:write"],
        professional_id=teacher,
    )
    principal = await verify_bearer(token, session, settings)
    assert principal == Principal(
        kind="professional",
        subject=str(teacher),
        professional_id=teacher,
        client_id="sime-calarasi",
        organisation_id=world.organisations["school"],
        scopes=frozenset({"children:read", "concerns:write"}),
        token_id=principal.token_id,
        issuer="http://127.0.0.1:8000",
    )
    assert len(principal.token_id) >= 16


async def test_a_professional_token_lives_ten_minutes(
    session: AsyncSession, settings: Settings, world: World
) -> None:
    token = await issue_access_token(
        session, client_id="sime-calarasi", scopes=[], professional_id=world.people["doctor"]
    )
    claims = jwt.decode(token, (await keys.published_keys(session, settings)).verification_set())
    assert claims.claims["exp"] - claims.claims["iat"] == 600


async def test_a_deactivated_professional_s_token_is_refused(
    session: AsyncSession, settings: Settings, world: World
) -> None:
    teacher = world.people["teacher"]
    token = await issue_access_token(
        session, client_id="sime-calarasi", scopes=[], professional_id=teacher
    )
    await verify_bearer(token, session, settings)
    await session.exec(
        update(Professional).where(col(Professional.id) == teacher).values(active=False)
    )
    assert "not active" in await _refused(token, session, settings)


async def test_a_revoked_client_s_tokens_are_refused(
    app: FastAPI, clients: Clients, settings: Settings
) -> None:
    await clients.with_secret()
    async with UnitOfWork(app.state.session_factory) as uow:
        token = await _system_token(uow)
        await uow.commit()
    await clients.revoke("sime-calarasi")
    async with UnitOfWork(app.state.session_factory) as uow:
        assert "no longer active" in await _refused(token, uow.session, settings)


async def test_an_expired_token_is_refused(session: AsyncSession, settings: Settings) -> None:
    token = await _system_token(session, lifetime=timedelta(minutes=-2))
    assert await _refused(token, session, settings) == "The token has expired."


async def test_a_token_within_the_leeway_is_accepted(
    session: AsyncSession, settings: Settings
) -> None:
    token = await _system_token(session, lifetime=timedelta(seconds=-5))
    assert (await verify_bearer(token, session, settings)).client_id == "sime-calarasi"


async def test_a_token_for_another_audience_is_refused(
    session: AsyncSession, settings: Settings
) -> None:
    elsewhere = settings.model_copy(update={"api_audience": "registrul-de-stat"})
    token = await _system_token(session, settings=elsewhere)
    assert "aud" in await _refused(token, session, settings)


async def test_a_token_from_another_issuer_is_refused(
    session: AsyncSession, settings: Settings
) -> None:
    elsewhere = settings.model_copy(update={"issuer": "https://idp.example.md"})
    token = await _system_token(session, settings=elsewhere)
    assert "iss" in await _refused(token, session, settings)


async def test_alg_none_is_refused(session: AsyncSession, settings: Settings) -> None:
    claims = await _claims(session, settings)
    kid = (await keys.signing_key(session, settings)).kid
    header = {"typ": "at+jwt", "alg": "none", "kid": kid}
    token = f"{_segment(header)}.{_segment(claims)}."
    assert "algorithm" in await _refused(token, session, settings)


@pytest.mark.parametrize("secret_form", ["pem", "jwk"])
async def test_hs256_keyed_with_our_public_key_is_refused(
    session: AsyncSession, settings: Settings, secret_form: str
) -> None:
    """The classic confusion: the attacker HMACs with the public key a verifier might pass as
    the "secret". The public key is published, so such a token is as easy to make as this."""
    key = await keys.signing_key(session, settings)
    public = (
        key.key.as_pem(private=False)
        if secret_form == "pem"
        else json.dumps(key.public_jwk).encode()
    )
    claims = await _claims(session, settings)
    signing_input = f"{_segment({'typ': 'at+jwt', 'alg': 'HS256', 'kid': key.kid})}"
    signing_input += f".{_segment(claims)}"
    mac = hmac.new(public, signing_input.encode(), hashlib.sha256).digest()
    assert "algorithm" in await _refused(f"{signing_input}.{_b64(mac)}", session, settings)


async def test_a_token_signed_with_a_key_we_never_issued_is_refused(
    session: AsyncSession, settings: Settings
) -> None:
    stranger = new_key("stranger")
    claims = await _claims(session, settings)
    token = jwt.encode({"typ": "at+jwt", "alg": "RS256", "kid": "stranger"}, claims, stranger)
    assert "current key" in await _refused(token, session, settings)


async def test_a_stranger_key_under_our_kid_is_refused(
    session: AsyncSession, settings: Settings
) -> None:
    ours = (await keys.signing_key(session, settings)).kid
    claims = await _claims(session, settings)
    token = jwt.encode({"typ": "at+jwt", "alg": "RS256", "kid": ours}, claims, new_key(ours))
    assert "signature" in await _refused(token, session, settings)


async def test_a_token_without_at_jwt_typ_is_refused(
    session: AsyncSession, settings: Settings
) -> None:
    """An ID token (typ JWT) signed by the same key must not open the API."""
    key = await keys.signing_key(session, settings)
    claims = await _claims(session, settings)
    token = jwt.encode({"typ": "JWT", "alg": "RS256", "kid": key.kid}, claims, key.key)
    assert "typ" in await _refused(token, session, settings)


async def test_a_token_with_a_tampered_payload_is_refused(
    session: AsyncSession, settings: Settings
) -> None:
    header, _, signature = (await _system_token(session)).split(".")
    claims = await _claims(session, settings)
    claims["scope"] = "admin audit:read"
    forged = f"{header}.{_segment(claims)}.{signature}"
    assert "signature" in await _refused(forged, session, settings)


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "Bearer x.y.z", "ăîș.țâ.x"])
async def test_garbage_is_refused(session: AsyncSession, settings: Settings, garbage: str) -> None:
    await _refused(garbage, session, settings)


async def test_a_system_token_must_name_the_system_as_subject(
    session: AsyncSession, settings: Settings
) -> None:
    key = await keys.signing_key(session, settings)
    claims = await _claims(session, settings)
    claims["sub"] = str(uuid.uuid4())
    token = jwt.encode({"typ": "at+jwt", "alg": "RS256", "kid": key.kid}, claims, key.key)
    assert "subject" in await _refused(token, session, settings)
