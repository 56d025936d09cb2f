"""Pages of a log (a chronology, the access log) go back from a position, not by cursor.

REST bounds `limit` and `before` in its query parameters; GraphQL's arguments are checked here
to the same bounds, so neither shell asks the services for an empty or unbounded page."""

from __future__ import annotations

from typing import Any, NewType

import strawberry

from app.api.graphql.relay import MAX_PAGE
from app.domain.errors import InvalidInput

MAX_POSITION = 2**63 - 1


def _parse(value: Any) -> int:
    text = str(value)
    if isinstance(value, bool) or not text.isascii() or not text.isdigit():
        raise ValueError("A position is a whole number, sent as text or as a number.")
    number = int(text)
    if number > MAX_POSITION:
        raise ValueError(f"A position is at most {MAX_POSITION}.")
    return number


Position = NewType("Position", int)
"""A place in a log (the chronology's events, the access log's chain)."""

POSITION_SCALAR = strawberry.scalar(
    name="Position",
    description="A place in a log (the chronology's events, the access log's chain), sent as "
    "text: logs outgrow GraphQL's 32-bit Int. Numbers are accepted on input.",
    serialize=str,
    parse_value=_parse,
)
"""How the schema shows `Position` (`StrawberryConfig.scalar_map`)."""


def checked_page(limit: int, before: int | None) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput.field("limit", f"A page holds 1 to {MAX_PAGE} entries.")
    if before is not None and before < 1:
        raise InvalidInput.field("before", "Pass the `nextBefore` of the previous page.")
