"""Subscriptions over graphql-transport-ws, with the gql client against real servers: uvicorn on
127.0.0.1 serving the test's app and, to show the channels between processes, a second app on
the same database. Changes are made over REST, as a frontend would make them.

A subscriber that passes `after` (the log's end before the change) cannot miss the change, however
the server's start of the subscription and the change interleave; timeouts only guard failures.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
import pytest
import redis.asyncio as redis
import uvicorn
from fastapi import FastAPI
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport
from sqlalchemy import text
from sqlmodel import col
from websockets.exceptions import ConnectionClosed

from app.auth.tokens import issue_access_token
from app.main import create_app
from app.persistence.channels import EventNotice
from app.persistence.channels.postgres import APPLICATION_NAME
from app.persistence.tables.access_log import AccessLogEntry
from app.persistence.tables.events import StoredEvent
from app.persistence.uow import UnitOfWork
from app.settings import Settings
from tests.conftest import Db
from tests.factories import TEST_APP, Api, World

pytestmark = pytest.mark.db

WAIT = 15.0
"""How long a test waits for what must come: a failure guard, never a measure of timing."""

REFERRAL_CHANGED = """
subscription($id: ID, $after: String) {
  referralChanged(id: $id, after: $after) {
    event { cursor type summary occurredAt }
    referral { databaseId status case { stage child { givenName } } }
  }
}"""

CASE_CHANGED = """
subscription($after: String) {
  caseChanged(after: $after) {
    event { type summary }
    case { databaseId stage referrals { databaseId status } }
  }
}"""


# ---- servers and subscribers ---------------------------------------------------------------


@asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[str]:
    """`app` (its lifespan already running) served by uvicorn on a free port of 127.0.0.1, in
    this event loop; yields host:port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(WAIT):
            while not server.started:
                assert not task.done(), "the server stopped while starting"
                await asyncio.sleep(0.01)
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


@asynccontextmanager
async def instance(database_url: str, **settings: Any) -> AsyncIterator[FastAPI]:
    """Another API process's app on the test's database, with its own engine and channel."""
    other = create_app(Settings(database_url=database_url, auto_migrate=False, **settings))
    async with other.router.lifespan_context(other):
        yield other


def transport(address: str, init_payload: dict[str, Any]) -> WebsocketsTransport:
    return WebsocketsTransport(
        url=f"ws://{address}/graphql",
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload=init_payload,
    )


class Subscriber:
    """One subscription followed in the background by the gql client; `next()` is its next
    result (or raises what the server answered instead)."""

    def __init__(self, address: str, token: str, document: str, **variables: Any) -> None:
        self.client = Client(
            transport=transport(address, {"Authorization": f"Bearer {token}"}),
            fetch_schema_from_transport=False,
        )
        self.request = gql(document)
        self.request.variable_values = variables
        self.results: asyncio.Queue[dict[str, Any] | Exception] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Subscriber:
        session = await self.client.connect_async()
        self.task = asyncio.create_task(self._follow(session))
        return self

    async def _follow(self, session: Any) -> None:
        try:
            async for result in session.subscribe(self.request):
                await self.results.put(result)
        except Exception as exc:
            await self.results.put(exc)

    async def next(self) -> dict[str, Any]:
        async with asyncio.timeout(WAIT):
            result = await self.results.get()
        if isinstance(result, Exception):
            raise result
        return result

    async def __aexit__(self, *_: object) -> None:
        assert self.task is not None
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)
        await self.client.close_async()


async def log_end(db: Db) -> str:
    """The cursor of the last stored event: subscribing after it, nothing later is missed."""
    return str(max((e.position or 0 for e in await db.events()), default=0))


def over_http(address: str, world: World) -> Api:
    """REST calls to a served instance, as another client of that process would make them."""
    return Api(httpx.AsyncClient(base_url=f"http://{address}"), world)


async def accept(api: Api, referral: dict[str, Any]) -> None:
    url = f"/api/v1/referrals/{referral['id']}/accept"
    response = await api.act(url, "social_worker", version=referral["version"])
    assert response.status_code == 200, response.text


async def withdraw(api: Api, referral: dict[str, Any]) -> None:
    url = f"/api/v1/referrals/{referral['id']}/withdraw"
    body = {"reason": "Trimisă din greșeală pentru alt elev; o retragem."}
    response = await api.act(url, "teacher", body, version=referral["version"])
    assert response.status_code == 200, response.text


# ---- delivery ---------------------------------------------------------------------------------


