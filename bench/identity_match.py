"""Identity resolution at national scale: how long does matching one child take among 500,000?

Creates (if missing) and migrates a PostgreSQL database (DATABASE_URL, by default `girfec_bench`
on 127.0.0.1), bulk-loads children with COPY until it holds `--children` of them — Romanian names
from Faker('ro_RO') and about 10% Russian names in Cyrillic from Faker('ru_RU'), birth dates
over the last 18 years, Moldova's territories and localities from the reference data — then times
`--queries` single matches: the demographic step alone (candidate retrieval and scoring) and the
whole `identity.resolve` (each in its own transaction, rolled back, so the register does not
grow). Queries are drawn from existing children (exact, with typos, transliterated) and from
unknown children. Finally it shows the plans of the two candidate look-ups (EXPLAIN).

    .venv/bin/python -m bench.identity_match
    DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1/other \
        .venv/bin/python -m bench.identity_match
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
from faker import Faker

from app.domain.actor import Actor
from app.domain.intake import ChildIdentity
from app.domain.matching import birth_date_variants, match_key, transliterate
from app.domain.organisations import NewOrganisation
from app.domain.text import search_key
from app.domain.vocabulary import OrganisationKind, Role, Sector
from app.persistence.db import make_engine, make_session_factory
from app.persistence.migrations import upgrade_to_head
from app.persistence.repositories import identity as identity_repo
from app.persistence.uow import UnitOfWork
from app.services import identity, organisations

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/girfec_bench"
CHUNK = 50_000
POOL = 3_000
"""Distinct names drawn from Faker per script and sex: a register's names repeat."""


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def _create_database(url: str) -> None:
    server, name = _dsn(url).rsplit("/", 1)
    conn = await asyncpg.connect(f"{server}/postgres")
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def _pools(seed: int) -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    """(script, sex) -> (family names, given names)."""
    pools: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for script, locale in (("latin", "ro_RO"), ("cyrillic", "ru_RU")):
        fake = Faker(locale)
        fake.seed_instance(seed)
        for sex in ("female", "male"):
            family = getattr(fake, f"last_name_{sex}")
            given = getattr(fake, f"first_name_{sex}")
            pools[(script, sex)] = (
                sorted({family() for _ in range(POOL)}),
                sorted({given() for _ in range(POOL)}),
            )
    return pools


async def _seed(conn: Any, wanted: int, rng: random.Random) -> float:
    have = await conn.fetchval("SELECT count(*) FROM children")
    missing = wanted - have
    if missing <= 0:
        return 0.0
    t0 = time.perf_counter()
    places = await conn.fetch("SELECT code, territory_code FROM localities")
    pools = _pools(rng.randrange(1 << 30))
    keys: dict[str, str] = {}

    def key(name: str) -> str:
        if name not in keys:
            keys[name] = match_key(name)[:80]
        return keys[name]

    today = datetime.now(UTC).date()
    now = datetime.now(UTC)
    columns = [
        "version",
        "created_at",
        "updated_at",
        "id",
        "given_name",
        "family_name",
        "search_name",
        "match_family",
        "match_given",
        "sex",
        "birth_date",
        "territory_code",
        "locality_code",
        "languages",
    ]
    print(f"Seeding {missing:,} children (COPY, {CHUNK:,} a chunk) …")
    done = 0
    while done < missing:
        rows = []
        for _ in range(min(CHUNK, missing - done)):
            script = "cyrillic" if rng.random() < 0.1 else "latin"
            sex = "female" if rng.random() < 0.49 else "male"
            families, givens = pools[(script, sex)]
            # Skewed picks: a few names are common, most are rare.
            family = families[int(len(families) * rng.random() ** 1.5)]
            given = givens[int(len(givens) * rng.random() ** 1.5)]
            place = places[rng.randrange(len(places))]
            at = now - timedelta(seconds=rng.randrange(3 * 365 * 86400))
            rows.append(
                (
                    1,
                    at,
                    at,
                    uuid.uuid4(),
                    given,
                    family,
                    search_key(family, given)[:200],
                    key(family),
                    key(given),
                    sex,
                    today - timedelta(days=rng.randrange(18 * 365)),
                    place["territory_code"],
                    place["code"],
                    '["ru"]' if script == "cyrillic" else '["ro"]',
                )
            )
        await conn.copy_records_to_table("children", records=rows, columns=columns)
        done += len(rows)
        print(f"  {have + done:,} children", flush=True)
    await conn.execute("ANALYZE children")
    return time.perf_counter() - t0


