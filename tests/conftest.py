"""Test harness: every database test runs on SQLite and on PostgreSQL.

Each backend gets a fresh database built only by the Alembic migrations, then the app is started
through its real lifespan and spoken to over HTTP (httpx against the ASGI app). After each test the
mutable tables are emptied, so tests do not see each other's rows.

PostgreSQL comes from TEST_POSTGRES_URL (default: the local cluster). When it cannot be reached the
PostgreSQL half is skipped, unless REQUIRE_POSTGRES=1 (CI sets it), which turns that into a failure.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, event, insert, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import col, select

from app.auth import client_jwks, keys
from app.domain.deadlines import DEFAULT_RULES, utcnow
from app.main import create_app
from app.persistence import access_triggers
from app.persistence.base import metadata
from app.persistence.db import make_engine
from app.persistence.migrations import upgrade_to_head
from app.persistence.tables.cases import Case
from app.persistence.tables.concerns import Concern
from app.persistence.tables.deadlines import Deadline
from app.persistence.tables.events import StoredEvent
from app.persistence.tables.plans import WellbeingRating
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork
from app.settings import Settings
from tests.factories import Api, World, build_world

# One database per pytest process, so parallel runs (several developers, CI) never collide.
PG_URL = os.environ.get(
    "TEST_POSTGRES_URL", f"postgresql+asyncpg://postgres@127.0.0.1:5432/girfec_test_{os.getpid()}"
)
REFERENCE_TABLES = {"territories", "localities", "deadline_policies"}


async def _postgres_admin(url: str, *statements: str) -> None:
    base, name = url.rsplit("/", 1)
    admin_dsn = base.replace("postgresql+asyncpg", "postgresql") + "/postgres"
    conn = await asyncpg.connect(admin_dsn, timeout=5)
    try:
        for statement in statements:
            await conn.execute(statement.format(name=name))
    finally:
        await conn.close()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    if request.param == "sqlite":
        folder = tempfile.mkdtemp(prefix="girfec-test-")
        yield f"sqlite+aiosqlite:///{Path(folder) / 'test.db'}"
        return
    drop = 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    try:
        await _postgres_admin(PG_URL, drop, 'CREATE DATABASE "{name}"')
    except (OSError, asyncpg.PostgresError) as exc:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but unreachable at {PG_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL} ({exc}); set REQUIRE_POSTGRES=1 to fail")
    yield PG_URL
    await _postgres_admin(PG_URL, drop)


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    eng = make_engine(database_url)
    await upgrade_to_head(eng)
    yield eng
    await eng.dispose()


@pytest.fixture(scope="session")
async def app(engine: AsyncEngine, database_url: str) -> AsyncIterator[FastAPI]:
    # Webhooks are sent by the dispatchers the webhook tests start themselves; a background one
    # here would add statements to every test that counts them.
    application = create_app(
        Settings(database_url=database_url, auto_migrate=False, webhook_dispatcher="off")
    )
    async with application.router.lifespan_context(application):
        yield application


async def _empty_access_log(conn: AsyncConnection) -> None:
    """The append-only triggers refuse DELETE: TRUNCATE fires no row trigger on PostgreSQL; on
    SQLite the triggers are dropped and recreated, in this transaction, from the migration's
    own definition."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        await conn.execute(text("TRUNCATE access_log"))
        return
    for statement in access_triggers.drop_statements(dialect):
        await conn.execute(text(statement))
    await conn.execute(delete(metadata.tables["access_log"]))
    for statement in access_triggers.create_statements(dialect):
        await conn.execute(text(statement))