async def test_a_subscriber_receives_an_acceptance_made_over_rest(
    app: FastAPI, api: Api, db: Db, world: World
) -> None:
    referral = await api.referral()
    after = await log_end(db)
    token = world.tokens["social_worker"]
    async with (
        served(app) as address,
        Subscriber(address, token, REFERRAL_CHANGED, after=after) as referrals,
        Subscriber(address, token, CASE_CHANGED, after=after) as cases,
    ):
        await accept(api, referral)
        change = (await referrals.next())["referralChanged"]
        opened = (await cases.next())["caseChanged"]
        # Each delivery is a read of the record, in the access log as REST's GET would be, and
        # written before the event left the server.
        reads = await db.rows(
            AccessLogEntry,
            col(AccessLogEntry.actor_id) == world.people["social_worker"],
            col(AccessLogEntry.operation) == "read",
        )

    assert change["event"]["type"] == "referral.accepted"
    assert int(change["event"]["cursor"]) > int(after)
    assert change["referral"]["databaseId"] == referral["id"]
    assert change["referral"]["status"] == "accepted"
    # Relations resolve in the delivery's own transaction, through the loaders and the policy.
    assert change["referral"]["case"]["stage"] == "initial_assessment"
    assert change["referral"]["case"]["child"]["givenName"] == "Ana"
    assert opened["event"]["type"] == "case.opened"
    assert opened["case"]["referrals"] == [{"databaseId": referral["id"], "status": "accepted"}]
    assert {(r.resource_type, r.resource_id) for r in reads} >= {
        ("referral", referral["id"]),
        ("case", opened["case"]["databaseId"]),
    }


async def test_following_one_referral_hears_only_that_referral(
    app: FastAPI, api: Api, db: Db, world: World
) -> None:
    followed, other = await api.referral(), await api.referral()
    after = await log_end(db)
    token = world.tokens["social_worker"]
    async with (
        served(app) as address,
        Subscriber(address, token, REFERRAL_CHANGED, id=followed["id"], after=after) as sub,
    ):
        await accept(api, other)
        await accept(api, followed)
        change = (await sub.next())["referralChanged"]
    assert change["referral"]["databaseId"] == followed["id"]


async def test_a_subscriber_hears_what_it_missed_after_its_cursor(
    app: FastAPI, api: Api, db: Db, world: World
) -> None:
    referral = await api.referral()
    after = await log_end(db)
    await accept(api, referral)  # before anyone subscribes
    async with (
        served(app) as address,
        Subscriber(address, world.tokens["social_worker"], REFERRAL_CHANGED, after=after) as sub,
    ):
        change = (await sub.next())["referralChanged"]
    assert change["event"]["type"] == "referral.accepted"


# ---- the access policy ------------------------------------------------------------------------


async def test_a_subscriber_outside_the_scope_does_not_hear_of_the_change(
    app: FastAPI, api: Api, db: Db, world: World
) -> None:
    calarasi = await api.referral()
    after = await log_end(db)
    async with (
        served(app) as address,
        Subscriber(address, world.tokens["social_worker"], REFERRAL_CHANGED, after=after) as inside,
        Subscriber(address, world.tokens["ungheni_worker"], REFERRAL_CHANGED, after=after) as out,
    ):
        await accept(api, calarasi)
        assert (await inside.next())["referralChanged"]["referral"]["databaseId"] == calarasi["id"]
        # Then two changes Ungheni may see. Events reach a subscriber in the log's order, so had
        # the acceptance been sent to Ungheni it would have come before either of them.
        ungheni = await api.referral(to="ungheni_mayoralty")
        await withdraw(api, ungheni)
        heard = [(await out.next())["referralChanged"] for _ in range(2)]

    assert [h["referral"]["databaseId"] for h in heard] == [ungheni["id"], ungheni["id"]]
    assert [h["event"]["type"] for h in heard] == ["referral.received", "referral.withdrawn"]
    reads = await db.rows(
        AccessLogEntry,
        col(AccessLogEntry.actor_id) == world.people["ungheni_worker"],
        col(AccessLogEntry.resource_id) == calarasi["id"],
    )
    assert reads == []


async def test_following_a_referral_out_of_reach_is_refused_as_not_found(
    app: FastAPI, api: Api, world: World
) -> None:
    referral = await api.referral()
    token = world.tokens["ungheni_worker"]
    async with (
        served(app) as address,
        Subscriber(address, token, REFERRAL_CHANGED, id=referral["id"]) as sub,
    ):
        with pytest.raises(TransportQueryError) as refused:
            await sub.next()
    assert refused.value.errors is not None
    assert refused.value.errors[0]["extensions"]["code"] == "not-found"