_TYPO = str.maketrans("aeiou", "eaoiu")


def _typo(name: str, rng: random.Random) -> str:
    """One letter changed (a vowel swapped), as a clerk mistypes."""
    positions = [i for i, c in enumerate(name) if c.lower() in "aeiou"]
    if not positions:
        return name
    i = rng.choice(positions)
    return name[:i] + name[i].translate(_TYPO) + name[i + 1 :]


def _date_typo(born: date, rng: random.Random) -> date:
    if born.day <= 12 and born.day != born.month and rng.random() < 0.5:
        return birth_date_variants(born)[-1]
    for _ in range(10):
        day = born.day + rng.choice((-1, 1)) * rng.choice((1, 2, 3))
        if 1 <= day <= 28:
            return born.replace(day=day)
    return born


async def _queries(conn: Any, n: int, rng: random.Random) -> list[tuple[str, ChildIdentity]]:
    sample = await conn.fetch(
        "SELECT given_name, family_name, birth_date, sex, territory_code, locality_code "
        "FROM children TABLESAMPLE SYSTEM (1) LIMIT $1",
        n,
    )
    fake = Faker("ro_RO")
    fake.seed_instance(7)
    out: list[tuple[str, ChildIdentity]] = []
    for i in range(n):
        if i % 10 < 7 and sample:
            c = sample[i % len(sample)]
            kind = ("exact", "transliterated", "name typo", "date typo")[i % 4]
            given, family, born = c["given_name"], c["family_name"], c["birth_date"]
            if kind == "transliterated":  # Cyrillic as Latin; Latin without diacritics
                given, family = transliterate(given).title(), transliterate(family).title()
                given = given.translate(str.maketrans("ăâîșțşţ", "aaistst"))
                family = family.translate(str.maketrans("ăâîșțşţ", "aaistst"))
            elif kind == "name typo":
                family = _typo(family, rng)
            elif kind == "date typo":
                born = _date_typo(born, rng)
            who = ChildIdentity(
                given_name=given,
                family_name=family,
                birth_date=born,
                sex=c["sex"],
                territory_code=c["territory_code"],
                locality_code=c["locality_code"] if rng.random() < 0.7 else None,
            )
        else:
            kind = "unknown"
            sex = rng.choice(("female", "male"))
            who = ChildIdentity(
                given_name=getattr(fake, f"first_name_{sex}")(),
                family_name=getattr(fake, f"last_name_{sex}")(),
                birth_date=datetime.now(UTC).date() - timedelta(days=rng.randrange(18 * 365)),
                sex=sex,
                territory_code="calarasi",
            )
        out.append((kind, who))
    return out


def _summary(label: str, timings: list[float]) -> str:
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (
        f"{label:<24} n={len(ordered):>5}  p50 {statistics.median(ordered):7.2f} ms  "
        f"p99 {p99:7.2f} ms  max {ordered[-1]:7.2f} ms"
    )


