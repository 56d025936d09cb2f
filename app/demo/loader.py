"""Loading the demo: the directory, the population, routine monitoring, then the practice story,
all in one transaction, so a failed load leaves nothing behind; and, on the embedded database,
the demo's passwords and clients (`sign_in`)."""

from __future__ import annotations

import random
import uuid

import structlog
from faker import Faker
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from app.demo.concerns import observe_population
from app.demo.directory import build_directory
from app.demo.population import Registry, register_population
from app.demo.practice import tell_stories
from app.demo.sign_in import install_sign_in
from app.demo.users import DEMO_USERS, USER_IDS
from app.persistence.tables.organisations import Professional
from app.persistence.uow import UnitOfWork

log = structlog.get_logger()


async def load_demo_data(
    factory: async_sessionmaker[AsyncSession],
    *,
    children_per_district: int = 40,
    seed: int = 143,
    sign_in: bool = False,
) -> dict[str, uuid.UUID]:
    """Load the demo unless it is there already (the first demo user exists): loading twice
    changes nothing. The same seed gives the same names, ratings and choices. `sign_in` adds
    the published demo password and clients (`app.demo.sign_in`), also to a demo loaded
    before: only ever for the embedded database."""
    fake = Faker("ro_RO")
    Faker.seed(seed)
    rng = random.Random(seed)
    async with UnitOfWork(factory) as uow:
        if await uow.session.get(Professional, DEMO_USERS[0].id) is not None:
            log.info("demo data already loaded")
            if sign_in:
                await install_sign_in(uow)
                await uow.commit()
            return dict(USER_IDS)
        cast = await build_directory(uow, fake, rng)
        registry = Registry(uow, cast, fake, rng)
        population = await register_population(registry, children_per_district)
        await observe_population(uow, cast, rng, population)
        await tell_stories(uow, cast, registry, rng)
        if sign_in:
            await install_sign_in(uow)
        await uow.commit()
    log.info("demo data loaded", users={k: str(v) for k, v in USER_IDS.items()})
    return dict(USER_IDS)
