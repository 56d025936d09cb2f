"""Counting concerns and cases by group, in the database: one GROUP BY, no row loaded.

The caller's scope (`app.persistence.scoping.visible`) is the WHERE clause, as for the lists. A
join the grouping needs goes through an alias, so that the scope's own subqueries on the same
table (a territory's organisations) never correlate with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import col

from app.domain.counts import CountDimension, CountFilter
from app.persistence.scoping import Scope
from app.persistence.tables.cases import Case
from app.persistence.tables.concerns import Concern, ConcernIndicator
from app.persistence.tables.organisations import Organisation
from app.persistence.uow import UnitOfWork

Counted = list[tuple[tuple[str, ...], int]]
"""Each group's key (one value per dimension, in the order asked) and its count."""


class month_of(FunctionElement[str]):  # noqa: N801 (an SQL function)
    """`YYYY-MM` of a stored UTC timestamp. The two databases spell it differently, and the text
    carries no bound parameter, so PostgreSQL sees the same expression in SELECT and GROUP BY."""

    type = String()
    name = "month_of"
    inherit_cache = True


@compiles(month_of)
def _month_of_postgresql(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    # timestamptz AT TIME ZONE 'UTC' is the UTC wall time, whatever the session's time zone.
    return f"to_char(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC', 'YYYY-MM')"


@compiles(month_of, "sqlite")
def _month_of_sqlite(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps UTC timestamps as ISO text (`UTCDateTime`).
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


def _grouped(columns: Sequence[ColumnElement[Any]], base: Any) -> Any:
    # A record is one row of the join: a concern meets its indicators only when grouped by them,
    # and then once per group, so COUNT(*) needs no DISTINCT.
    stmt = base.add_columns(*columns, func.count())
    return stmt.group_by(*columns).order_by(*columns) if columns else stmt


async def _run(uow: UnitOfWork, stmt: Any, width: int) -> Counted:
    rows = (await uow.session.exec(stmt)).all()
    return [(tuple(str(v) for v in row[:width]), int(row[width])) for row in rows if row[width]]


def _created(
    column: Any, since: datetime | None, until: datetime | None
) -> list[ColumnElement[bool]]:
    where = []
    if since is not None:
        where.append(column >= since)
    if until is not None:
        where.append(column < until)
    return where


async def concern_counts(
    uow: UnitOfWork, by: Sequence[CountDimension], query: CountFilter, scope: Scope
) -> Counted:
    recorder = aliased(Organisation)
    stmt = select().select_from(Concern).where(scope)
    stmt = stmt.where(*_created(col(Concern.created_at), query.since, query.until))
    if query.urgency is not None:
        stmt = stmt.where(col(Concern.urgency) == query.urgency.value)
    if CountDimension.TERRITORY in by or query.territory_code is not None:
        stmt = stmt.join(recorder, col(recorder.id) == col(Concern.organisation_id))
        if query.territory_code is not None:
            stmt = stmt.where(col(recorder.territory_code) == query.territory_code)
    if CountDimension.INDICATOR in by:
        stmt = stmt.join(ConcernIndicator, col(ConcernIndicator.concern_id) == col(Concern.id))
    columns: dict[CountDimension, Any] = {
        CountDimension.TERRITORY: col(recorder.territory_code),
        CountDimension.INDICATOR: col(ConcernIndicator.indicator),
        CountDimension.MONTH: month_of(col(Concern.created_at)),
    }
    grouped = [columns[d] for d in by]
    return await _run(uow, _grouped(grouped, stmt), len(grouped))


async def case_counts(
    uow: UnitOfWork, by: Sequence[CountDimension], query: CountFilter, scope: Scope
) -> Counted:
    stmt = select().select_from(Case).where(scope)
    stmt = stmt.where(*_created(col(Case.created_at), query.since, query.until))
    if query.urgency is not None:
        stmt = stmt.where(col(Case.urgency) == query.urgency.value)
    if query.territory_code is not None:
        stmt = stmt.where(col(Case.territory_code) == query.territory_code)
    columns: dict[CountDimension, Any] = {
        CountDimension.TERRITORY: col(Case.territory_code),
        CountDimension.STAGE: col(Case.stage),
        CountDimension.MONTH: month_of(col(Case.created_at)),
    }
    grouped = [columns[d] for d in by]
    return await _run(uow, _grouped(grouped, stmt), len(grouped))
