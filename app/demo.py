"""Realistic Moldovan demo data for the embedded mode (`girfec serve --demo`).

Everything is created through the service layer, so the demo exercises the same rules as the API.
The professionals have fixed ids, printed at start, so a newcomer can call the API at once with
`X-Actor-Id`. Loading twice does nothing the second time.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

import structlog
from faker import Faker
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from app.domain.actor import Actor
from app.domain.children import NewChild, NewChildInstitution, NewFamilyMember, SectorIdentifier
from app.domain.deadlines import utcnow
from app.domain.idnp import make_idnp
from app.domain.organisations import NewOrganisation, NewProfessional
from app.domain.vocabulary import OrganisationKind, Relationship, Role, Sex
from app.persistence.tables.organisations import Professional
from app.persistence.uow import UnitOfWork
from app.services import children, organisations
from app.services.actors import resolve_actor

log = structlog.get_logger()

PILOT_DISTRICTS = ("calarasi", "falesti", "ungheni")


@dataclass(frozen=True)
class DemoUser:
    key: str
    id: uuid.UUID
    roles: tuple[Role, ...]
    organisation: str  # key into the district's organisations


DEMO_USERS = (
    DemoUser(
        "admin",
        uuid.UUID("00000000-0000-4000-8000-000000000001"),
        (Role.ADMINISTRATOR,),
        "directorate",
    ),
    DemoUser(
        "designated_person",
        uuid.UUID("00000000-0000-4000-8000-000000000002"),
        (Role.DESIGNATED_PERSON, Role.TEACHER),
        "school",
    ),
    DemoUser(
        "family_doctor",
        uuid.UUID("00000000-0000-4000-8000-000000000003"),
        (Role.DESIGNATED_PERSON, Role.HEALTH_WORKER),
        "clinic",
    ),
    DemoUser(
        "police_officer",
        uuid.UUID("00000000-0000-4000-8000-000000000004"),
        (Role.POLICE_OFFICER,),
        "police",
    ),
    DemoUser(
        "social_worker",
        uuid.UUID("00000000-0000-4000-8000-000000000005"),
        (Role.SOCIAL_WORKER, Role.CASE_MANAGER),
        "mayoralty",
    ),
    DemoUser(
        "supervisor",
        uuid.UUID("00000000-0000-4000-8000-000000000006"),
        (Role.SUPERVISOR, Role.CASE_MANAGER),
        "directorate",
    ),
)

_ORG_NAMES = {
    OrganisationKind.SCHOOL: "Liceul Teoretic „{name}” {town}",
    OrganisationKind.KINDERGARTEN: "Grădinița „Andrieș” {town}",
    OrganisationKind.FAMILY_DOCTORS_CENTRE: "Centrul de Sănătate {town}",
    OrganisationKind.POLICE_UNIT: "Inspectoratul de Poliție {town}",
    OrganisationKind.MAYORALTY: "Primăria {town}",
    OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE: (
        "Direcția Asistență Socială și Protecție a Familiei {town}"
    ),
}
_ORG_KEYS = {
    OrganisationKind.SCHOOL: "school",
    OrganisationKind.KINDERGARTEN: "kindergarten",
    OrganisationKind.FAMILY_DOCTORS_CENTRE: "clinic",
    OrganisationKind.POLICE_UNIT: "police",
    OrganisationKind.MAYORALTY: "mayoralty",
    OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE: "directorate",
}
_WRITERS = ("Mihai Eminescu", "Ion Creangă", "Alexei Mateevici", "Grigore Vieru")


async def load_demo_data(
    factory: async_sessionmaker[AsyncSession], *, children_per_district: int = 40, seed: int = 143
) -> dict[str, uuid.UUID]:
    fake = Faker("ro_RO")
    Faker.seed(seed)
    rng = random.Random(seed)
    async with UnitOfWork(factory) as uow:
        if await uow.session.get(Professional, DEMO_USERS[0].id) is not None:
            log.info("demo data already loaded")
            return {u.key: u.id for u in DEMO_USERS}
        schools: list[uuid.UUID] = []
        first_district: dict[str, uuid.UUID] = {}
        for district in PILOT_DISTRICTS:
            town = district.capitalize() if district != "calarasi" else "Călărași"
            town = {"falesti": "Fălești"}.get(district, town)
            orgs: dict[str, uuid.UUID] = {}
            for kind, pattern in _ORG_NAMES.items():
                org = await organisations.create_organisation(
                    uow,
                    None,
                    NewOrganisation(
                        name=pattern.format(town=town, name=rng.choice(_WRITERS)),
                        kind=kind,
                        territory_code=district,
                    ),
                )
                orgs[_ORG_KEYS[kind]] = org.id
            schools.append(orgs["school"])
            if not first_district:
                first_district = orgs
        for user in DEMO_USERS:
            await organisations.create_professional(
                uow,
                None,
                NewProfessional(
                    organisation_id=first_district[user.organisation],
                    given_name=fake.first_name(),
                    family_name=fake.last_name(),
                    email=f"{user.key}@demo.girfec.md",
                    roles=list(user.roles),
                ),
                professional_id=user.id,
            )
        actor = await resolve_actor(uow, DEMO_USERS[1].id)
        await _children(uow, actor, fake, rng, schools, children_per_district)
        await uow.commit()
    log.info("demo data loaded", users={u.key: str(u.id) for u in DEMO_USERS})
    return {u.key: u.id for u in DEMO_USERS}


async def _children(
    uow: UnitOfWork,
    actor: Actor,
    fake: Faker,
    rng: random.Random,
    schools: list[uuid.UUID],
    per_district: int,
) -> None:
    today = utcnow().date()
    serial = 0
    for district, school in zip(PILOT_DISTRICTS, schools, strict=True):
        for _ in range(per_district):
            serial += 1
            sex = rng.choice([Sex.FEMALE, Sex.MALE])
            given = fake.first_name_female() if sex is Sex.FEMALE else fake.first_name_male()
            family = fake.last_name()
            born = today - timedelta(days=rng.randint(365, 17 * 365))
            has_idnp = rng.random() < 0.8
            child = await children.register_child(
                uow,
                actor,
                NewChild(
                    given_name=given,
                    family_name=family,
                    sex=sex,
                    birth_date=born,
                    idnp=make_idnp(f"2{born:%y}{serial:09d}") if has_idnp else None,
                    territory_code=district,
                    languages=rng.choice([["ro"], ["ro", "ru"], ["ru"]]),
                    identifiers=[
                        SectorIdentifier(system="urn:md:siime:elev", value=f"E-{serial:06d}")
                    ],
                ),
            )
            await children.add_family_member(
                uow,
                actor,
                child.id,
                NewFamilyMember(
                    given_name=fake.first_name_female(),
                    family_name=family,
                    relationship=Relationship.MOTHER,
                    parental_responsibility=True,
                    is_caregiver=rng.random() < 0.7,
                    lives_with_child=rng.random() < 0.7,
                ),
            )
            if born < today - timedelta(days=6 * 365):
                await children.add_institution(
                    uow,
                    actor,
                    child.id,
                    NewChildInstitution(
                        organisation_id=school,
                        group_label=f"{rng.randint(1, 12)}{rng.choice('ABC')}",
                    ),
                )
