"""Are the everyday lists fast at national scale? Load the country, then time the real HTTP API.

    .venv/bin/python -m bench.lists                     # 500,000 children, 200 requests per path
    .venv/bin/python -m bench.lists --children 20000    # a quick run
    .venv/bin/python -m bench.lists --output after.json --compare before.json

See bench/README.md for what is loaded and what is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path as FilePath
from typing import Any

import asyncpg
import httpx

from app.auth.scopes import API_SCOPES
from app.auth.tokens import issue_access_token
from app.domain.oauth_clients import ClientKind, NewClient
from app.main import create_app
from app.persistence.db import make_engine
from app.persistence.migrations import upgrade_to_head
from app.persistence.tables.oauth import OAuthClient
from app.persistence.uow import UnitOfWork
from app.services import oauth_clients
from app.settings import Settings
from bench import explain, load, paths

WARM_UP = 5


@dataclass
class Result:
    path: str
    timings_ms: list[float]
    errors: int
    shapes: list[explain.Shape] = field(default_factory=list)
    generic: list[explain.Shape] = field(default_factory=list)

    def quantile(self, q: float) -> float:
        ordered = sorted(self.timings_ms)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "p50": self.quantile(0.5),
            "p95": self.quantile(0.95),
            "p99": self.quantile(0.99),
            "max": max(self.timings_ms, default=float("nan")),
            "errors": self.errors,
            "plans": [s.as_dict() for s in self.shapes],
            "generic_plans": [s.as_dict() for s in self.generic],
        }


BENCH_CLIENT = "girfec-bench"


async def _admin(server: str, *statements: str) -> None:
    conn = await asyncpg.connect(f"{server}/postgres")
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def _prepare(args: argparse.Namespace, server: str, dsn: str, url: str) -> load.Loaded:
    if not args.reuse:
        await _admin(
            server,
            f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)',
            f'CREATE DATABASE "{args.database}"',
        )
    engine = make_engine(url)
    t0 = time.perf_counter()
    await upgrade_to_head(engine)
    await engine.dispose()
    migrated = time.perf_counter() - t0
    conn = await asyncpg.connect(dsn)
    try:
        if await conn.fetchval("SELECT count(*) FROM children"):
            print(f"Reusing {args.database}; migrations took {migrated:.1f} s")
            await conn.execute("ANALYZE")
            return load.Loaded(actor_id=load.ident("professional", "bench-actor"))
        volumes = load.Volumes(children=args.children)
        print(f"Loading {volumes.children:,} children and their histories into {args.database} …")
        loaded = await load.load(conn, volumes, datetime.now(UTC))
    finally:
        await conn.close()
    for step, seconds in loaded.seconds.items():
        print(f"  {step:<32} {seconds:7.1f} s")
    print("  rows: " + ", ".join(f"{t} {n:,}" for t, n in loaded.rows.items()))
    return loaded


async def _measure(
    client: httpx.AsyncClient, log: explain.StatementLog, conn: Any, path: paths.Path
) -> Result:
    for url in path.urls[:WARM_UP]:
        await client.get(url)
    gc.collect()  # a full collection falls between paths, not inside one path's timings
    timings, errors = [], 0
    for url in path.urls:
        t0 = time.perf_counter()
        response = await client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            errors += 1
            if errors == 1:
                print(
                    f"  {path.name}: {response.status_code} {response.text[:300]}", file=sys.stderr
                )
    result = Result(path.name, timings, errors)
    with log.capturing() as captured:
        await client.get(path.urls[0])
    for statement, parameters in explain.list_statements(captured):
        custom, generic = await explain.explain(conn, statement, parameters)
        result.shapes.append(custom)
        result.generic.append(generic)
    return result


def _print(results: list[Result], before: dict[str, Any] | None, verbose: bool) -> None:
    if before:
        times = f"{'p50 before → after':>20} {'p99 before → after':>20}"
    else:
        times = f"{'p50':>7} {'p95':>7} {'p99':>7}"
    counts = f"{'read':>16} {'sorted':>7} {'pages':>6} {'generic':>7}"
    head = f"{'path':<38} {times}  {counts}  indexes used"
    print("\n" + head + "\n" + "-" * (len(head) + 30))
    for r in results:
        shape = r.shapes[0] if r.shapes else explain.Shape()
        read = f"{shape.rows_read}"
        if before and r.path in before:
            b = before[r.path]
            p50, p99 = r.quantile(0.5), r.quantile(0.99)
            times = f"{b['p50']:8.1f} → {p50:8.1f} {b['p99']:8.1f} → {p99:8.1f}"
            if b["plans"]:
                read = f"{b['plans'][0]['rows_read']} → {read}"
        elif before:
            times = f"{'new':>8}   {r.quantile(0.5):8.1f} {'':>8}   {r.quantile(0.99):8.1f}"
        else:
            times = f"{r.quantile(0.5):7.1f} {r.quantile(0.95):7.1f} {r.quantile(0.99):7.1f}"
        generic = r.generic[0].rows_read if r.generic else 0
        counts = f"{read:>16} {shape.sorted:>7} {shape.buffers:>6} {generic:>7}"
        print(f"{r.path:<38} {times}  {counts}  {shape.access}")
        if r.errors:
            print(f"{'':<38} !! {r.errors} requests failed")
        if verbose:
            for step in shape.steps:
                print(f"{'':<40}{step}")
    print(
        "\nms per request through the HTTP API, in-process. From EXPLAIN (ANALYZE, BUFFERS) of"
        "\nthe repository's SQL with the same parameters: read = rows the scans returned or"
        "\nfiltered away to give one page; sorted = rows sorted after reading; pages = 8 kB"
        "\nbuffers touched; generic = rows read by the generic plan PostgreSQL may reuse for any"
        "\nparameters once a prepared statement has run a few times. With --compare, read is shown"
        "\nbefore → after."
    )


async def _sign_in(app: Any, loaded: load.Loaded) -> str:
    """An access token for the bench's professional, from the app's own key set, through a
    client registered for the run (the bench's database is dropped afterwards)."""
    async with UnitOfWork(app.state.session_factory) as uow:
        if await uow.session.get(OAuthClient, BENCH_CLIENT) is None:
            await oauth_clients.register_client(
                uow,
                None,
                NewClient(
                    client_id=BENCH_CLIENT,
                    name="Benchmark",
                    kind=ClientKind.PUBLIC,
                    redirect_uris=["http://127.0.0.1/callback"],
                    scopes=sorted(API_SCOPES),
                ),
            )
        token = await issue_access_token(
            uow, client_id=BENCH_CLIENT, scopes=API_SCOPES, professional_id=loaded.actor_id
        )
        await uow.commit()
    return token


async def _run(args: argparse.Namespace) -> tuple[load.Loaded, list[Result]]:
    server = args.server.rstrip("/")
    dsn = f"{server}/{args.database}"
    url = dsn.replace("postgresql://", "postgresql+asyncpg://", 1)
    loaded = await _prepare(args, server, dsn, url)
    results: list[Result] = []
    try:
        conn = await asyncpg.connect(dsn)
        try:
            bench_paths = await paths.build(conn, args.requests)
            app = create_app(Settings(database_url=url, auto_migrate=False, log_level="WARNING"))
            async with (
                app.router.lifespan_context(app),
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app),
                    base_url="http://bench.invalid",
                    headers={"Authorization": f"Bearer {await _sign_in(app, loaded)}"},
                ) as client,
            ):
                log = explain.StatementLog(app.state.engine)
                for path in bench_paths:
                    if args.only and args.only not in path.name:
                        continue
                    results.append(await _measure(client, log, conn, path))
                    print(f"  measured {path.name}", file=sys.stderr)
        finally:
            await conn.close()
    finally:
        if not args.keep:
            await _admin(server, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    return loaded, results


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.lists", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--children", type=int, default=500_000, help="default: 500000")
    parser.add_argument("--requests", type=int, default=200, help="per path; default: 200")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="girfec_bench")
    parser.add_argument("--reuse", action="store_true", help="keep a loaded database, migrate it")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--only", help="only the paths whose name contains this")
    parser.add_argument("--output", help="write the results as JSON here")
    parser.add_argument("--compare", help="a JSON written by --output, shown as 'before'")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every plan")
    args = parser.parse_args()
    loaded, results = asyncio.run(_run(args))
    before = None
    if args.compare:
        before = {r["path"]: r for r in json.loads(FilePath(args.compare).read_text())["paths"]}
    _print(results, before, args.verbose)
    if args.output:
        document = {
            "children": args.children,
            "load_seconds": loaded.seconds,
            "rows": loaded.rows,
            "paths": [r.as_dict() for r in results],
        }
        FilePath(args.output).write_text(json.dumps(document, indent=1, default=str))
    sys.exit(1 if any(r.errors for r in results) else 0)


if __name__ == "__main__":
    main()