async def _empty_mutable_tables(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            if table.name == "access_log":
                await _empty_access_log(conn)
            elif table.name not in REFERENCE_TABLES:
                await conn.execute(delete(table))
        policy = metadata.tables["deadline_policies"]
        await conn.execute(delete(policy))
        await conn.execute(
            insert(policy),
            [
                {
                    "kind": r.kind.value,
                    "urgency": r.urgency.value,
                    "amount": r.amount,
                    "unit": r.unit.value,
                    "legal_basis": r.legal_basis,
                    "updated_at": utcnow(),
                }
                for r in DEFAULT_RULES
            ],
        )
    # The caches go with the tables: the process must not keep signing with a deleted key.
    keys.invalidate()
    client_jwks.forget()


@pytest.fixture
async def client(app: FastAPI, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
    await _empty_mutable_tables(engine)


@pytest.fixture
async def world(app: FastAPI, client: httpx.AsyncClient) -> World:
    """Organisations and professionals in Călărași and Ungheni, built through the service layer
    (the first administrator cannot be created over the API by nobody)."""
    return await build_world(app, client)


@pytest.fixture
def api(client: httpx.AsyncClient, world: World) -> Api:
    return Api(client, world)


_DUE_SUBJECTS: dict[str, Any] = {"concern": Concern, "referral": Referral, "case": Case}


class Db:
    """What the API does not show: deadlines, stored events and rating points, read straight from
    the database; and the one write a test may make behind the API's back, ageing a deadline."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def rows(self, model: Any, *where: Any, order_by: Any = None) -> list[Any]:
        async with UnitOfWork(self.app.state.session_factory) as uow:
            stmt = select(model).where(*where)
            if order_by is not None:
                stmt = stmt.order_by(order_by)
            return list((await uow.session.exec(stmt)).all())

    async def get(self, model: Any, ident: str) -> Any:
        async with UnitOfWork(self.app.state.session_factory) as uow:
            return await uow.session.get(model, uuid.UUID(ident))

    async def deadlines(self, subject_id: str, *, open_only: bool = False) -> list[Deadline]:
        """A subject's deadlines, oldest first; `open_only` leaves out those already met."""
        where = [col(Deadline.subject_id) == uuid.UUID(subject_id)]
        if open_only:
            where.append(col(Deadline.met_at).is_(None))
        return await self.rows(Deadline, *where, order_by=col(Deadline.started_at))

    async def events(
        self, *, type: str | None = None, aggregate_id: str | None = None
    ) -> list[StoredEvent]:
        """Stored events in the order they were written, of one type and/or one aggregate."""
        where = []
        if type is not None:
            where.append(col(StoredEvent.type) == type)
        if aggregate_id is not None:
            where.append(col(StoredEvent.aggregate_id) == uuid.UUID(aggregate_id))
        return await self.rows(StoredEvent, *where, order_by=col(StoredEvent.position))

    async def event_types(self, aggregate_id: str) -> list[str]:
        return [e.type for e in await self.events(aggregate_id=aggregate_id)]

    async def ratings(self, source_id: str) -> list[WellbeingRating]:
        """The points an assessment, review or observation put on the child's trajectory."""
        return await self.rows(WellbeingRating, WellbeingRating.source_id == uuid.UUID(source_id))

    async def make_overdue(self, subject_type: str, subject_id: str) -> None:
        """Move a concern's, referral's or case's due time (and its deadline's) an hour into the
        past, as if time had passed: the API rightly offers no way to do that. A subject whose
        deadline was already met keeps its empty `due_at`."""
        past = utcnow() - timedelta(hours=1)
        subject = _DUE_SUBJECTS[subject_type]
        ident = uuid.UUID(subject_id)
        async with UnitOfWork(self.app.state.session_factory) as uow:
            await uow.session.exec(
                update(subject)
                .where(col(subject.id) == ident, col(subject.due_at).is_not(None))
                .values(due_at=past)
            )
            await uow.session.exec(
                update(Deadline)
                .where(
                    col(Deadline.subject_type) == subject_type, col(Deadline.subject_id) == ident
                )
                .values(due_at=past)
            )
            await uow.commit()


@pytest.fixture
def db(app: FastAPI) -> Db:
    return Db(app)


def unique_key() -> str:
    return str(uuid.uuid4())


class StatementCounter:
    """Counts SQL statements the app sends, to prove that lists cost the same for 2 rows as 50."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_: object) -> None:
        self.count += 1


@pytest.fixture
def statements(app: FastAPI) -> Iterator[StatementCounter]:
    counter = StatementCounter()
    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine, "before_cursor_execute", counter)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test of what only PostgreSQL has (LISTEN/NOTIFY) runs on PostgreSQL alone: its SQLite
    variant is deselected at collection rather than skipped at run time."""
    kept, dropped = [], []
    for item in items:
        sqlite = "[sqlite" in item.nodeid
        (dropped if sqlite and item.get_closest_marker("postgresql_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