async def _explain(conn: Any, factory: Any, who: ChildIdentity) -> list[str]:
    """The plans of the two candidate look-ups, for one query, as PostgreSQL chooses them."""
    statements: list[str] = []
    from sqlalchemy import event

    engine = factory.kw["bind"]

    def keep(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _m: Any) -> None:
        tail = statement.split("FROM")[-1]
        if "children" in tail and ("match_family" in tail or "birth_date IN" in tail):
            statements.append(_literal(statement, params))

    event.listen(engine.sync_engine, "before_cursor_execute", keep)
    try:
        async with UnitOfWork(factory) as uow:
            assert who.birth_date is not None
            assert who.family_name is not None
            await identity_repo.candidates(
                uow, match_key(who.family_name), birth_date_variants(who.birth_date), 200
            )
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", keep)
    plans = []
    for statement in statements:
        rows = await conn.fetch("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement)
        plans.append("\n".join(r[0] for r in rows))
    return plans


def _literal(statement: str, params: Any) -> str:
    """asyncpg's $n placeholders filled in, for EXPLAIN."""
    values = list(params) if isinstance(params, (list, tuple)) else []
    for n in range(len(values), 0, -1):
        v = values[n - 1]
        text = f"'{v}'" if isinstance(v, (str, date, uuid.UUID)) else str(v)
        statement = statement.replace(f"${n}::VARCHAR", text).replace(f"${n}::DATE", text)
        statement = statement.replace(f"${n}::INTEGER", text).replace(f"${n}", text)
    return statement


async def run(args: argparse.Namespace) -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    await _create_database(url)
    engine = make_engine(url)
    t0 = time.perf_counter()
    await upgrade_to_head(engine)
    print(f"Migrated in {time.perf_counter() - t0:.1f} s")
    rng = random.Random(args.seed)  # noqa: S311 (test data, not security)
    conn = await asyncpg.connect(_dsn(url))
    factory = make_session_factory(engine)
    try:
        seeded = await _seed(conn, args.children, rng)
        if seeded:
            print(f"Seeded in {seeded:.1f} s")
        total = await conn.fetchval("SELECT count(*) FROM children")
        queries = await _queries(conn, args.queries, rng)
        async with UnitOfWork(factory) as uow:
            org = await organisations.create_organisation(
                uow,
                None,
                NewOrganisation(
                    name=f"Centrul de Sănătate (bench {uuid.uuid4().hex[:6]})",
                    kind=OrganisationKind.FAMILY_DOCTORS_CENTRE,
                    territory_code="calarasi",
                ),
            )
            await uow.commit()
        actor = Actor(
            professional_id=None,
            organisation_id=org.id,
            sector=Sector.HEALTH,
            territory_code="calarasi",
            roles=frozenset({Role.HEALTH_WORKER}),
            client_id="bench-clinic",
        )
        demographic: list[float] = []
        whole: list[float] = []
        methods: Counter[str] = Counter()
        by_kind: Counter[tuple[str, str]] = Counter()
        for kind, who in queries:
            async with UnitOfWork(factory) as uow:
                t = time.perf_counter()
                person = identity._person(who, actor)
                assert person is not None
                await identity.best_candidate(uow, person)
                demographic.append((time.perf_counter() - t) * 1000)
            async with UnitOfWork(factory) as uow:  # rolled back on leaving: nothing grows
                t = time.perf_counter()
                found = await identity.resolve(uow, actor, who)
                whole.append((time.perf_counter() - t) * 1000)
                await uow.session.rollback()
            methods[found.method.value] += 1
            by_kind[(kind, found.method.value)] += 1
        print(f"\n{total:,} children; {len(queries)} queries")
        print(_summary("demographic step", demographic))
        print(_summary("whole resolve", whole))
        print("methods: " + ", ".join(f"{m} {n}" for m, n in methods.most_common()))
        for (kind, method), n in sorted(by_kind.items()):
            print(f"  {kind:<15} -> {method:<13} {n}")
        sample = next(w for k, w in queries if k == "exact")
        plans = await _explain(conn, factory, sample)
        for plan in plans:
            print("\nEXPLAIN candidate look-up:\n" + plan)
        scans = [p for p in plans if "Seq Scan on children" in p]
        print("\nCandidate retrieval " + ("SCANS children!" if scans else "uses indexes only."))
        return {
            "children": total,
            "demographic_ms": demographic,
            "resolve_ms": whole,
            "methods": dict(methods),
            "seq_scan": bool(scans),
        }
    finally:
        await conn.close()
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.identity_match")
    parser.add_argument("--children", type=int, default=500_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--output", help="write the timings as JSON here")
    args = parser.parse_args()
    result = asyncio.run(run(args))
    if args.output:
        with open(args.output, "w") as out:
            json.dump(result, out)


if __name__ == "__main__":
    main()
