"""Sealing and verifying the access log's hash chain.

Entries are added unsealed in the request's own transaction (`UnitOfWork.disclose`), so a read
that was answered is recorded and a failed request records nothing. Sealing runs after the
commit, one sealer at a time: it gives each unsealed row, in insertion order, the next `seq`, the
previous entry's hash as `prev_hash`, and its own `hash`. The database then refuses any change to
the sealed row, and `verify` recomputes the chain to catch anyone who bypassed that.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import bindparam, text, update
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.domain.access import GENESIS_HASH, ChainWalker, Disclosure, entry_hash
from app.domain.actor import Actor
from app.domain.errors import Forbidden
from app.domain.vocabulary import Role
from app.persistence.repositories import access_log as repo
from app.persistence.tables.access_log import AccessLogEntry
from app.persistence.tables.children import Child
from app.persistence.uow import UnitOfWork
from app.services.common import ensure_visible, get_or_404

# pg_advisory_xact_lock key of the sealer ("acclog" in ASCII); any constant the app owns.
SEAL_LOCK_KEY = 0x6163636C6F67
BATCH = 1000
MAY_SEE_DISCLOSURES = (Role.DATA_PROTECTION_OFFICER, Role.CASE_MANAGER)

# One sealer per process; across processes PostgreSQL's advisory lock and SQLite's single writer
# serialize them.
_local_lock = asyncio.Lock()


@dataclass(frozen=True)
class ChainLink:
    seq: int
    prev_hash: str
    hash: str
    fields: Mapping[str, str | None]


def entry_fields(row: AccessLogEntry, seq: int) -> dict[str, str | None]:
    """What the hash covers: every column but the chain's own (id is storage, not content)."""

    def s(value: object) -> str | None:
        return None if value is None else str(value)

    return {
        "seq": str(seq),
        "occurred_at": row.occurred_at.isoformat(),
        "actor_id": s(row.actor_id),
        "client_id": row.client_id,
        "organisation_id": s(row.organisation_id),
        "operation": row.operation,
        "resource_type": row.resource_type,
        "resource_id": row.resource_id,
        "child_id": s(row.child_id),
        "purpose": row.purpose,
        "request_id": row.request_id,
    }


async def _lock(session: AsyncSession) -> None:
    if session.get_bind().dialect.name == "postgresql":
        await (await session.connection()).execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEAL_LOCK_KEY}
        )
    else:
        # A write, even of no row, takes SQLite's single write lock for this transaction.
        await (await session.connection()).execute(
            text("UPDATE access_log SET seq = seq WHERE 0 = 1")
        )


_TABLE = AccessLogEntry.__table__  # type: ignore[attr-defined]
_SEAL = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("row_id"))
    .values(seq=bindparam("seq"), prev_hash=bindparam("prev_hash"), hash=bindparam("hash"))
)


async def seal(session_factory: async_sessionmaker[AsyncSession]) -> int:
    """Chain every unsealed entry; returns how many were sealed."""
    sealed = 0
    async with _local_lock, session_factory() as session:
        await _lock(session)
        last = (
            await session.exec(
                select(AccessLogEntry)
                .where(col(AccessLogEntry.seq).is_not(None))
                .order_by(col(AccessLogEntry.seq).desc())
                .limit(1)
            )
        ).first()
        seq = last.seq if last is not None and last.seq is not None else 0
        prev = last.hash if last is not None and last.hash is not None else GENESIS_HASH
        while True:
            rows = (
                await session.exec(
                    select(AccessLogEntry)
                    .where(col(AccessLogEntry.seq).is_(None))
                    .order_by(col(AccessLogEntry.id))
                    .limit(BATCH)
                )
            ).all()
            if not rows:
                break
            chained = []
            for row in rows:
                seq += 1
                this = entry_hash(prev, entry_fields(row, seq))
                chained.append({"row_id": row.id, "seq": seq, "prev_hash": prev, "hash": this})
                prev = this
            # One executemany, however many entries a request disclosed.
            await (await session.connection()).execute(_SEAL, chained)
            sealed += len(rows)
        await session.commit()
    return sealed


@dataclass(frozen=True)
class Verdict:
    entries: int
    broken_seq: int | None = None
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_seq is None

    def __str__(self) -> str:
        if self.intact:
            return f"access log intact: {self.entries} entries"
        return f"first broken link at seq {self.broken_seq}: {self.reason}"


async def verify(session_factory: async_sessionmaker[AsyncSession]) -> Verdict:
    """Seal what is pending, then walk the whole chain in seq order, batch by batch."""
    await seal(session_factory)
    walker = ChainWalker()
    async with session_factory() as session:
        while True:
            rows = (
                await session.exec(
                    select(AccessLogEntry)
                    .where(col(AccessLogEntry.seq) > walker.last_seq)
                    .order_by(col(AccessLogEntry.seq))
                    .limit(BATCH)
                )
            ).all()
            if not rows:
                return Verdict(walker.count)
            links = [
                ChainLink(
                    seq=row.seq or 0,
                    prev_hash=row.prev_hash or "",
                    hash=row.hash or "",
                    fields=entry_fields(row, row.seq or 0),
                )
                for row in rows
            ]
            broken = walker.feed(links)
            if broken is not None:
                return Verdict(walker.count, broken.seq, broken.reason)


@dataclass(frozen=True)
class DisclosurePage:
    rows: list[AccessLogEntry]
    next_before: int | None


async def disclosures(
    uow: UnitOfWork,
    actor: Actor,
    child_id: uuid.UUID,
    *,
    limit: int,
    before: int | None = None,
) -> DisclosurePage:
    """Who has seen this child's record, newest first. Asking is itself a disclosure."""
    if not actor.has_role(*MAY_SEE_DISCLOSURES):
        raise Forbidden(
            "Only the data protection officer or a case manager may see who has seen a "
            "child's record."
        )
    await get_or_404(uow, Child, child_id, "child")
    if not actor.has_role(Role.DATA_PROTECTION_OFFICER):
        # A case manager asks about the children whose history they may see, and no others.
        await ensure_visible(uow, actor, Child, child_id, "chronology")
    uow.disclose(actor, Disclosure("read", "disclosures", child_id, child_id))
    rows = await repo.disclosures_of(uow, child_id, limit + 1, before=before)
    if len(rows) <= limit:
        return DisclosurePage(rows, None)
    return DisclosurePage(rows[:limit], rows[limit - 1].seq)