async def test_a_token_without_referrals_read_may_not_subscribe(app: FastAPI, world: World) -> None:
    async with UnitOfWork(app.state.session_factory) as uow:
        token = await issue_access_token(
            uow,
            client_id=TEST_APP,
            scopes=["cases:read", "directory:read"],
            professional_id=world.people["social_worker"],
        )
        await uow.commit()
    async with served(app) as address, Subscriber(address, token, REFERRAL_CHANGED) as sub:
        with pytest.raises(TransportQueryError) as refused:
            await sub.next()
    assert refused.value.errors is not None
    assert refused.value.errors[0]["extensions"]["code"] == "insufficient-scope"


async def test_a_sector_system_may_not_follow_cases(app: FastAPI, world: World) -> None:
    """`GET /cases/{case_id}` is for professionals only; so is following cases."""
    token = world.tokens["school_registry"]
    async with served(app) as address, Subscriber(address, token, CASE_CHANGED) as sub:
        with pytest.raises(TransportQueryError) as refused:
            await sub.next()
    assert refused.value.errors is not None
    assert refused.value.errors[0]["extensions"]["code"] == "forbidden"


async def test_a_deactivated_professional_s_subscription_ends_at_the_next_event(
    app: FastAPI, api: Api, db: Db, world: World
) -> None:
    after = await log_end(db)
    worker = world.person("social_worker")
    async with (
        served(app) as address,
        Subscriber(address, world.tokens["social_worker"], REFERRAL_CHANGED, after=after) as sub,
    ):
        professional = await api.ok("GET", f"/api/v1/professionals/{worker}", "admin")
        url = f"/api/v1/admin/professionals/{worker}/deactivate"
        response = await api.act(url, "admin", version=professional["version"])
        assert response.status_code == 200, response.text
        await api.referral()
        with pytest.raises(TransportQueryError) as ended:
            await sub.next()
    assert ended.value.errors is not None
    assert ended.value.errors[0]["extensions"]["code"] == "unauthenticated"


# ---- connection_init -------------------------------------------------------------------------


def _close_code(error: BaseException) -> int | None:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ConnectionClosed) and seen.rcvd is not None:
            return seen.rcvd.code
        seen = seen.__cause__ or seen.__context__
    return None


@pytest.mark.parametrize(
    "init_payload",
    [
        pytest.param({}, id="no-token"),
        pytest.param({"Authorization": "Bearer not-a-token"}, id="bad-token"),
        pytest.param({"Authorization": "Basic c29jaWFsOndvcmtlcg=="}, id="not-bearer"),
        pytest.param(None, id="expired-token"),
    ],
)
async def test_connection_init_without_a_good_token_is_closed_4403(
    app: FastAPI, world: World, init_payload: dict[str, Any] | None
) -> None:
    if init_payload is None:
        async with UnitOfWork(app.state.session_factory) as uow:
            expired = await issue_access_token(
                uow,
                client_id=TEST_APP,
                scopes=["referrals:read"],
                professional_id=world.people["social_worker"],
                lifetime=timedelta(minutes=-5),
            )
            await uow.commit()
        init_payload = {"Authorization": f"Bearer {expired}"}
    async with served(app) as address:
        client = Client(transport=transport(address, init_payload))
        with pytest.raises(Exception) as closed:  # noqa: PT011 - gql wraps the close
            async with asyncio.timeout(WAIT):
                await client.connect_async()
        await client.close_async()
    assert _close_code(closed.value) == 4403


# ---- several API processes ---------------------------------------------------------------------


@pytest.mark.postgresql_only
async def test_on_postgresql_a_change_through_one_process_reaches_a_subscriber_of_another(
    app: FastAPI, db: Db, world: World, database_url: str, api: Api
) -> None:
    assert database_url.startswith("postgresql")
    first, second = await api.referral(), await api.referral()
    async with (
        instance(database_url, graphql_event_channel="postgres") as other,
        served(app) as writer,
        served(other) as reader,
    ):
        await asyncio.wait_for(other.state.event_hub.listening(), WAIT)
        after = await log_end(db)
        rest = over_http(writer, world)
        token = world.tokens["social_worker"]
        async with Subscriber(reader, token, REFERRAL_CHANGED, after=after) as sub:
            await accept(rest, first)
            assert (await sub.next())["referralChanged"]["referral"]["databaseId"] == first["id"]
            # The subscription has read the log once and the listener was already listening, so
            # what comes now comes through the channel: NOTIFY, sent by the other process.
            await accept(rest, second)
            assert (await sub.next())["referralChanged"]["referral"]["databaseId"] == second["id"]
        await rest.client.aclose()


