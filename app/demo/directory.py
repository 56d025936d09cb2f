"""The pilot districts' institutions and the demo professionals who work in them."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field

from faker import Faker

from app.demo.users import DEMO_USERS
from app.domain.actor import Actor
from app.domain.organisations import NewOrganisation, NewProfessional
from app.domain.vocabulary import OrganisationKind
from app.persistence.uow import UnitOfWork
from app.services import organisations
from app.services.actors import professional_actor

PILOT_DISTRICTS = ("calarasi", "falesti", "ungheni")
TOWNS = {"calarasi": "Călărași", "falesti": "Fălești", "ungheni": "Ungheni"}

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
ORG_KEYS = {
    OrganisationKind.SCHOOL: "school",
    OrganisationKind.KINDERGARTEN: "kindergarten",
    OrganisationKind.FAMILY_DOCTORS_CENTRE: "clinic",
    OrganisationKind.POLICE_UNIT: "police",
    OrganisationKind.MAYORALTY: "mayoralty",
    OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE: "directorate",
}
_WRITERS = ("Mihai Eminescu", "Ion Creangă", "Alexei Mateevici", "Grigore Vieru")


@dataclass
class Cast:
    """Who the demo acts as: every demo professional as an actor, and the institutions by key.
    The demo professionals all work in Călărași, where the practice story takes place."""

    organisations: dict[str, dict[str, uuid.UUID]] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)

    def org(self, key: str, district: str = "calarasi") -> uuid.UUID:
        return self.organisations[district][key]

    def actor(self, key: str) -> Actor:
        return self.actors[key]

    def id(self, key: str) -> uuid.UUID:
        return self.actors[key].person()

    def actor_of(self, professional_id: uuid.UUID | None, default: Actor) -> Actor:
        """The demo professional with this id, or `default` when it is none of them."""
        found = (a for a in self.actors.values() if a.professional_id == professional_id)
        return next(found, default)


async def build_directory(uow: UnitOfWork, fake: Faker, rng: random.Random) -> Cast:
    cast = Cast()
    for district in PILOT_DISTRICTS:
        orgs: dict[str, uuid.UUID] = {}
        for kind, pattern in _ORG_NAMES.items():
            org = await organisations.create_organisation(
                uow,
                None,
                NewOrganisation(
                    name=pattern.format(town=TOWNS[district], name=rng.choice(_WRITERS)),
                    kind=kind,
                    territory_code=district,
                ),
            )
            orgs[ORG_KEYS[kind]] = org.id
        cast.organisations[district] = orgs
    for user in DEMO_USERS:
        await organisations.create_professional(
            uow,
            None,
            NewProfessional(
                organisation_id=cast.org(user.organisation),
                given_name=fake.first_name(),
                family_name=fake.last_name(),
                email=f"{user.key}@demo.girfec.md",
                roles=list(user.roles),
            ),
            professional_id=user.id,
        )
        cast.actors[user.key] = await professional_actor(uow, user.id)
    return cast
