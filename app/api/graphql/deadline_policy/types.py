"""A rule of the deadline policy: how long an item of one kind and urgency may wait."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.persistence.tables.deadlines import DeadlinePolicyRow


@strawberry.type(description="The time allowed for one kind of item at one urgency, by law.")
class DeadlineRule:
    kind: str
    urgency: str
    amount: int
    unit: str = strawberry.field(description="hours, days or working_days.")
    legal_basis: str
    updated_at: datetime

    @classmethod
    def of(cls, row: DeadlinePolicyRow) -> DeadlineRule:
        return cls(
            kind=row.kind,
            urgency=row.urgency,
            amount=row.amount,
            unit=row.unit,
            legal_basis=row.legal_basis,
            updated_at=row.updated_at,
        )
