"""Webhook delivery end to end: status events written with the change are pushed to a real
receiver (uvicorn on 127.0.0.1), signed per Standard Webhooks, retried with the same webhook-id,
and never lost — when the receiver is down, asks to wait, is gone, or when a dispatcher is
stopped mid-delivery; on PostgreSQL two dispatchers deliver each event exactly once, and the
`girfec worker` process delivers and stops cleanly on SIGTERM. A delivery goes to the address
that was checked, under the receiver's own name (Host, TLS server name and certificate)."""

from __future__ import annotations

import asyncio
import os
import signal
import ssl
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme
from fastapi import FastAPI

from app.integrations.webhooks.dispatcher import Dispatcher
from app.main import create_app
from app.settings import Settings
from tests.factories import Api
from tests.integrations.receiver import Answer, Receiver, free_port, serving

pytestmark = pytest.mark.db

TINY = [0.05, 0.05, 0.05]


@pytest.fixture(autouse=True)
def private_urls(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """The receiver listens on loopback, which only development settings allow."""
    monkeypatch.setattr(app.state.settings, "webhook_allow_private_urls", True)


def dispatcher(app: FastAPI, **settings: Any) -> Dispatcher:
    values: dict[str, Any] = {
        "database_url": app.state.settings.database_url,
        "webhook_allow_private_urls": True,
        "webhook_retry_schedule": TINY,
        "webhook_poll_interval": 0.02,
        "webhook_timeout": 5.0,
        "webhook_lease": 30.0,
        **settings,
    }
    return Dispatcher(app.state.session_factory, Settings(**values))


@pytest.fixture
async def running() -> AsyncIterator[list[Dispatcher]]:
    """Dispatchers a test starts are stopped after it, whatever happens."""
    started: list[Dispatcher] = []
    yield started
    for d in started:
        await d.stop(grace=0.1)


LONGEST = 15.0
"""How long a broken test may hang waiting for a condition: a bound, not a timing claim."""


async def until(check: Callable[[], Awaitable[bool]]) -> None:
    deadline = time.monotonic() + LONGEST
    while not await check():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.02)


async def subscribe(api: Api, port: int, **body: Any) -> dict[str, Any]:
    sent = {"url": f"http://127.0.0.1:{port}/hooks", **body}
    return dict(await api.ok("POST", "/api/v1/webhooks", "school_registry", json=sent, expect=201))


async def deliveries(api: Api, subscription: dict[str, Any], **params: Any) -> list[Any]:
    url = f"/api/v1/webhooks/{subscription['id']}/deliveries"
    return list((await api.ok("GET", url, "school_registry", params=params))["items"])


def all_in(api: Api, subscription: dict[str, Any], status: str, count: int) -> Any:
    async def check() -> bool:
        found = await deliveries(api, subscription)
        return len(found) == count and all(d["status"] == status for d in found)

    return check


async def test_events_arrive_signed_with_the_thin_payload(
    api: Api, app: FastAPI, running: list[Dispatcher]
) -> None:
    port = free_port()
    subscription = await subscribe(api, port)
    receiver = Receiver(secret=subscription["secret"])
    concern = await api.concern("school_registry")
    async with serving(receiver, port):
        running.append(dispatcher(app))
        running[0].start()
        await until(all_in(api, subscription, "delivered", 1))
    [got] = receiver.received
    assert got.verified
    assert got.document["type"] == "concern.received"
    assert got.document["data"]["concern_id"] == concern["id"]
    assert "description" not in got.document["data"]
    [delivery] = await deliveries(api, subscription)
    assert got.webhook_id == delivery["webhook_id"]
    assert (delivery["attempts"], delivery["last_status_code"]) == (1, 204)
    feed = await api.ok("GET", "/api/v1/status-events", "school_registry")
    assert [e["webhook_id"] for e in feed["items"]] == [got.webhook_id]


async def test_an_event_type_filter_is_kept(api: Api, app: FastAPI) -> None:
    subscription = await subscribe(api, free_port(), event_types=["referral.accepted"])
    await api.concern("school_registry")
    assert await deliveries(api, subscription) == []


