"""What the school-registry tests share: the routes, the registry's school id, linking it, and
attendance rows on school days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from app.domain.plans import today
from tests.factories import Api

CONCERNS = "/api/v1/integrations/school/concerns"
ATTENDANCE = "/api/v1/integrations/school/attendance"
SCHOOL = "MD-SCH-0417"
"""The registry's `sourcedId` for the Călărași school."""
HEADER = "studentUniqueId,schoolId,eventDate,attendanceEventCategoryDescriptor\n"


async def link_school(api: Api, value: str = SCHOOL, org: str = "school") -> dict[str, Any]:
    """The administrator links the registry's id for a school to the directory."""
    url = f"/api/v1/admin/organisations/{api.world.org(org)}/identifiers"
    body = {"system": "school-registry", "value": value}
    return dict(await api.ok("POST", url, "admin", json=body, expect=201))


def school_days(n: int) -> list[date]:
    """`n` school days (weekdays) ending yesterday, oldest first."""
    out: list[date] = []
    day = today() - timedelta(days=1)
    while len(out) < n:
        if day.weekday() < 5:
            out.append(day)
        day -= timedelta(days=1)
    return sorted(out)


def rows(pupil: str, days: list[date], absent: set[int]) -> str:
    """CSV rows for one pupil: unexcused on the days whose index is in `absent`."""
    return "".join(
        f"{pupil},{SCHOOL},{d},{'Unexcused Absence' if i in absent else 'Present'}\n"
        for i, d in enumerate(days)
    )
