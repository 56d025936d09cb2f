"""Following cases: each change to one the subscriber may see, as it happens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import strawberry

from app.api.graphql.cases.types import Case
from app.api.graphql.rows import build
from app.api.graphql.subscriptions import ChangeEvent, Followed, follow
from app.persistence.tables.cases import Case as CaseRow
from app.services import cases as service

CASES = Followed(
    kind="case",
    node="Case",
    model=CaseRow,
    path="/cases/{case_id}",
    read=service.get_case,
)


@strawberry.type(description="A case changed: the event, and the case as it is now.")
class CaseChange:
    event: ChangeEvent
    case: Case


def _change(event: ChangeEvent, row: CaseRow) -> CaseChange:
    return CaseChange(event=event, case=build(Case, row))


@strawberry.type
class CaseSubscriptions:
    @strawberry.subscription(
        description="Changes to the cases you may see (or to one of them), from now on or "
        "after a cursor you received."
    )
    async def case_changed(
        self,
        info: strawberry.Info,
        id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Follow this case only."),
        ] = None,
        after: Annotated[
            str | None,
            strawberry.argument(description="The last `event.cursor` you received."),
        ] = None,
    ) -> AsyncIterator[CaseChange]:
        return await follow(info, CASES, _change, id, after)
