"""What the database does for a list request: the statements the repositories send, caught on the
app's own engine, run again under EXPLAIN (ANALYZE, BUFFERS) with the same parameters, and the plan
boiled down to what matters at scale: which index (or none), how many rows were read to return a
page, and whether rows were sorted after being read. The generic plan is checked too: the driver
prepares statements, and after a few runs PostgreSQL may reuse one plan for any parameters."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

_SCANS = {
    "Seq Scan",
    "Index Scan",
    "Index Only Scan",
    "Bitmap Heap Scan",
    "Bitmap Index Scan",
}


class StatementLog:
    """Records the statements sent on an engine while `capturing()` is open."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._on = False
        self.statements: list[tuple[str, Sequence[Any]]] = []
        event.listen(engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(
        self,
        _conn: Any,
        _cursor: Any,
        statement: str,
        parameters: Sequence[Any],
        _context: Any,
        _executemany: bool,
    ) -> None:
        if self._on:
            self.statements.append((statement, tuple(parameters or ())))

    @contextmanager
    def capturing(self) -> Iterator[list[tuple[str, Sequence[Any]]]]:
        self.statements = []
        self._on = True
        try:
            yield self.statements
        finally:
            self._on = False


@dataclass
class Shape:
    """One statement's plan, reduced."""

    steps: list[str] = field(default_factory=list)  # outermost first
    indexes: list[str] = field(default_factory=list)
    seq_scans: list[str] = field(default_factory=list)
    rows_read: int = 0  # rows the scans produced or filtered away
    rows_sorted: int = 0  # rows fed into a full sort (not a top-N or incremental one)
    top_n_sorted: int = 0  # rows fed into a top-N heapsort
    buffers: int = 0
    ms: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()

    @property
    def sorted(self) -> int:
        return self.rows_sorted + self.top_n_sorted

    @property
    def access(self) -> str:
        """The indexes used, and any table read from end to end."""
        parts = [*self.indexes, *(f"SEQ SCAN {t}" for t in self.seq_scans)]
        return ", ".join(parts) or "-"


def _walk(node: dict[str, Any], shape: Shape, depth: int) -> None:
    kind = node["Node Type"]
    loops = int(node.get("Actual Loops", 1))
    label = kind
    if node.get("Index Name"):
        label += f" {node['Index Name']}"
        if node["Index Name"] not in shape.indexes:
            shape.indexes.append(node["Index Name"])
    elif node.get("Relation Name"):
        label += f" {node['Relation Name']}"
    if node.get("Sort Method"):
        label += f" ({node['Sort Method']})"
    shape.steps.append("  " * depth + label)
    if kind == "Seq Scan":
        shape.seq_scans.append(node.get("Relation Name", "?"))
    if kind in _SCANS and kind != "Bitmap Index Scan":
        removed = int(node.get("Rows Removed by Filter", 0)) + int(
            node.get("Rows Removed by Index Recheck", 0)
        )
        shape.rows_read += (int(node.get("Actual Rows", 0)) + removed) * loops
    if kind == "Sort":
        fed = sum(
            int(c.get("Actual Rows", 0)) * int(c.get("Actual Loops", 1))
            for c in node["Plans"]
            if c.get("Parent Relationship") == "Outer"  # not a CTE or subplan hanging off it
        )
        if node.get("Sort Method") == "top-N heapsort":
            shape.top_n_sorted += fed
        else:
            shape.rows_sorted += fed
    for child in node.get("Plans", []):
        _walk(child, shape, depth + 1)


def reduce(plan_json: str | list[Any]) -> Shape:
    document = json.loads(plan_json) if isinstance(plan_json, str) else plan_json
    top = document[0]
    shape = Shape(ms=float(top.get("Execution Time", 0.0)))
    plan = top["Plan"]
    shape.buffers = int(plan.get("Shared Hit Blocks", 0)) + int(plan.get("Shared Read Blocks", 0))
    _walk(plan, shape, 0)
    return shape


def list_statements(captured: Sequence[tuple[str, Sequence[Any]]]) -> list[tuple[str, Any]]:
    """The paged list query of a request: the statement with a LIMIT (reading the actor, the
    record a path names, or a page's indicators never has one)."""
    return [(sql, params) for sql, params in captured if " LIMIT " in sql.upper()]


async def explain(conn: Any, statement: str, parameters: Sequence[Any]) -> tuple[Shape, Shape]:
    """The plan PostgreSQL makes for these parameters, and the generic plan it may switch to once
    the app's driver has run the same prepared statement a few times. `conn` is a plain asyncpg
    connection to the same database."""
    shapes = []
    for mode in ("force_custom_plan", "force_generic_plan"):
        await conn.execute(f"SET plan_cache_mode = {mode}")
        plan = await conn.fetchval(
            "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, *parameters
        )
        shapes.append(reduce(plan))
    await conn.execute("RESET plan_cache_mode")
    return shapes[0], shapes[1]
