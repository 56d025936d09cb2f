"""The API as a resource server: a bearer token on every call, its scope and the route table
checked before anything else, and sector systems acting for their organisation."""

from __future__ import annotations

import uuid

import pytest
from fastapi import FastAPI
from sqlmodel import col

from app.auth.tokens import issue_access_token
from app.persistence.tables.access_log import AccessLogEntry
from app.persistence.tables.organisations import Professional
from app.persistence.uow import UnitOfWork
from tests.conftest import Db
from tests.factories import TEST_APP, Api, concern_body, problem_of

pytestmark = pytest.mark.db


async def test_no_token_is_401_with_a_bare_bearer_challenge(api: Api) -> None:
    r = await api.client.get("/api/v1/children")
    problem = problem_of(r, 401)
    assert problem["type"] == "/problems/unauthenticated"
    assert r.headers["WWW-Authenticate"] == 'Bearer realm="girfec"'
    assert "Authorization: Bearer" in problem["detail"]


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "Bearer ", "Bearer a.b.c"],
)
async def test_a_bad_token_is_401_invalid_token(api: Api, authorization: str) -> None:
    r = await api.client.get("/api/v1/children", headers={"Authorization": authorization})
    problem_of(r, 401)
    challenge = r.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="girfec", error="invalid_token"')
    assert "error_description=" in challenge


async def test_a_token_without_the_scope_is_403_insufficient_scope(api: Api, app: FastAPI) -> None:
    async with UnitOfWork(app.state.session_factory) as uow:
        token = await issue_access_token(
            uow,
            client_id=TEST_APP,
            scopes=["children:read"],
            professional_id=uuid.UUID(api.world.person("teacher")),
        )
    headers = {"Authorization": f"Bearer {token}"}
    assert (await api.client.get("/api/v1/children", headers=headers)).status_code == 200
    r = await api.client.get("/api/v1/concerns", headers=headers)
    assert problem_of(r, 403)["type"] == "/problems/insufficient-scope"
    assert r.json()["scope"] == "concerns:read"
    assert r.headers["WWW-Authenticate"].startswith(
        'Bearer realm="girfec", error="insufficient_scope"'
    )
    assert r.headers["WWW-Authenticate"].endswith('scope="concerns:read"')


async def test_a_role_gate_refuses_with_the_roles_it_needs(api: Api) -> None:
    r = await api.call("GET", f"/api/v1/children/{uuid.uuid4()}/export", "supervisor")
    assert problem_of(r, 403)["detail"] == "This needs one of these roles: data_protection_officer."
    r = await api.call("POST", "/api/v1/organisations", "teacher", json={})
    assert problem_of(r, 403)["type"] == "/problems/forbidden"


async def test_a_deactivated_professionals_token_stops_working_at_once(
    api: Api, app: FastAPI
) -> None:
    await api.ok("GET", "/api/v1/professionals/me", "officer")
    async with UnitOfWork(app.state.session_factory) as uow:
        officer = await uow.session.get(Professional, uuid.UUID(api.world.person("officer")))
        assert officer is not None
        officer.active = False
        uow.session.add(officer)
        await uow.commit()
    r = await api.call("GET", "/api/v1/professionals/me", "officer")
    assert problem_of(r, 401)["type"] == "/problems/unauthenticated"


async def test_a_sector_system_reports_a_concern_for_its_organisation(api: Api, db: Db) -> None:
    child = await api.child("school_registry")
    r = await api.call(
        "POST", "/api/v1/concerns", "school_registry", json=concern_body(child["id"])
    )
    assert r.status_code == 201, r.text
    concern = r.json()
    assert concern["raised_by_id"] is None
    assert concern["organisation_id"] == api.world.org("school")
    assert concern["sector"] == "education"
    # The school's own professionals see what their system reported, the clinic's system not.
    await api.ok("GET", f"/api/v1/concerns/{concern['id']}", "teacher")
    r = await api.call("GET", f"/api/v1/concerns/{concern['id']}", "clinic_records")
    assert problem_of(r, 404)["type"] == "/problems/not-found"
    # The read by the system is on record, named by its client.
    await api.ok("GET", f"/api/v1/concerns/{concern['id']}", "school_registry")
    [entry] = [
        e
        for e in await db.rows(AccessLogEntry, order_by=col(AccessLogEntry.id))
        if e.client_id == "school-registry" and e.operation == "read"
    ]
    assert (entry.actor_id, entry.resource_type) == (None, "concern")
    # And so is what it wrote: the child it registered and the concern it raised.
    written = {
        (e.operation, e.resource_type)
        for e in await db.rows(AccessLogEntry)
        if e.client_id == "school-registry" and e.operation != "read"
    }
    assert written == {("create", "child"), ("create", "concern")}


async def test_a_sector_system_may_not_do_a_professionals_work(api: Api) -> None:
    r = await api.call("GET", "/api/v1/cases", "school_registry")
    problem = problem_of(r, 403)
    assert problem["detail"] == "Only a signed-in professional may do this, not a sector system."
    # Nor does it hold the scope for it.
    r = await api.call("GET", "/api/v1/children/x/chronology", "school_registry")
    assert problem_of(r, 403)["type"] == "/problems/forbidden"
