"""What an attendance batch is once read, whatever format it came in: the rows that could be
read, and why the others could not."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.attendance import AttendanceEvent


@dataclass(frozen=True)
class Row:
    number: int
    """Where the row is in what was sent: its line in a CSV file (the header is line 1), its
    index in a JSON array."""
    event: AttendanceEvent


@dataclass(frozen=True)
class Rejection:
    row: int
    field: str
    reason: str
    code: str


@dataclass
class Batch:
    received: int
    rows: list[Row]
    rejections: list[Rejection] = field(default_factory=list)
