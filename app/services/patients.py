"""A clinic registering or updating a patient (HL7 ADT^A04, ADT^A08): the child is found, or
registered, and the clinic's identifier linked, so the clinic's later referrals find the child at
once. No concern: a registration says nothing about the child's well-being."""

from __future__ import annotations

from app.domain.actor import Actor
from app.domain.intake import ChildIdentity
from app.services import identity
from app.services.intake import SessionFactory
from app.services.transaction import transaction


async def link_patient(
    factory: SessionFactory, actor: Actor, who: ChildIdentity, request_id: str | None = None
) -> identity.Resolved:
    async with transaction(factory, request_id) as uow:
        uow.actor = actor
        return await identity.resolve(uow, actor, who, at="#/child")
