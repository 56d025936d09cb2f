"""The demo professionals: fixed ids, so examples and tests can name them; on the embedded demo
they sign in as `<key>@demo.girfec.md` (see `app.demo.sign_in`).

The first six ids are published (README, `girfec serve --demo`) and never change; new users get the
next ids.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.domain.vocabulary import Role


@dataclass(frozen=True)
class DemoUser:
    key: str
    id: uuid.UUID
    roles: tuple[Role, ...]
    organisation: str  # key into the Călărași organisations (see `directory.ORG_KEYS`)


def _id(n: int) -> uuid.UUID:
    return uuid.UUID(f"00000000-0000-4000-8000-{n:012d}")


DEMO_USERS = (
    DemoUser("admin", _id(1), (Role.ADMINISTRATOR,), "directorate"),
    DemoUser("designated_person", _id(2), (Role.DESIGNATED_PERSON, Role.TEACHER), "school"),
    DemoUser("family_doctor", _id(3), (Role.DESIGNATED_PERSON, Role.HEALTH_WORKER), "clinic"),
    DemoUser("police_officer", _id(4), (Role.POLICE_OFFICER,), "police"),
    DemoUser("social_worker", _id(5), (Role.SOCIAL_WORKER, Role.CASE_MANAGER), "mayoralty"),
    DemoUser("supervisor", _id(6), (Role.SUPERVISOR, Role.CASE_MANAGER), "directorate"),
    # The class teacher who does the daily work the school's plan asks of it.
    DemoUser("class_teacher", _id(7), (Role.TEACHER,), "school"),
    # The kindergarten teacher (educatoare), its designated person, on a pre-school child's team.
    DemoUser("educator", _id(8), (Role.DESIGNATED_PERSON, Role.TEACHER), "kindergarten"),
)

USER_IDS = {u.key: u.id for u in DEMO_USERS}
