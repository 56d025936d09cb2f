"""Keyset paging: newest first, on (created_at, id).

A cursor names the last row a page ended on, so rows inserted while a client pages through a list
never shift or repeat what it has yet to read.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import and_, or_
from sqlmodel import col
from sqlmodel.sql.expression import SelectOfScalar

from app.domain.errors import InvalidInput

R = TypeVar("R")


@dataclass(frozen=True)
class PageRequest:
    limit: int = 50
    after: tuple[datetime, uuid.UUID] | None = None
    """The row the previous page ended on; with `backward`, the row the next page starts at."""
    backward: bool = False
    """Read towards newer rows (GraphQL's `last`/`before`); the page is still newest first."""


@dataclass(frozen=True)
class PageOf:
    rows: list[Any]
    next_cursor: str | None


def encode_cursor(created_at: datetime, ident: uuid.UUID) -> str:
    raw = json.dumps([created_at.isoformat(), str(ident)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    refused = InvalidInput.field(
        "cursor", "This cursor was not given out by this API. Start again without one."
    )
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        stamp, ident = json.loads(raw)
        at, last = datetime.fromisoformat(stamp), uuid.UUID(ident)
    except Exception as exc:  # any shape a client can forge is the same refusal
        raise refused from exc
    if at.tzinfo is None:
        raise refused
    return at, last


def keyset(stmt: SelectOfScalar[R], model: Any, page: PageRequest) -> SelectOfScalar[R]:
    created, ident = col(model.created_at), col(model.id)
    if page.backward:
        if page.after is not None:
            at, first = page.after
            stmt = stmt.where(created >= at, or_(created > at, and_(created == at, ident > first)))
        return stmt.order_by(created.asc(), ident.asc()).limit(page.limit + 1)
    if page.after is not None:
        at, last = page.after
        # `created <= at` is implied by the OR, but only a plain bound lets the database start the
        # index scan at the cursor; without it a deep page reads every row above it first.
        stmt = stmt.where(created <= at, or_(created < at, and_(created == at, ident < last)))
    return stmt.order_by(created.desc(), ident.desc()).limit(page.limit + 1)


def ordered(model: Any, page: PageRequest) -> tuple[Any, Any]:
    """The ORDER BY of `keyset`, for a statement that wraps a keyset subquery."""
    created, ident = col(model.created_at), col(model.id)
    if page.backward:
        return created.asc(), ident.asc()
    return created.desc(), ident.desc()


def trim(rows: Sequence[Any], page: PageRequest) -> PageOf:
    """Drop the look-ahead row and say where the next page starts (read backwards: whether
    there are newer rows still, the page itself put back newest first)."""
    more = len(rows) > page.limit
    kept = list(rows[: page.limit])
    if page.backward:
        kept.reverse()
        return PageOf(kept, encode_cursor(kept[0].created_at, kept[0].id) if more else None)
    if not more:
        return PageOf(kept, None)
    last = kept[-1]
    return PageOf(kept, encode_cursor(last.created_at, last.id))
