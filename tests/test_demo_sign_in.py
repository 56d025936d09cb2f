"""Signing in to the demo: the published password works for every demo user, the demo app and
the demo school registry are registered, and loading the demo again changes none of it."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from app.auth.bearer import verify_bearer
from app.demo import DEMO_USERS, load_demo_data
from app.demo.sign_in import (
    DEMO_APP,
    DEMO_APP_REDIRECT_URIS,
    DEMO_PASSWORD,
    DEMO_SYSTEM,
    DEMO_SYSTEM_SECRET,
)
from app.persistence.repositories import oauth as repo
from app.persistence.tables.oauth import OAuthClient, OAuthCredential
from app.persistence.uow import UnitOfWork
from app.services import credentials
from tests.conftest import Db

pytestmark = pytest.mark.db


async def test_the_demo_can_be_signed_in_to(
    app: FastAPI, client: httpx.AsyncClient, db: Db
) -> None:
    factory = app.state.session_factory
    await load_demo_data(factory, children_per_district=1, sign_in=True)
    hashes = {c.professional_id: c.password_hash for c in await db.rows(OAuthCredential)}
    await load_demo_data(factory, children_per_district=1, sign_in=True)
    assert {c.professional_id: c.password_hash for c in await db.rows(OAuthCredential)} == hashes
    assert set(hashes) == {u.id for u in DEMO_USERS}
    assert {c.client_id for c in await db.rows(OAuthClient)} == {DEMO_APP, DEMO_SYSTEM}

    async with UnitOfWork(factory) as uow:
        for user in DEMO_USERS:
            signed_in = await credentials.authenticate(
                uow, f"{user.key}@demo.girfec.md", DEMO_PASSWORD, app.state.settings
            )
            assert isinstance(signed_in, credentials.SignedIn), user.key
        demo_app = await repo.client(uow.session, DEMO_APP)
        assert demo_app is not None
        assert demo_app.kind == "public"
        assert tuple(demo_app.redirect_uris) == DEMO_APP_REDIRECT_URIS
        assert {"openid", "offline_access", "admin", "cases:write"} <= set(demo_app.scope.split())
        teacher = await repo.professional(uow.session, DEMO_USERS[1].id)
        assert teacher is not None
        school = teacher.organisation_id

    r = await client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(DEMO_SYSTEM, DEMO_SYSTEM_SECRET),
    )
    assert r.status_code == 200, r.text
    async with UnitOfWork(factory) as uow:
        principal = await verify_bearer(r.json()["access_token"], uow.session, app.state.settings)
    assert principal.kind == "system"
    assert principal.organisation_id == school


async def test_without_sign_in_the_demo_has_no_password_nor_client(
    app: FastAPI, client: httpx.AsyncClient, db: Db
) -> None:
    """Outside the embedded database (PostgreSQL), nothing published is installed."""
    await load_demo_data(app.state.session_factory, children_per_district=1)
    assert await db.rows(OAuthCredential) == []
    assert await db.rows(OAuthClient) == []
