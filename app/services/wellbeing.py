"""The well-being trajectory: ratings from approved assessments, reviews and observations."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from app.persistence.tables.plans import WellbeingRating
from app.persistence.uow import UnitOfWork


def _rating(value: Any) -> int | None:
    """Ratings are stored either as a bare 1-5 or as {"rating": 1-5, "comment": ...}."""
    if isinstance(value, int):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("rating"), int):
        return int(value["rating"])
    return None


def record_ratings(
    uow: UnitOfWork,
    *,
    child_id: uuid.UUID,
    source_type: str,
    source_id: uuid.UUID,
    recorded_on: date,
    indicators: Mapping[str, Any] | None = None,
    protective_factors: Mapping[str, Any] | None = None,
) -> None:
    """Add one trajectory point per rated indicator and protective factor."""
    for dimension, ratings in (
        ("indicator", indicators),
        ("protective_factor", protective_factors),
    ):
        for code, value in (ratings or {}).items():
            rating = _rating(value)
            if rating is not None:
                uow.session.add(
                    WellbeingRating(
                        child_id=child_id,
                        source_type=source_type,
                        source_id=source_id,
                        recorded_on=recorded_on,
                        dimension=dimension,
                        code=code,
                        rating=rating,
                    )
                )
