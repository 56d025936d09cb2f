"""The access log: each read leaves an entry, the DPO can see them, and the chain catches a
tamperer who got past the database's append-only triggers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import col

from app import cli
from app.persistence import access_triggers
from app.persistence.tables.access_log import AccessLogEntry
from app.services import access_log
from app.settings import get_settings
from tests.conftest import Db
from tests.factories import TEST_APP, Api, problem_of


async def entries(db: Db) -> list[AccessLogEntry]:
    return await db.rows(AccessLogEntry, order_by=col(AccessLogEntry.id))


WRITES = ("create", "update", "action")


async def reads(db: Db) -> list[AccessLogEntry]:
    return [e for e in await entries(db) if e.operation not in WRITES]


@asynccontextmanager
async def triggers_bypassed(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A tamperer with the schema owner's rights: the triggers are off for this transaction and
    back on before it commits (the conftest cleanup recreates them on SQLite regardless)."""
    async with engine.begin() as conn:
        dialect = conn.dialect.name
        if dialect == "postgresql":
            await conn.execute(text("ALTER TABLE access_log DISABLE TRIGGER USER"))
        else:
            for statement in access_triggers.drop_statements(dialect):
                await conn.execute(text(statement))
        try:
            yield conn
        finally:
            if dialect == "postgresql":
                await conn.execute(text("ALTER TABLE access_log ENABLE TRIGGER USER"))
            else:
                for statement in access_triggers.create_statements(dialect):
                    await conn.execute(text(statement))


async def test_each_read_leaves_an_entry_with_actor_operation_and_request_id(
    api: Api, db: Db
) -> None:
    ana = await api.child(given_name="Ana", family_name="Rusu")
    ion = await api.child(given_name="Ion", family_name="Căpățînă")
    # Writing a child's data is on record too: the registrations, by the teacher, with the
    # child's id and the client it came through.
    written = await entries(db)
    assert [(w.operation, w.resource_type, w.child_id) for w in written] == [
        ("create", "child", uuid.UUID(ana["id"])),
        ("create", "child", uuid.UUID(ion["id"])),
    ]
    assert {(w.actor_id, w.client_id) for w in written} == {
        (uuid.UUID(api.world.person("teacher")), TEST_APP)
    }

    await api.ok("GET", f"/api/v1/children/{ana['id']}", headers={"X-Request-ID": "req-read"})
    await api.ok("GET", "/api/v1/children", "supervisor", headers={"X-Request-ID": "req-list"})
    await api.ok(
        "GET",
        f"/api/v1/children/{ana['id']}/chronology",
        "social_worker",
        headers={"X-Request-ID": "req-chronology"},
    )

    rows = await reads(db)
    seen = [
        (r.request_id, r.actor_id, r.operation, r.resource_type, r.resource_id, r.child_id)
        for r in rows
    ]
    teacher, supervisor = (
        uuid.UUID(api.world.person("teacher")),
        uuid.UUID(api.world.person("supervisor")),
    )
    social_worker = uuid.UUID(api.world.person("social_worker"))
    ana_id, ion_id = uuid.UUID(ana["id"]), uuid.UUID(ion["id"])
    assert seen[0] == ("req-read", teacher, "read", "child", ana["id"], ana_id)
    assert sorted(seen[1:3], key=lambda s: s[4]) == sorted(
        [
            ("req-list", supervisor, "list", "child", ana["id"], ana_id),
            ("req-list", supervisor, "list", "child", ion["id"], ion_id),
        ],
        key=lambda s: s[4],
    )
    assert seen[3] == ("req-chronology", social_worker, "read", "chronology", ana["id"], ana_id)
    assert rows[0].organisation_id == uuid.UUID(api.world.org("school"))
    assert all(r.client_id == TEST_APP for r in rows), "the OAuth client is recorded too"
    # Sealed before the response was sent, in insertion order.
    assert [r.seq for r in rows] == [3, 4, 5, 6]
    assert all(r.hash is not None and r.prev_hash is not None for r in rows)


async def test_a_failed_request_records_nothing(api: Api, db: Db) -> None:
    missing = uuid.uuid4()
    problem_of(await api.call("GET", f"/api/v1/children/{missing}"), 404)
    problem_of(await api.call("GET", f"/api/v1/children/{missing}/chronology"), 404)
    assert await entries(db) == []


