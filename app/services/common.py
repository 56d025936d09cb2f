"""Helpers every service uses: loading an aggregate for change, checking its version."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Protocol, TypeVar

from sqlmodel import SQLModel

from app.domain.access import Disclosure
from app.domain.actor import Actor
from app.domain.errors import InvalidInput, NotFound, VersionMismatch
from app.persistence.base import Versioned
from app.persistence.uow import UnitOfWork

T = TypeVar("T", bound=SQLModel)
V = TypeVar("V", bound=Versioned)


async def get_or_404(uow: UnitOfWork, model: type[T], ident: object, kind: str) -> T:
    row = await uow.session.get(model, ident)
    if row is None:
        raise NotFound.of(kind, ident)
    return row


def check_version(row: Versioned, expected_version: int | None) -> None:
    """Refuse a change made from a stale read (If-Match). `None` means the shell already required
    the header, so services called internally (e.g. from an adapter) may skip it."""
    if expected_version is not None and row.version != expected_version:
        raise VersionMismatch(
            f"You sent version {expected_version} but the record is at version {row.version}. "
            "Read it again and retry with the new ETag.",
            extra={"current_version": row.version},
        )


async def load_for_change(
    uow: UnitOfWork, model: type[V], ident: uuid.UUID, kind: str, expected_version: int | None
) -> V:
    row = await get_or_404(uow, model, ident, kind)
    check_version(row, expected_version)
    return row


class ChildRecord(Protocol):
    """A row about one child: what a disclosure names."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def child_id(self) -> uuid.UUID: ...


C = TypeVar("C", bound=ChildRecord)


async def read_record(
    uow: UnitOfWork, actor: Actor, model: type[C], ident: uuid.UUID, kind: str
) -> C:
    """One record about a child, for the caller; the read is recorded as a disclosure."""
    row: C | None = await uow.session.get(model, ident)
    if row is None:
        raise NotFound.of(kind, ident)
    uow.disclose(actor, Disclosure("read", kind, row.id, row.child_id))
    return row


def disclose_listed(uow: UnitOfWork, actor: Actor, kind: str, rows: Iterable[ChildRecord]) -> None:
    """One entry per record a list showed, written in one insert whatever the page size."""
    uow.disclose(actor, [Disclosure("list", kind, r.id, r.child_id) for r in rows])


async def named_in_body(
    uow: UnitOfWork, model: type[T], ident: uuid.UUID, pointer: str, kind: str
) -> T:
    """The record a request body names: a wrong id is a field error (422 at `pointer`), not a
    missing page (404), because the address the caller asked for exists."""
    row = await uow.session.get(model, ident)
    if row is None:
        raise InvalidInput.field(pointer, f"There is no {kind} with id {ident}.")
    return row
