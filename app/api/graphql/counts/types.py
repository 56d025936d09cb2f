"""Dashboard counts: groups of records, each with its count or marked suppressed."""

from __future__ import annotations

import strawberry

from app.api.graphql.inputs import graphql_enum
from app.domain.counts import MIN_GROUP_SIZE, CountDimension, Group

graphql_enum(CountDimension)


@strawberry.type(
    description="One group: its value on each dimension counted by (the others are null), and "
    "how many records it holds."
)
class CountGroup:
    territory_code: str | None
    indicator: str | None
    stage: str | None
    month: str | None = strawberry.field(description="YYYY-MM, in UTC.")
    count: int | None = strawberry.field(
        description=f"Null when the group holds fewer than {MIN_GROUP_SIZE} records."
    )
    suppressed: bool = strawberry.field(
        description="The count is withheld so that no child can be singled out; the group "
        f"holds at least 1 and fewer than {MIN_GROUP_SIZE} records."
    )

    @classmethod
    def of(cls, by: list[CountDimension], group: Group[tuple[str, ...]]) -> CountGroup:
        values = dict(zip(by, group.key, strict=True))
        return cls(
            territory_code=values.get(CountDimension.TERRITORY),
            indicator=values.get(CountDimension.INDICATOR),
            stage=values.get(CountDimension.STAGE),
            month=values.get(CountDimension.MONTH),
            count=group.count,
            suppressed=group.suppressed,
        )


@strawberry.type(
    description="Counts over the records you may see, grouped as asked, in the order of the "
    "groups' values. No total is given: with the groups shown it would reveal the suppressed "
    "ones."
)
class Counts:
    by: list[CountDimension]
    groups: list[CountGroup]
    minimum: int = strawberry.field(
        description="The smallest count shown; a smaller group is suppressed."
    )

    @classmethod
    def of(cls, by: list[CountDimension], groups: list[Group[tuple[str, ...]]]) -> Counts:
        return cls(by=by, groups=[CountGroup.of(by, g) for g in groups], minimum=MIN_GROUP_SIZE)
