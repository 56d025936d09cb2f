"""Dashboard counts over what the caller may see, small groups suppressed (`app.domain.counts`).

The scope is the list's: concerns as `GET /concerns` shows them to the caller, cases as
`GET /cases` does. A count names no record, so nothing is written to the access log: what it
tells is bounded by records the caller may open anyway, and no figure below the threshold leaves.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.access_policy import RecordKind
from app.domain.actor import Actor
from app.domain.counts import (
    CountDimension,
    CountFilter,
    CountSubject,
    Group,
    check_dimensions,
    suppress,
)
from app.persistence.repositories import counts as repo
from app.persistence.scoping import visible
from app.persistence.tables.cases import Case
from app.persistence.tables.concerns import Concern
from app.persistence.uow import UnitOfWork

Key = tuple[str, ...]


async def concern_counts(
    uow: UnitOfWork, actor: Actor, by: Sequence[CountDimension], query: CountFilter
) -> tuple[list[CountDimension], list[Group[Key]]]:
    """The dimensions as grouped (each once, in the order asked) and each group's count."""
    dimensions = check_dimensions(CountSubject.CONCERN, by)
    scope = visible(RecordKind.CONCERN, Concern, actor)
    return dimensions, suppress(await repo.concern_counts(uow, dimensions, query, scope))


async def case_counts(
    uow: UnitOfWork, actor: Actor, by: Sequence[CountDimension], query: CountFilter
) -> tuple[list[CountDimension], list[Group[Key]]]:
    """The dimensions as grouped (each once, in the order asked) and each group's count."""
    dimensions = check_dimensions(CountSubject.CASE, by)
    scope = visible(RecordKind.CASE, Case, actor)
    return dimensions, suppress(await repo.case_counts(uow, dimensions, query, scope))
