"""The everyday list and filter requests, each with a spread of realistic arguments drawn from the
loaded data (so that no single cached row or plan flatters a path)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import cycle, islice
from typing import Any
from urllib.parse import quote, urlencode

from app.domain.cases import CaseStage
from app.domain.concerns import ConcernStatus
from app.domain.referrals import ReferralStatus
from app.domain.vocabulary import Indicator, Urgency
from app.persistence.paging import encode_cursor
from bench import names

API = "/api/v1"


@dataclass(frozen=True)
class Path:
    name: str
    urls: list[str]


def _take(values: list[Any], n: int) -> list[Any]:
    return list(islice(cycle(values), n)) if values else []


def _url(path: str, **query: Any) -> str:
    return f"{path}?{urlencode(query)}" if query else path


def _name_queries(rng: random.Random, n: int) -> list[str]:
    """What people type: a surname and an initial, a surname's first letters, a name as written
    (with its diacritics), in Cyrillic now and then."""
    surnames = [m for m, _ in names.LATIN_FAMILY]
    queries = []
    for _ in range(n):
        roll = rng.random()
        head = surnames[int(len(surnames) * rng.random() ** 1.2)]
        if roll < 0.45:
            given = rng.choice(names.LATIN_GIVEN_FEMALE + names.LATIN_GIVEN_MALE)
            queries.append(f"{head} {given[0]}")
        elif roll < 0.7:
            queries.append(head[: rng.randint(3, 5)])
        elif roll < 0.9:
            queries.append(head)
        else:
            queries.append(rng.choice(names.CYRILLIC_FAMILY)[0])
    return queries


async def _column(conn: Any, sql: str, *args: Any) -> list[Any]:
    return [r[0] for r in await conn.fetch(sql, *args)]


async def build(conn: Any, requests: int) -> list[Path]:
    """`conn` is an asyncpg connection to the loaded database."""
    rng = random.Random(7)  # noqa: S311
    n = requests

    async def sample(sql: str) -> list[Any]:
        query = f"SELECT * FROM ({sql}) AS s ORDER BY random() LIMIT $1"  # noqa: S608 (ours)
        return await _column(conn, query, n)

    await conn.execute("SELECT setseed(0.7)")
    # Largest first, so the plan shown is Chișinău's (a quarter of the children).
    territories = await _column(
        conn,
        "SELECT t.code FROM territories t LEFT JOIN children c ON c.territory_code = t.code "
        "GROUP BY t.code ORDER BY count(c.id) DESC, t.code",
    )
    # Cursors half way down each territory's list: a client walking every child of a district.
    deep = []
    for code in territories:
        row = await conn.fetchrow(
            "SELECT created_at, id FROM children WHERE territory_code = $1 "
            "ORDER BY created_at DESC, id DESC "
            "OFFSET (SELECT count(*) / 2 FROM children WHERE territory_code = $1) LIMIT 1",
            code,
        )
        if row is not None:
            deep.append((code, encode_cursor(row["created_at"], row["id"])))
    idnps = await sample("SELECT idnp FROM children WHERE idnp IS NOT NULL")
    raisers = await sample("SELECT DISTINCT organisation_id FROM concerns")
    assignees = await sample(
        "SELECT DISTINCT assignee_id FROM referrals WHERE assignee_id IS NOT NULL"
    )
    receivers = await sample("SELECT DISTINCT to_organisation_id FROM referrals")
    leads = await sample(
        "SELECT DISTINCT lead_professional_id FROM cases WHERE lead_professional_id IS NOT NULL"
    )
    deadline_orgs = await sample(
        "SELECT DISTINCT organisation_id FROM deadlines WHERE met_at IS NULL"
    )
    action_orgs = await sample("SELECT DISTINCT responsible_organisation_id FROM plan_actions")
    with_history = await sample("SELECT DISTINCT child_id FROM concerns")
    last = await conn.fetchval("SELECT max(position) FROM domain_events") or 0

    children, concerns, referrals = f"{API}/children", f"{API}/concerns", f"{API}/referrals"
    cases, actions = f"{API}/cases", f"{API}/plan-actions"
    return [
        Path("children, newest first", [children] * n),
        Path("children by name prefix", [_url(children, name=q) for q in _name_queries(rng, n)]),
        Path(
            "children by territory",
            [_url(children, territory_code=t) for t in _take(territories, n)],
        ),
        Path(
            "children by territory, deep page",
            [_url(children, territory_code=t, cursor=c) for t, c in _take(deep, n)],
        ),
        Path("children by IDNP", [_url(children, idnp=i) for i in _take(idnps, n)]),
        Path(
            "concerns by status", [_url(concerns, status=s) for s in _take(list(ConcernStatus), n)]
        ),
        Path("concerns by urgency", [_url(concerns, urgency=u) for u in _take(list(Urgency), n)]),
        Path(
            "concerns by organisation",
            [_url(concerns, organisation_id=o) for o in _take(raisers, n)],
        ),
        Path(
            "concerns by indicator",
            [_url(concerns, indicator=i) for i in _take(list(Indicator), n)],
        ),
        Path("concerns overdue", [_url(concerns, overdue="true")] * n),
        Path(
            "referrals by status",
            [_url(referrals, status=s) for s in _take(list(ReferralStatus), n)],
        ),
        Path("referrals overdue", [_url(referrals, overdue="true")] * n),
        Path(
            "referrals by assignee", [_url(referrals, assignee_id=a) for a in _take(assignees, n)]
        ),
        Path(
            "referrals to organisation",
            [_url(referrals, to_organisation_id=o) for o in _take(receivers, n)],
        ),
        Path(
            "referrals from organisation",
            [_url(referrals, from_organisation_id=o) for o in _take(raisers, n)],
        ),
        Path(
            "referrals inbox (to org, received)",
            [_url(referrals, to_organisation_id=o, status="received") for o in _take(receivers, n)],
        ),
        Path("cases by stage", [_url(cases, stage=s) for s in _take(list(CaseStage), n)]),
        Path(
            "cases by lead professional",
            [_url(cases, lead_professional_id=p) for p in _take(leads, n)],
        ),
        Path("cases overdue", [_url(cases, overdue="true")] * n),
        Path("deadlines overdue", [f"{API}/deadlines/overdue"] * n),
        Path(
            "deadlines overdue by organisation",
            [_url(f"{API}/deadlines/overdue", organisation_id=o) for o in _take(deadline_orgs, n)],
        ),
        Path(
            "plan actions overdue by organisation",
            [
                _url(actions, responsible_organisation_id=o, overdue="true")
                for o in _take(action_orgs, n)
            ],
        ),
        Path(
            "child's chronology",
            [f"{API}/children/{quote(str(c))}/chronology" for c in _take(with_history, n)],
        ),
        Path(
            "events feed after a position",
            [_url(f"{API}/events", after=rng.randint(0, last)) for _ in range(n)],
        ),
    ]
