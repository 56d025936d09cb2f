"""An attendance batch costs the same number of SQL statements for 50 pupils as for 5: the
records are upserted, the touched pupils' days and remembered episodes read, and the new
episodes stored each in bulk, never a statement per pupil or per row."""

from __future__ import annotations

import pytest

from app.persistence.tables.attendance import AttendanceAlert, AttendanceEvent
from tests.conftest import Db, StatementCounter
from tests.factories import Api
from tests.school_registry import ATTENDANCE, HEADER, SCHOOL, school_days

pytestmark = pytest.mark.db


DAYS = school_days(11)


def batch(prefix: str, pupils: int, days: slice = slice(0, 10)) -> str:
    """`pupils` × the school `days` rows; every other pupil misses the first five days
    unexcused, so half the batch's pupils start episodes (pending: the registry's pupils are
    not yet children we know)."""
    lines = []
    for p in range(pupils):
        for i, d in enumerate(DAYS[days], start=days.start):
            absent = p % 2 == 0 and i < 5
            category = "Unexcused Absence" if absent else "Present"
            lines.append(f"{prefix}-{p:04d},{SCHOOL},{d.isoformat()},{category}\n")
    return HEADER + "".join(lines)


async def test_a_batch_of_50_pupils_costs_the_statements_of_a_batch_of_5(
    api: Api, db: Db, statements: StatementCounter
) -> None:
    await api.ok(
        "POST",
        f"/api/v1/admin/organisations/{api.world.org('school')}/identifiers",
        "admin",
        json={"system": "school-registry", "value": SCHOOL},
        expect=201,
    )
    headers = {**api.headers("school_registry"), "Content-Type": "text/csv"}

    async def cost(text: str) -> tuple[dict[str, int], int]:
        before = statements.count
        r = await api.client.post(ATTENDANCE, content=text.encode(), headers=headers)
        assert r.status_code == 200, r.text
        answer = r.json()
        counts = {k: answer[k] for k in ("received", "accepted", "rejected")}
        counts["alerts"] = len(answer["alerts"])
        return counts, statements.count - before

    # A first batch warms what the process caches (signing keys, the client), which a count
    # must not include.
    one, _ = await cost(batch("W", 1))
    few, for_few = await cost(batch("A", 5))
    many, for_many = await cost(batch("B", 50))

    assert few["received"] == few["accepted"] == 50
    assert many["received"] == many["accepted"] == 500
    assert few["rejected"] == many["rejected"] == 0
    # Pupils 0, 2, 4 … start an episode: of both rules (five days in a row, half the sessions).
    per_pupil = one["alerts"]
    assert per_pupil == 2
    assert (few["alerts"], many["alerts"]) == (3 * per_pupil, 25 * per_pupil)
    stored = await db.rows(AttendanceAlert)
    assert len(stored) == (1 + 3 + 25) * per_pupil
    assert {a.status for a in stored} == {"pending"}
    assert len(await db.rows(AttendanceEvent)) == 10 + 50 + 500
    assert for_many == for_few, f"{for_few} statements for 5 pupils, {for_many} for 50"
    assert for_few < 20, f"{for_few} statements for one batch"

    # The next day: the share episodes go on (5 of 11 sessions), their alerts are extended.
    next_day = slice(10, 11)
    few_more, for_few_more = await cost(batch("A", 5, next_day))
    many_more, for_many_more = await cost(batch("B", 50, next_day))
    assert (few_more["accepted"], many_more["accepted"]) == (5, 50)
    assert few_more["alerts"] == many_more["alerts"] == 0
    extended = [a for a in await db.rows(AttendanceAlert) if a.last_held_on == DAYS[10]]
    assert sorted(a.student_unique_id for a in extended) == sorted(
        [f"A-{p:04d}" for p in range(0, 5, 2)] + [f"B-{p:04d}" for p in range(0, 50, 2)]
    )
    assert {a.rule for a in extended} == {"unexcused_share"}
    assert for_many_more == for_few_more, (
        f"{for_few_more} statements for 5 pupils, {for_many_more} for 50"
    )
