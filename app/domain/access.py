"""The access log's rules: what a disclosure is, and how the hash chain links entries.

Each sealed entry carries the hash of the one before it, so altering a row breaks its own hash
and deleting a row leaves a gap in `seq`; `first_broken` finds the first such link.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

Operation = Literal["read", "list", "create", "update", "action", "export"]

GENESIS_HASH = "0" * 64
"""The prev_hash of the first entry (seq 1)."""


@dataclass(frozen=True)
class Disclosure:
    """One record shown (or handed over) to an actor: what, which, whose, and why."""

    operation: Operation
    resource_type: str
    resource_id: str | uuid.UUID
    child_id: uuid.UUID | None = None
    purpose: str | None = None


_CREATED = ("created", "registered", "recorded", "raised", "opened", "added")


def write_operation(event_type: str) -> Operation:
    """How the access log names a change to a child's data: the event that described it says
    whether something was made, changed, or moved on (`concern.recorded` → create,
    `child.updated` → update, `referral.accepted` → action)."""
    verb = event_type.rsplit(".", 1)[-1]
    if verb.endswith(_CREATED):
        return "create"
    return "update" if verb.endswith("updated") else "action"


def entry_hash(prev_hash: str, fields: Mapping[str, str | None]) -> str:
    """sha256 over a canonical JSON of the previous hash and the entry's fields."""
    document = {"prev_hash": prev_hash, "fields": {k: fields[k] for k in sorted(fields)}}
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ChainEntry(Protocol):
    @property
    def seq(self) -> int: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...
    @property
    def fields(self) -> Mapping[str, str | None]: ...


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


class ChainWalker:
    """Walks a chain in seq order, batch after batch, remembering where the last batch ended."""

    def __init__(self) -> None:
        self.last_seq = 0
        self.last_hash = GENESIS_HASH
        self.count = 0

    def feed(self, entries: Iterable[ChainEntry]) -> Break | None:
        for entry in entries:
            expected_seq = self.last_seq + 1
            if entry.seq != expected_seq:
                return Break(
                    entry.seq,
                    f"entries {expected_seq}..{entry.seq - 1} are missing (deleted)"
                    if entry.seq > expected_seq
                    else f"expected seq {expected_seq}",
                )
            if entry.prev_hash != self.last_hash:
                return Break(entry.seq, "prev_hash does not match the previous entry's hash")
            if entry_hash(entry.prev_hash, entry.fields) != entry.hash:
                return Break(entry.seq, "the entry was altered (its hash does not recompute)")
            self.last_seq = entry.seq
            self.last_hash = entry.hash
            self.count += 1
        return None


def first_broken(entries: Iterable[ChainEntry]) -> int | None:
    """The seq of the first broken link, or None when the chain is intact."""
    found = ChainWalker().feed(entries)
    return None if found is None else found.seq