async def test_the_dpo_and_a_case_manager_see_who_has_seen_the_child(api: Api, db: Db) -> None:
    ana = await api.child()
    url = f"/api/v1/children/{ana['id']}"
    await api.ok("GET", url, "teacher", headers={"X-Request-ID": "req-1"})
    await api.ok("GET", f"{url}/wellbeing", "social_worker", headers={"X-Request-ID": "req-2"})
    # The police officer has no link to the child and breaks the glass to read the family.
    emergency = "Copilul a fost găsit singur noaptea; căutăm părinții."
    r = await api.call("GET", f"{url}/family-members", "officer", headers={"X-Request-ID": "r"})
    assert r.status_code == 404
    await api.ok(
        "GET",
        f"{url}/family-members",
        "officer",
        headers={"X-Request-ID": "req-3", "X-Break-Glass-Reason": quote(emergency)},
    )

    page = await api.ok("GET", f"{url}/disclosures", "dpo", headers={"X-Request-ID": "req-dpo"})
    assert [(i["request_id"], i["operation"], i["resource_type"]) for i in page["items"][:3]] == [
        ("req-3", "read", "family"),
        ("req-2", "read", "trajectory"),
        ("req-1", "read", "child"),
    ]
    # The oldest entry is the registration itself: changes are on record with the reads.
    registered = page["items"][3]
    assert (registered["operation"], registered["actor_id"]) == (
        "create",
        api.world.person("teacher"),
    )
    assert len(page["items"]) == 4
    assert page["items"][0]["purpose"] == f"break-the-glass: {emergency}"
    assert page["items"][0]["actor_id"] == api.world.person("officer")
    first = page["items"][2]
    assert first["actor_id"] == api.world.person("teacher")
    assert first["organisation_id"] == api.world.org("school")
    assert first["client_id"] == TEST_APP
    assert first["purpose"] is None
    assert page["next_before"] is None

    # Asking is itself a disclosure; a case manager may ask too, and page.
    page = await api.ok("GET", f"{url}/disclosures", "supervisor", params={"limit": 2})
    assert [i["resource_type"] for i in page["items"]] == ["disclosures", "family"]
    assert page["items"][0]["actor_id"] == api.world.person("dpo")
    rest = await api.ok(
        "GET", f"{url}/disclosures", "dpo", params={"limit": 3, "before": page["next_before"]}
    )
    assert [(i["operation"], i["resource_type"]) for i in rest["items"]] == [
        ("read", "trajectory"),
        ("read", "child"),
        ("create", "child"),
    ]
    assert rest["next_before"] is None


async def test_a_teacher_may_not_see_who_has_seen_the_child(api: Api, db: Db) -> None:
    ana = await api.child()
    before = len(await entries(db))
    problem = problem_of(await api.call("GET", f"/api/v1/children/{ana['id']}/disclosures"), 403)
    assert problem["type"] == "/problems/forbidden"
    assert len(await entries(db)) == before
    problem_of(await api.call("GET", f"/api/v1/children/{uuid.uuid4()}/disclosures", "dpo"), 404)


async def _five_entries(api: Api) -> None:
    """Five entries: the child's registration, then four reads of it."""
    ana = await api.child()
    for _ in range(4):
        await api.ok("GET", f"/api/v1/children/{ana['id']}")


async def test_verify_reports_an_intact_chain(api: Api, app: FastAPI) -> None:
    assert str(await access_log.verify(app.state.session_factory)) == (
        "access log intact: 0 entries"
    )
    await _five_entries(api)
    verdict = await access_log.verify(app.state.session_factory)
    assert verdict.intact
    assert str(verdict) == "access log intact: 5 entries"


async def test_verify_catches_an_altered_row(api: Api, app: FastAPI, engine: AsyncEngine) -> None:
    await _five_entries(api)
    async with triggers_bypassed(engine) as conn:
        await conn.execute(
            text("UPDATE access_log SET resource_id = :other WHERE seq = 3"),
            {"other": str(uuid.uuid4())},
        )
    verdict = await access_log.verify(app.state.session_factory)
    assert (verdict.broken_seq, verdict.entries) == (3, 2)
    assert str(verdict).startswith("first broken link at seq 3: ")


async def test_verify_catches_a_deleted_row(api: Api, app: FastAPI, engine: AsyncEngine) -> None:
    await _five_entries(api)
    async with triggers_bypassed(engine) as conn:
        await conn.execute(text("DELETE FROM access_log WHERE seq = 2"))
    verdict = await access_log.verify(app.state.session_factory)
    assert verdict.broken_seq == 3
    assert "missing" in str(verdict)


async def test_a_bypass_that_changes_nothing_leaves_the_chain_intact(
    api: Api, app: FastAPI, engine: AsyncEngine
) -> None:
    await _five_entries(api)
    async with triggers_bypassed(engine) as conn:
        await conn.execute(text("DELETE FROM access_log WHERE seq > 99"))
    assert (await access_log.verify(app.state.session_factory)).intact


async def test_the_database_refuses_to_change_or_delete_a_sealed_entry(
    api: Api, app: FastAPI, engine: AsyncEngine, db: Db
) -> None:
    await _five_entries(api)
    async with triggers_bypassed(engine):
        pass  # the triggers come back after a bypass
    for statement in (
        "UPDATE access_log SET resource_id = 'x' WHERE seq = 1",
        "DELETE FROM access_log WHERE seq = 5",
        "DELETE FROM access_log",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            async with engine.begin() as conn:
                await conn.execute(text(statement))
    assert len(await entries(db)) == 5
    assert (await access_log.verify(app.state.session_factory)).intact


async def test_the_command_seals_and_verifies(
    api: Api, database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await _five_entries(api)
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as exit_:
            await _run_cli("verify")
    finally:
        get_settings.cache_clear()
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == "access log intact: 5 entries"


async def _run_cli(action: str) -> None:
    """The command runs its own event loop; here it runs in a thread beside the test's."""
    await asyncio.to_thread(cli.main, ["access-log", action])
