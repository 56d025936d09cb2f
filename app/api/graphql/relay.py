"""Global ids, the Node interface and cursor connections.

A global id is `base64("<Type>:<uuid>")`: opaque to clients, and enough for `node(id)` to know
which service reads it. Connections page with the same keyset cursors as REST, forwards
(`first`/`after`) and backwards (`last`/`before`), so a page never shifts while rows are added.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from app.domain.errors import InvalidInput
from app.persistence.paging import PageOf, PageRequest, decode_cursor, encode_cursor

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_PAGE = 50
MAX_PAGE = 200


def to_global_id(type_name: str, ident: uuid.UUID) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{ident}".encode()).decode())


def from_global_id(value: str, *, argument: str = "id") -> tuple[str, uuid.UUID]:
    refused = InvalidInput.field(argument, "This is not an id given out by this API.")
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        type_name, _, ident = raw.partition(":")
        return type_name, uuid.UUID(ident)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise refused from exc


def uuid_of(value: str, type_name: str, *, argument: str = "id") -> uuid.UUID:
    """The record id inside a global id that must name a `type_name`; the plain id REST uses
    (`databaseId`) is taken as well, so a client holding either need not convert."""
    try:
        return uuid.UUID(value)
    except ValueError:
        pass
    found, ident = from_global_id(value, argument=argument)
    if found != type_name:
        raise InvalidInput.field(argument, f"This id names a {found}, not a {type_name}.")
    return ident


@strawberry.interface(description="A record with a global id, readable again with `node(id)`.")
class Node:
    id: strawberry.ID


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


Counter = Callable[[], Awaitable[int]]


@strawberry.type(description="A page of records, newest first.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    counter: strawberry.Private[Counter | None] = None

    @strawberry.field(
        description="How many records the whole list holds, where that is cheap to count (your "
        "own caseload); null elsewhere, where counting would read everything in your scope."
    )
    async def total_count(self, info: strawberry.Info) -> int | None:
        if self.counter is None:
            return None
        async with info.context.lock:
            return await self.counter()

    @strawberry.field(description="The records of this page, without their cursors.")
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]


def page_request(
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> PageRequest:
    """Connection arguments as a keyset page request."""
    if first is not None and last is not None:
        raise InvalidInput.field(
            "first", "Send first (with after) or last (with before), not both."
        )
    if after is not None and before is not None:
        raise InvalidInput.field("after", "Send after or before, not both.")
    size = last if last is not None else first
    if size is None:
        size = DEFAULT_PAGE
    if not 1 <= size <= MAX_PAGE:
        raise InvalidInput.field(
            "last" if last is not None else "first", f"A page holds 1 to {MAX_PAGE} records."
        )
    backward = last is not None or before is not None
    cursor = before if backward else after
    return PageRequest(
        limit=size,
        after=decode_cursor(cursor) if cursor else None,
        backward=backward,
    )


def connection(
    found: PageOf, page: PageRequest, node: Callable[[Any], R], *, count: Counter | None = None
) -> Connection[R]:
    rows: Sequence[Any] = found.rows
    edges = [Edge(cursor=encode_cursor(r.created_at, r.id), node=node(r)) for r in rows]
    more = found.next_cursor is not None
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=more if not page.backward else page.after is not None,
            has_previous_page=more if page.backward else page.after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        counter=count,
    )
