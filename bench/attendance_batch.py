"""How long a school registry's 100,000-row attendance batch takes on PostgreSQL.

Builds a fresh database by the migrations, the test world (a school, its designated person, the
school registry's client, the school's id linked), then sends one CSV batch of `--pupils` ×
`--days` records through the HTTP API (in process, httpx over ASGI), and sends it again (every
record unchanged). Prints both times. The database is dropped at the end.

    .venv/bin/python -m bench.attendance_batch            # 2,000 pupils × 50 days
    .venv/bin/python -m bench.attendance_batch --pupils 5000 --days 20
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import time
from datetime import timedelta

import asyncpg
import httpx

from app.domain.plans import today
from app.main import create_app
from app.persistence.db import make_engine
from app.persistence.migrations import upgrade_to_head
from app.settings import Settings
from tests.factories import build_world

DATABASE = "girfec_bench_attendance"
SCHOOL = "MD-SCH-0417"


def batch(pupils: int, days: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["studentUniqueId", "schoolId", "eventDate", "attendanceEventCategoryDescriptor"]
    )
    first = today() - timedelta(days=days)
    for p in range(pupils):
        for i in range(days):
            category = "Unexcused Absence" if (p + i) % 9 == 0 else "Present"
            writer.writerow(
                [f"E-{p:06d}", SCHOOL, (first + timedelta(days=i)).isoformat(), category]
            )
    return out.getvalue()


async def run(server: str, pupils: int, days: int) -> None:
    admin = await asyncpg.connect(f"{server}/postgres")
    await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    url = server.replace("postgresql://", "postgresql+asyncpg://") + f"/{DATABASE}"
    try:
        engine = make_engine(url)
        await upgrade_to_head(engine)
        await engine.dispose()
        app = create_app(Settings(database_url=url, auto_migrate=False))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", timeout=600
            ) as client:
                world = await build_world(app, client)
                admin_headers = {"Authorization": f"Bearer {world.tokens['admin']}"}
                r = await client.post(
                    f"/api/v1/admin/organisations/{world.org('school')}/identifiers",
                    json={"system": "school-registry", "value": SCHOOL},
                    headers=admin_headers,
                )
                r.raise_for_status()
                body = batch(pupils, days).encode()
                headers = {
                    "Authorization": f"Bearer {world.tokens['school_registry']}",
                    "Content-Type": "text/csv",
                }
                for label in ("first send", "sent again"):
                    started = time.perf_counter()
                    r = await client.post(
                        "/api/v1/integrations/school/attendance", content=body, headers=headers
                    )
                    elapsed = time.perf_counter() - started
                    r.raise_for_status()
                    answer = r.json()
                    print(
                        f"{label}: {pupils * days:,} rows ({len(body) / 1e6:.1f} MB) in "
                        f"{elapsed:.2f} s — accepted {answer['accepted']:,}, unchanged "
                        f"{answer['unchanged']:,}, rejected {answer['rejected']}, alerts "
                        f"{len(answer['alerts'])}"
                    )
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--days", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(run(args.server, args.pupils, args.days))


if __name__ == "__main__":
    main()