async def test_a_receiver_down_for_a_while_loses_nothing_and_sees_the_same_ids(
    api: Api, app: FastAPI, running: list[Dispatcher]
) -> None:
    port = free_port()
    subscription = await subscribe(api, port)
    for _ in range(3):
        await api.concern("school_registry")
    running.append(dispatcher(app, webhook_retry_schedule=[0.05] * 40))
    running[0].start()

    async def failed_twice() -> bool:
        return all(d["attempts"] >= 2 for d in await deliveries(api, subscription))

    await until(failed_twice)  # connection refused: nobody listens yet
    assert all(d["last_error"] for d in await deliveries(api, subscription))

    async def first_time_500(receiver: Receiver, headers: dict[str, str]) -> Answer:
        return (500, {}) if receiver.seen(headers["webhook-id"]) == 1 else (200, {})

    receiver = Receiver(secret=subscription["secret"], behaviour=first_time_500)
    async with serving(receiver, port):
        await until(all_in(api, subscription, "delivered", 3))
    ids = {d["webhook_id"] for d in await deliveries(api, subscription)}
    assert set(receiver.ids()) == ids
    for webhook_id in ids:
        tries = [r for r in receiver.received if r.webhook_id == webhook_id]
        assert [r.status for r in tries] == [500, 200]
        assert tries[0].document == tries[1].document
    assert all(r.verified for r in receiver.received)


async def test_retry_after_is_honoured(api: Api, app: FastAPI) -> None:
    port = free_port()
    subscription = await subscribe(api, port)
    await api.concern("school_registry")

    async def slow_down_once(receiver: Receiver, _: dict[str, str]) -> Answer:
        return (429, {"Retry-After": "1"}) if len(receiver.received) == 1 else (200, {})

    receiver = Receiver(secret=subscription["secret"], behaviour=slow_down_once)
    worker = dispatcher(app)
    async with serving(receiver, port):
        assert await worker.run_once() == 1
        [waiting] = await deliveries(api, subscription)
        assert (waiting["status"], waiting["last_status_code"]) == ("pending", 429)
        wait = datetime.fromisoformat(waiting["next_attempt_at"]) - datetime.fromisoformat(
            waiting["last_attempt_at"]
        )
        assert wait.total_seconds() >= 1  # the schedule alone says 0.05 s
        assert await worker.run_once() == 0  # not due yet

        async def sent_again() -> bool:
            await worker.run_once()
            return len(receiver.received) == 2

        await until(sent_again)
    assert receiver.received[0].webhook_id == receiver.received[1].webhook_id
    assert (await deliveries(api, subscription))[0]["status"] == "delivered"


async def test_410_disables_the_subscription_and_dead_letters_what_is_pending(
    api: Api, app: FastAPI
) -> None:
    port = free_port()
    subscription = await subscribe(api, port)
    await api.concern("school_registry")
    await api.concern("school_registry")

    async def gone(_: Receiver, __: dict[str, str]) -> Answer:
        return 410, {}

    receiver = Receiver(secret=subscription["secret"], behaviour=gone)
    async with serving(receiver, port):
        assert await dispatcher(app, webhook_batch_size=1).run_once() == 1
    assert len(receiver.received) == 1
    url = f"/api/v1/webhooks/{subscription['id']}"
    shown = await api.ok("GET", url, "school_registry")
    assert shown["enabled"] is False
    assert "410" in shown["disabled_reason"]
    assert [d["status"] for d in await deliveries(api, subscription)] == ["dead", "dead"]
    # New events are not queued for a disabled subscription; the feed still has them.
    await api.concern("school_registry")
    assert len(await deliveries(api, subscription)) == 2
    feed = await api.ok("GET", "/api/v1/status-events", "school_registry")
    assert len(feed["items"]) == 3


