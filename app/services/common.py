"""Helpers every service uses: loading an aggregate for change, checking its version."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from sqlmodel import SQLModel, select

from app.domain.access import Disclosure
from app.domain.access_policy import BREAK_GLASS_MIN_REASON, RecordKind, may_break_glass
from app.domain.actor import Actor
from app.domain.errors import InvalidInput, NotFound, VersionMismatch
from app.persistence.base import Versioned
from app.persistence.scoping import visible
from app.persistence.tables.break_glass import BreakGlassOpening
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
    uow: UnitOfWork,
    model: type[V],
    ident: uuid.UUID,
    kind: str,
    expected_version: int | None,
    actor: Actor | None = None,
    *,
    may: Callable[[V], None] | None = None,
) -> V:
    """The record to change, checked in the order that leaks least: outside the actor's scope it
    is missing (404); then `may` says whether this actor may make this change (403); only then is
    the version compared (412), so a stale ETag never tells someone what they may not do."""
    row = await get_or_404(uow, model, ident, kind)
    if actor is not None:
        await ensure_visible(uow, actor, model, ident, kind)
    if may is not None:
        may(row)
    check_version(row, expected_version)
    return row


POLICY_KINDS: dict[str, RecordKind] = {
    "child": RecordKind.CHILD,
    "observation": RecordKind.OBSERVATION,
    "concern": RecordKind.CONCERN,
    "referral": RecordKind.REFERRAL,
    "case": RecordKind.CASE,
    "assessment": RecordKind.CASE_RECORD,
    "note": RecordKind.CASE_RECORD,
    "plan": RecordKind.PLAN,
    "chronology": RecordKind.CHILD_HISTORY,
    "sharing_basis": RecordKind.CHILD,
    "sharing basis": RecordKind.CHILD,
}
"""The access-policy kind that governs each kind of record the services read."""


async def is_visible(
    uow: UnitOfWork, actor: Actor, model: type[SQLModel], ident: uuid.UUID, kind: str
) -> bool:
    """The access policy's answer for one record, asked of the database in one statement."""
    table: Any = model
    stmt = select(table.id).where(table.id == ident, visible(POLICY_KINDS[kind], table, actor))
    return (await uow.session.exec(stmt)).first() is not None


async def ensure_visible(
    uow: UnitOfWork,
    actor: Actor,
    model: type[SQLModel],
    ident: uuid.UUID,
    kind: str,
    *,
    child_id: uuid.UUID | None = None,
) -> str | None:
    """404 for a record outside the actor's scope, unless a professional breaks the glass.

    Breaking the glass (an emergency reason sent with the request) opens the record, flags the
    opening for the data protection officer's review, and returns the purpose to put in the
    access log.
    """
    if await is_visible(uow, actor, model, ident, kind):
        return None
    reason = actor.break_glass_reason
    if reason is None or not may_break_glass(actor) or actor.professional_id is None:
        raise NotFound.of(kind, ident)
    if len(reason.strip()) < BREAK_GLASS_MIN_REASON:
        raise InvalidInput.field(
            "X-Break-Glass-Reason",
            f"Say what the emergency is, in at least {BREAK_GLASS_MIN_REASON} characters.",
        )
    if child_id is None:
        child_id = getattr(await uow.session.get(model, ident), "child_id", None) or ident
    uow.session.add(
        BreakGlassOpening(
            professional_id=actor.professional_id,
            organisation_id=actor.organisation_id,
            client_id=actor.client_id,
            record_kind=kind,
            record_id=ident,
            child_id=child_id,
            reason=reason.strip(),
            request_id=uow.request_id,
        )
    )
    return f"break-the-glass: {reason.strip()}"[:300]


class ChildRecord(Protocol):
    """A row about one child: what a disclosure names."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def child_id(self) -> uuid.UUID: ...


C = TypeVar("C", bound=ChildRecord)


async def open_record(
    uow: UnitOfWork, actor: Actor, model: type[T], ident: uuid.UUID, kind: str
) -> tuple[T, str | None]:
    """A record the actor may see (404 otherwise), and the purpose to log if the glass was
    broken to open it."""
    row = await get_or_404(uow, model, ident, kind)
    child_id = getattr(row, "child_id", None)
    purpose = await ensure_visible(uow, actor, model, ident, kind, child_id=child_id)
    return row, purpose


async def read_record(
    uow: UnitOfWork, actor: Actor, model: type[C], ident: uuid.UUID, kind: str
) -> C:
    """One record about a child, for the caller; the read is recorded as a disclosure."""
    row, purpose = await open_record(uow, actor, model, ident, kind)  # type: ignore[type-var]
    uow.disclose(actor, Disclosure("read", kind, row.id, row.child_id, purpose=purpose))
    return row


def disclose_listed(uow: UnitOfWork, actor: Actor, kind: str, rows: Iterable[Any]) -> None:
    """One entry per record a list showed, written in one insert whatever the page size. A
    child is its own subject; every other record names its child."""
    uow.disclose(
        actor, [Disclosure("list", kind, r.id, getattr(r, "child_id", r.id)) for r in rows]
    )


async def named_in_body(
    uow: UnitOfWork,
    model: type[T],
    ident: uuid.UUID,
    pointer: str,
    kind: str,
    *,
    seen_by: Actor | None = None,
    as_kind: str | None = None,
) -> T:
    """The record a request body names: a wrong id is a field error (422 at `pointer`), not a
    missing page (404), because the address the caller asked for exists. With `seen_by`, a
    record outside that actor's scope (judged as `as_kind`) is just as missing."""
    row = await uow.session.get(model, ident)
    if row is None or (
        seen_by is not None and not await is_visible(uow, seen_by, model, ident, as_kind or kind)
    ):
        raise InvalidInput.field(pointer, f"There is no {kind} with id {ident}.")
    return row
