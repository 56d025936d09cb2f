"""The body limit: the attendance batch route takes bodies up to `max_batch_bytes`, every other
route stops at `max_body_bytes`, whether the client declares Content-Length or streams.

An app with small limits (2 KiB, 8 KiB) over the same database shows both, at a size a test can
send; the defaults (1 MiB, 32 MiB) are the same code with other numbers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from app.main import create_app
from app.persistence.tables.attendance import AttendanceEvent
from app.settings import Settings
from tests.conftest import Db
from tests.factories import Api, problem_of
from tests.fixture_files import document
from tests.school_registry import ATTENDANCE, CONCERNS, HEADER, SCHOOL, school_days

pytestmark = pytest.mark.db

BODY_LIMIT, BATCH_LIMIT = 2048, 8192


@asynccontextmanager
async def small_limits(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app: FastAPI = create_app(
        Settings(
            database_url=database_url,
            auto_migrate=False,
            webhook_dispatcher="off",
            max_body_bytes=BODY_LIMIT,
            max_batch_bytes=BATCH_LIMIT,
        )
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


def batch(pupils: int, days: int = 5) -> bytes:
    lines = [
        f"E-{p:06d},{SCHOOL},{d.isoformat()},Present\n"
        for p in range(pupils)
        for d in school_days(days)
    ]
    return (HEADER + "".join(lines)).encode()


async def streamed(body: bytes) -> AsyncIterator[bytes]:
    """The body in 1 KiB chunks with no Content-Length: the limit must hold as it is read."""
    for start in range(0, len(body), 1024):
        yield body[start : start + 1024]


def assert_too_large(r: httpx.Response, limit: int) -> None:
    problem = problem_of(r, 413)
    assert problem["type"] == "/problems/payload-too-large"
    assert f"larger than {limit} bytes" in problem["detail"]


async def test_an_attendance_batch_may_exceed_the_body_limit_up_to_the_batch_limit(
    api: Api, db: Db, database_url: str
) -> None:
    await api.ok(
        "POST",
        f"/api/v1/admin/organisations/{api.world.org('school')}/identifiers",
        "admin",
        json={"system": "school-registry", "value": SCHOOL},
        expect=201,
    )
    csv = {**api.headers("school_registry"), "Content-Type": "text/csv"}
    fits = batch(20)  # 100 rows
    assert BODY_LIMIT < len(fits) < BATCH_LIMIT
    too_big = batch(60)  # 300 rows
    assert len(too_big) > BATCH_LIMIT
    async with small_limits(database_url) as client:
        declared = await client.post(ATTENDANCE, content=fits, headers=csv)
        assert declared.status_code == 200, declared.text
        assert (declared.json()["received"], declared.json()["accepted"]) == (100, 100)
        flowing = await client.post(ATTENDANCE, content=streamed(fits), headers=csv)
        assert flowing.status_code == 200, flowing.text
        assert (flowing.json()["received"], flowing.json()["accepted"]) == (100, 0)

        assert_too_large(await client.post(ATTENDANCE, content=too_big, headers=csv), BATCH_LIMIT)
        assert_too_large(
            await client.post(ATTENDANCE, content=streamed(too_big), headers=csv), BATCH_LIMIT
        )
    # The refused batches were never read into the service: only the first 100 rows are stored.
    assert len(await db.rows(AttendanceEvent)) == 100


async def test_every_other_route_stops_at_the_body_limit(api: Api, database_url: str) -> None:
    concern = document("school", "concern.json")
    padded = {**concern, "description": "x" * BODY_LIMIT}
    small_child = api.child_body()
    big_child = api.child_body(address="x" * BODY_LIMIT)
    async with small_limits(database_url) as client:
        registry = api.headers("school_registry")
        assert_too_large(await client.post(CONCERNS, json=padded, headers=registry), BODY_LIMIT)
        body = json.dumps(padded).encode()
        assert BODY_LIMIT < len(body) < BATCH_LIMIT
        assert_too_large(
            await client.post(
                CONCERNS,
                content=streamed(body),
                headers={**registry, "Content-Type": "application/json"},
            ),
            BODY_LIMIT,
        )
        teacher = api.headers("teacher")
        assert_too_large(
            await client.post("/api/v1/children", json=big_child, headers=teacher), BODY_LIMIT
        )
        query = {"query": "{ me { id } }", "padding": "x" * BODY_LIMIT}
        assert_too_large(await client.post("/graphql", json=query, headers=teacher), BODY_LIMIT)
        # Under the limit the same route works: the limit, not the route, refused.
        assert len(json.dumps(small_child)) < BODY_LIMIT
        made = await client.post("/api/v1/children", json=small_child, headers=teacher)
        assert made.status_code == 201, made.text
