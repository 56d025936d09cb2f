"""Pages of a log (a chronology, the access log) go back from a position, not by cursor.

REST bounds `limit` and `before` in its query parameters; GraphQL's arguments are checked here
to the same bounds, so neither shell asks the services for an empty or unbounded page."""

from __future__ import annotations

from app.api.graphql.relay import MAX_PAGE
from app.domain.errors import InvalidInput


def checked_page(limit: int, before: int | None) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput.field("limit", f"A page holds 1 to {MAX_PAGE} entries.")
    if before is not None and before < 1:
        raise InvalidInput.field("before", "Pass the `nextBefore` of the previous page.")
