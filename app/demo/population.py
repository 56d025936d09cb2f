"""Children with their families and schools: the background population of the pilot districts,
and the children of the practice story."""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

from app.demo.directory import PILOT_DISTRICTS, Cast
from app.domain.children import NewChild, NewChildInstitution, NewFamilyMember, SectorIdentifier
from app.domain.deadlines import utcnow
from app.domain.idnp import make_idnp
from app.domain.vocabulary import Relationship, Sex
from app.persistence.uow import UnitOfWork
from app.services import children

SCHOOL_AGE, KINDERGARTEN_AGE = 6, 3
_FEMALE_KIN = {
    Relationship.MOTHER,
    Relationship.STEPMOTHER,
    Relationship.GRANDMOTHER,
    Relationship.AUNT_OR_UNCLE,
}


@dataclass(frozen=True)
class Kin:
    relationship: Relationship
    lives_with_child: bool = True
    is_caregiver: bool = True


@dataclass(frozen=True)
class DemoChild:
    id: uuid.UUID
    district: str
    birth_date: date
    institution: str | None  # "school", "kindergarten" or None
    carer: str = ""  # the full name of the first parent or carer: who consents for the child

    def age(self, today: date) -> int:
        return (today - self.birth_date).days // 365


class Registry:
    """Registers children as the school's designated person, with a running serial so IDNPs and
    school-register numbers stay unique and the same on every load."""

    def __init__(self, uow: UnitOfWork, cast: Cast, fake: Faker, rng: random.Random) -> None:
        self.uow, self.cast, self.fake, self.rng = uow, cast, fake, rng
        self.today = utcnow().date()
        self.serial = 0

    async def register(
        self,
        *,
        district: str,
        sex: Sex,
        birth_date: date,
        family: Sequence[Kin],
    ) -> DemoChild:
        self.serial += 1
        fake, rng, actor = self.fake, self.rng, self.cast.actor("designated_person")
        given = fake.first_name_female() if sex is Sex.FEMALE else fake.first_name_male()
        family_name = fake.last_name()
        age = (self.today - birth_date).days // 365
        institution = (
            "school" if age >= SCHOOL_AGE else "kindergarten" if age >= KINDERGARTEN_AGE else None
        )
        identifiers = (
            [SectorIdentifier(system="urn:md:siime:elev", value=f"E-{self.serial:06d}")]
            if institution == "school"
            else []
        )
        child = await children.register_child(
            self.uow,
            actor,
            NewChild(
                given_name=given,
                family_name=family_name,
                sex=sex,
                birth_date=birth_date,
                idnp=make_idnp(f"2{birth_date:%y}{self.serial:09d}")
                if rng.random() < 0.8
                else None,
                territory_code=district,
                languages=rng.choice([["ro"], ["ro"], ["ro", "ru"], ["ru"]]),
                identifiers=identifiers,
            ),
        )
        carer = ""
        for kin in family:
            female = kin.relationship in _FEMALE_KIN
            kin_given = fake.first_name_female() if female else fake.first_name_male()
            carer = carer or f"{kin_given} {family_name}"
            await children.add_family_member(
                self.uow,
                actor,
                child.id,
                NewFamilyMember(
                    given_name=kin_given,
                    family_name=family_name,
                    relationship=kin.relationship,
                    parental_responsibility=kin.relationship
                    in {Relationship.MOTHER, Relationship.FATHER},
                    is_caregiver=kin.is_caregiver,
                    lives_with_child=kin.lives_with_child,
                ),
            )
        if institution is not None:
            group = (
                f"{age - SCHOOL_AGE + 1}{rng.choice('ABC')}"
                if institution == "school"
                else "mijlocie"
            )
            await children.add_institution(
                self.uow,
                actor,
                child.id,
                NewChildInstitution(
                    organisation_id=self.cast.org(institution, district), group_label=group
                ),
            )
        return DemoChild(child.id, district, birth_date, institution, carer)

    def born(self, age: int) -> date:
        return self.today - timedelta(days=age * 365 + self.rng.randint(30, 330))


async def register_population(registry: Registry, per_district: int) -> list[DemoChild]:
    """About four in five children live with both parents; the rest with their mother."""
    found = []
    for district in PILOT_DISTRICTS:
        for _ in range(per_district):
            rng = registry.rng
            family = [Kin(Relationship.MOTHER, is_caregiver=rng.random() < 0.9)]
            if rng.random() < 0.8:
                family.append(Kin(Relationship.FATHER, lives_with_child=rng.random() < 0.85))
            child = await registry.register(
                district=district,
                sex=rng.choice([Sex.FEMALE, Sex.MALE]),
                birth_date=registry.born(rng.randint(1, 16)),
                family=family,
            )
            found.append(child)
    return found