async def test_after_the_last_retry_a_delivery_is_dead_and_may_be_redelivered(
    api: Api, app: FastAPI, running: list[Dispatcher]
) -> None:
    port = free_port()
    subscription = await subscribe(api, port)
    await api.concern("school_registry")

    async def broken(_: Receiver, __: dict[str, str]) -> Answer:
        return 500, {}

    receiver = Receiver(secret=subscription["secret"], behaviour=broken)
    async with serving(receiver, port):
        running.append(dispatcher(app))
        running[0].start()
        await until(all_in(api, subscription, "dead", 1))
        [dead] = await deliveries(api, subscription, status="dead")
        assert dead["attempts"] == len(TINY) + 1
        assert len(receiver.received) == len(TINY) + 1
        assert await deliveries(api, subscription, status="pending") == []

        receiver.behaviour = _ok
        url = f"/api/v1/webhooks/{subscription['id']}/deliveries/{dead['id']}/redeliver"
        again = await api.ok("POST", url, "school_registry", expect=202)
        assert (again["status"], again["attempts"]) == ("pending", 0)
        await until(all_in(api, subscription, "delivered", 1))
    assert len(set(receiver.ids())) == 1


async def _ok(_: Receiver, __: dict[str, str]) -> Answer:
    return 200, {}


async def test_during_a_rotation_both_secrets_verify(api: Api, app: FastAPI) -> None:
    port = free_port()
    subscription = await subscribe(api, port)
    r = await api.call(
        "POST",
        f"/api/v1/webhooks/{subscription['id']}/rotate-secret",
        "school_registry",
        headers={"If-Match": '"1"'},
    )
    new_secret = r.json()["secret"]
    await api.concern("school_registry")
    receiver = Receiver(secret=new_secret)
    async with serving(receiver, port):
        assert await dispatcher(app).run_once() == 1
    [got] = receiver.received
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    assert receiver.verifies(got, new_secret)
    assert receiver.verifies(got, subscription["secret"])


async def test_a_dispatcher_stopped_mid_delivery_is_relieved_after_its_lease(
    api: Api, app: FastAPI, running: list[Dispatcher]
) -> None:
    port = free_port()
    subscription = await subscribe(api, port)
    await api.concern("school_registry")

    async def hang_first(receiver: Receiver, _: dict[str, str]) -> Answer:
        if len(receiver.received) == 1:
            await receiver.release.wait()
        return 200, {}

    receiver = Receiver(secret=subscription["secret"], behaviour=hang_first)
    async with serving(receiver, port):
        first = dispatcher(app, webhook_lease=0.5)
        task = first.start()

        async def held() -> bool:
            return len(receiver.received) == 1

        await until(held)
        task.cancel()  # killed mid-delivery: the lease stays
        with pytest.raises(asyncio.CancelledError):
            await task
        [leased] = await deliveries(api, subscription)
        assert (leased["status"], leased["attempts"]) == ("pending", 1)

        running.append(dispatcher(app, webhook_lease=0.5))
        running[0].start()
        await until(all_in(api, subscription, "delivered", 1))
    assert len(receiver.received) == 2
    assert receiver.received[0].webhook_id == receiver.received[1].webhook_id
    assert all(r.verified for r in receiver.received)


@pytest.mark.postgresql_only
async def test_two_dispatchers_deliver_each_event_exactly_once(
    api: Api, app: FastAPI, running: list[Dispatcher]
) -> None:
    port = free_port()
    subscription = await subscribe(api, port)
    for _ in range(12):
        await api.concern("school_registry")

    async def slowly(_: Receiver, __: dict[str, str]) -> Answer:
        await asyncio.sleep(0.02)
        return 200, {}

    receiver = Receiver(secret=subscription["secret"], behaviour=slowly)
    async with serving(receiver, port):
        running.extend(dispatcher(app, webhook_batch_size=2) for _ in range(2))
        for d in running:
            d.start()
        await until(all_in(api, subscription, "delivered", 12))
        await asyncio.sleep(0.2)  # any duplicate would arrive now
    assert len(receiver.received) == 12
    assert len(set(receiver.ids())) == 12
    assert all(r.verified for r in receiver.received)