@pytest.mark.postgresql_only
async def test_on_postgresql_a_lost_listener_reconnects_and_nothing_is_missed(
    app: FastAPI, db: Db, world: World, database_url: str, api: Api
) -> None:
    assert database_url.startswith("postgresql")
    referral = await api.referral()
    async with (
        instance(database_url, graphql_event_channel="postgres") as other,
        served(other) as reader,
    ):
        await asyncio.wait_for(other.state.event_hub.listening(), WAIT)
        after = await log_end(db)
        token = world.tokens["social_worker"]
        async with Subscriber(reader, token, REFERRAL_CHANGED, after=after) as sub:
            async with UnitOfWork(app.state.session_factory) as uow:
                killed = await uow.session.exec(  # type: ignore[call-overload]
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = :name AND datname = current_database()"
                    ),
                    params={"name": APPLICATION_NAME},
                )
                assert killed.all(), "no listener to terminate"
            await accept(api, referral)
            change = (await sub.next())["referralChanged"]
    assert change["referral"]["databaseId"] == referral["id"]


@pytest.fixture
async def redis_channel() -> str:
    """A channel of this test's own on the local Redis (channels are server-wide)."""
    client = redis.Redis.from_url(Settings().redis_url)
    try:
        await client.ping()
    except (redis.ConnectionError, OSError) as exc:
        await client.aclose()
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required but unreachable: {exc}")
        pytest.skip(f"Redis unreachable ({exc}); set REQUIRE_REDIS=1 to fail")
    await client.aclose()
    return f"girfec_test_{uuid.uuid4().hex}"


async def test_the_redis_channel_carries_a_change_between_processes(
    db: Db, world: World, database_url: str, api: Api, redis_channel: str
) -> None:
    first, second = await api.referral(), await api.referral()
    settings = {"graphql_event_channel": "redis", "redis_event_channel": redis_channel}
    async with (
        instance(database_url, **settings) as one,
        instance(database_url, **settings) as two,
        served(one) as writer,
        served(two) as reader,
    ):
        await asyncio.wait_for(two.state.event_hub.listening(), WAIT)
        after = await log_end(db)
        rest = over_http(writer, world)
        token = world.tokens["social_worker"]
        async with Subscriber(reader, token, REFERRAL_CHANGED, after=after) as sub:
            await accept(rest, first)
            assert (await sub.next())["referralChanged"]["referral"]["databaseId"] == first["id"]
            # As on PostgreSQL: this one can only have come through Redis.
            await accept(rest, second)
            assert (await sub.next())["referralChanged"]["referral"]["databaseId"] == second["id"]
        await rest.client.aclose()


async def test_a_lost_redis_subscription_reconnects_and_nothing_is_missed(
    db: Db, world: World, database_url: str, api: Api, redis_channel: str
) -> None:
    referral = await api.referral()
    settings = {"graphql_event_channel": "redis", "redis_event_channel": redis_channel}
    async with (
        instance(database_url, **settings) as one,
        instance(database_url, **settings) as two,
        served(one) as writer,
        served(two) as reader,
    ):
        await asyncio.wait_for(two.state.event_hub.listening(), WAIT)
        after = await log_end(db)
        token = world.tokens["social_worker"]
        async with Subscriber(reader, token, REFERRAL_CHANGED, after=after) as sub:
            admin = redis.Redis.from_url(Settings().redis_url)
            listeners = [
                c
                for c in await admin.client_list()
                if c.get("name") == redis_channel and int(c.get("sub", 0)) > 0
            ]
            assert listeners, "no subscriber connection to kill"
            for c in listeners:
                await admin.client_kill_filter(_id=c["id"])
            await admin.aclose()
            rest = over_http(writer, world)
            await accept(rest, referral)
            await rest.client.aclose()
            change = (await sub.next())["referralChanged"]
    assert change["referral"]["databaseId"] == referral["id"]


async def test_notices_carry_ids_only(app: FastAPI, api: Api, db: Db) -> None:
    """What crosses a broker names the event and its record; the summary and payload do not."""
    referral = await api.referral()
    [stored] = await db.events(type="referral.received", aggregate_id=referral["id"])
    assert isinstance(stored, StoredEvent)
    wire = EventNotice.of(stored).to_json()
    assert stored.summary not in wire
    assert EventNotice.from_json(wire) == EventNotice.of(stored)
