"""Attendance batches from school registries: Ed-Fi `StudentSchoolAttendanceEvent` fields, as a
JSON array (or `{"events": [...]}`) or as CSV with a header row of the same names.

Only translation lives here: each row is validated alone, and a bad row is listed (its number,
field and reason) instead of refusing the batch. The service decides the rest (schools the
registry may report for, storing, the attendance rule)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from app.domain.attendance import AttendanceEvent, RecordError
from app.domain.attendance_batches import Batch, Rejection, Row
from app.domain.errors import InvalidInput
from app.integrations.json_body import loads

CHANNEL = "school.attendance"
FIELDS = tuple(AttendanceEvent.model_fields)
CODES = {"missing": "missing_field", "extra_forbidden": "unknown_field"}
REQUIRED = tuple(name for name, f in AttendanceEvent.model_fields.items() if f.is_required())


def _code(error: ErrorDetails) -> str:
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, RecordError):
        return cause.code
    return CODES.get(error["type"], error["type"])


def _row(number: int, data: Any, rejections: list[Rejection]) -> Row | None:
    try:
        return Row(number, AttendanceEvent.model_validate(data))
    except ValidationError as exc:
        for e in exc.errors():
            rejections.append(
                Rejection(
                    row=number,
                    field=str(e["loc"][0]) if e["loc"] else "",
                    reason="This field is required."
                    if e["type"] == "missing"
                    else e["msg"].removeprefix("Value error, "),
                    code=_code(e),
                )
            )
        return None


def _batch(items: list[tuple[int, Any]]) -> Batch:
    rejections: list[Rejection] = []
    rows = [r for number, data in items if (r := _row(number, data, rejections)) is not None]
    return Batch(received=len(items), rows=rows, rejections=rejections)


def from_json(body: str) -> Batch:
    """Rows are numbered by their index in the array (0 first)."""
    document = loads(body)
    if isinstance(document, dict) and set(document) == {"events"}:
        document = document["events"]
    if not isinstance(document, list):
        raise InvalidInput.field(
            "#", 'Send a JSON array of attendance events, or {"events": [...]}.'
        )
    return _batch(list(enumerate(document)))


def from_csv(body: str) -> Batch:
    """Rows are numbered by their line in the file (the header is line 1). Empty cells are
    absent fields."""
    reader = csv.DictReader(io.StringIO(body.lstrip("\ufeff"), newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [f for f in REQUIRED if f not in header]
    unknown = [h for h in header if h not in FIELDS]
    if missing or unknown:
        detail = "The header row must name the columns " + ", ".join(REQUIRED)
        detail += f" (optional: {', '.join(f for f in FIELDS if f not in REQUIRED)})"
        if missing:
            detail += f"; missing: {', '.join(missing)}"
        if unknown:
            detail += f"; unknown: {', '.join(unknown)}"
        raise InvalidInput.field("#/header", detail + ".", "bad_header")
    reader.fieldnames = header
    items: list[tuple[int, Any]] = []
    for record in reader:
        if None in record:
            extra: Any = {"extra": record.pop(None)}
            items.append((reader.line_num, {**record, **extra}))
            continue
        items.append(
            (reader.line_num, {k: v for k, v in record.items() if v is not None and v.strip()})
        )
    return _batch(items)


def reader_for(content_type: str) -> Callable[[str], Batch]:
    """The reader of a batch kept with this media type (CSV, else JSON)."""
    return from_csv if content_type == "text/csv" else from_json