async def test_the_api_process_sends_webhooks_itself_when_told_to(api: Api, app: FastAPI) -> None:
    """`WEBHOOK_DISPATCHER=in-process` (the default on SQLite): the app's lifespan runs a
    dispatcher and stops it cleanly on shutdown."""
    port = free_port()
    subscription = await subscribe(api, port)
    await api.concern("school_registry")
    receiver = Receiver(secret=subscription["secret"])
    settings = Settings(
        database_url=app.state.settings.database_url,
        auto_migrate=False,
        webhook_dispatcher="in-process",
        webhook_allow_private_urls=True,
        webhook_poll_interval=0.02,
    )
    other = create_app(settings)
    async with serving(receiver, port), other.router.lifespan_context(other):
        assert other.state.webhook_dispatcher is not None
        await until(all_in(api, subscription, "delivered", 1))
    assert [r.verified for r in receiver.received] == [True]


# ---- where a delivery connects -------------------------------------------------------------


@pytest.fixture(scope="session")
def authority() -> trustme.CA:
    """A certificate authority of the tests' own, trusted by the dispatchers' clients below."""
    return trustme.CA()


@pytest.fixture
def localhost_certificate(authority: trustme.CA) -> Iterator[str]:
    """A certificate for the name `localhost` only (no IP address in it): a client that
    verified it against 127.0.0.1, the address it connects to, would refuse it."""
    with authority.issue_cert("localhost").private_key_and_cert_chain_pem.tempfile() as path:
        yield path


def trusting(authority: trustme.CA) -> httpx.AsyncClient:
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return httpx.AsyncClient(verify=context, limits=httpx.Limits(max_keepalive_connections=0))


async def subscribe_to(api: Api, url: str) -> dict[str, Any]:
    sent = {"url": url}
    return dict(await api.ok("POST", "/api/v1/webhooks", "school_registry", json=sent, expect=201))


async def test_a_name_is_reached_at_its_checked_address_under_its_own_name(
    api: Api, app: FastAPI, authority: trustme.CA, localhost_certificate: str
) -> None:
    """https://localhost:…: the dispatcher resolves `localhost` itself and connects to
    127.0.0.1, while the receiver sees `Host: localhost:…` and the TLS handshake verifies the
    certificate for `localhost` (the server name sent is the name, not the address)."""
    port = free_port()
    subscription = await subscribe_to(api, f"https://localhost:{port}/hooks")
    await api.concern("school_registry")
    receiver = Receiver(secret=subscription["secret"])
    settings = Settings(
        database_url=app.state.settings.database_url, webhook_allow_private_urls=True
    )
    async with (
        serving(receiver, port, certificate=localhost_certificate),
        trusting(authority) as http,
    ):
        assert await Dispatcher(app.state.session_factory, settings, client=http).run_once() == 1
    [got] = receiver.received
    assert got.verified
    assert got.headers["host"] == f"localhost:{port}"
    [delivery] = await deliveries(api, subscription)
    assert (delivery["status"], delivery["last_status_code"]) == ("delivered", 204)


async def test_a_certificate_for_another_name_is_still_refused(
    api: Api, app: FastAPI, authority: trustme.CA
) -> None:
    """Connecting to the checked address does not loosen certificate verification."""
    port = free_port()
    subscription = await subscribe_to(api, f"https://localhost:{port}/hooks")
    await api.concern("school_registry")
    receiver = Receiver(secret=subscription["secret"])
    settings = Settings(
        database_url=app.state.settings.database_url, webhook_allow_private_urls=True
    )
    other = authority.issue_cert("receiver.example").private_key_and_cert_chain_pem
    with other.tempfile() as certificate:
        async with serving(receiver, port, certificate=certificate), trusting(authority) as http:
            await Dispatcher(app.state.session_factory, settings, client=http).run_once()
    assert receiver.received == []
    [delivery] = await deliveries(api, subscription)
    assert delivery["status"] == "pending"
    assert delivery["last_status_code"] is None
    assert "certificate" in delivery["last_error"].lower()


