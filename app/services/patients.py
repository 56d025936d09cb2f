"""A clinic registering or updating a patient (HL7 ADT^A04, ADT^A08): the child is found, or
registered, and the clinic's identifier linked, so the clinic's later referrals find the child at
once. No concern: a registration says nothing about the child's well-being."""

from __future__ import annotations

import uuid

from app.domain.actor import Actor
from app.domain.intake import ChildIdentity
from app.services import identity
from app.services.intake import SessionFactory, record_processed
from app.services.transaction import transaction


async def link_patient(
    factory: SessionFactory,
    actor: Actor,
    who: ChildIdentity,
    request_id: str | None = None,
    *,
    message_id: uuid.UUID | None = None,
) -> identity.Resolved:
    """Find or register the child; the kept message (if any) is marked processed in the same
    transaction, so it is processed exactly when the link is made."""
    async with transaction(factory, request_id) as uow:
        uow.actor = actor
        found = await identity.resolve(uow, actor, who, at="#/child")
        if message_id is not None:
            await record_processed(uow, message_id, duplicate=False)
        return found