async def test_a_name_resolving_to_loopback_is_refused_at_delivery(
    api: Api, app: FastAPI, authority: trustme.CA, localhost_certificate: str
) -> None:
    """Registered while private addresses were allowed, sent by a dispatcher that allows none:
    `localhost` resolves to 127.0.0.1, so nothing is sent, though a receiver listens there and
    would have accepted it (see the test above)."""
    port = free_port()
    subscription = await subscribe_to(api, f"https://localhost:{port}/hooks")
    await api.concern("school_registry")
    receiver = Receiver(secret=subscription["secret"])
    settings = Settings(
        database_url=app.state.settings.database_url,
        webhook_allow_private_urls=False,
        webhook_retry_schedule=TINY,
    )
    async with (
        serving(receiver, port, certificate=localhost_certificate),
        trusting(authority) as http,
    ):
        assert await Dispatcher(app.state.session_factory, settings, client=http).run_once() == 1
    assert receiver.received == []
    [delivery] = await deliveries(api, subscription)
    assert (delivery["status"], delivery["attempts"]) == ("pending", 1)
    assert delivery["last_status_code"] is None
    # 127.0.0.1 here; a machine whose `localhost` also resolves to ::1 may name that first.
    assert delivery["last_error"].startswith("localhost resolves to ")
    assert delivery["last_error"].endswith(", a loopback address: refused.")


async def test_with_private_addresses_allowed_a_plain_http_name_reaches_the_receiver(
    api: Api, app: FastAPI
) -> None:
    """Development settings: http://localhost:… is delivered through the dispatcher's own
    client, to 127.0.0.1, with the name in the Host header."""
    port = free_port()
    subscription = await subscribe_to(api, f"http://localhost:{port}/hooks")
    await api.concern("school_registry")
    receiver = Receiver(secret=subscription["secret"])
    async with serving(receiver, port):
        assert await dispatcher(app).run_once() == 1
    [got] = receiver.received
    assert got.verified
    assert got.headers["host"] == f"localhost:{port}"


# ---- the worker process ---------------------------------------------------------------------


@pytest.mark.postgresql_only
async def test_girfec_worker_delivers_and_exits_cleanly_on_sigterm(
    api: Api, app: FastAPI, tmp_path: Path
) -> None:
    """`girfec worker`, the dispatcher production runs beside the API on PostgreSQL, as a real
    process on this test's database: it sends what a change in the API queued, signed, then
    stops on SIGTERM with exit code 0."""
    port = free_port()
    subscription = await subscribe(api, port)
    receiver = Receiver(secret=subscription["secret"])
    env = {
        **os.environ,
        "DATABASE_URL": app.state.settings.database_url,
        "WEBHOOK_ALLOW_PRIVATE_URLS": "true",
        "WEBHOOK_RETRY_SCHEDULE": "[0.05, 0.05, 0.05]",
        "WEBHOOK_POLL_INTERVAL": "0.05",
        "WEBHOOK_TIMEOUT": "5",
    }
    output = tmp_path / "worker.log"
    async with serving(receiver, port):
        with output.open("wb") as log:
            worker = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "app.cli",
                "worker",
                env=env,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )
        try:

            async def ready() -> bool:
                assert worker.returncode is None, output.read_text()
                return "sending webhooks" in output.read_text()

            await until(ready)
            concern = await api.concern("school_registry")
            await until(all_in(api, subscription, "delivered", 1))
            worker.send_signal(signal.SIGTERM)
            exit_code = await asyncio.wait_for(worker.wait(), timeout=LONGEST)
        finally:
            if worker.returncode is None:
                worker.kill()
                await worker.wait()
    assert exit_code == 0, output.read_text()
    [got] = receiver.received
    assert got.verified
    assert got.document["type"] == "concern.received"
    assert got.document["data"]["concern_id"] == concern["id"]
    [delivery] = await deliveries(api, subscription)
    assert got.webhook_id == delivery["webhook_id"]
