"""Taking in what sector systems send: keep it, map it, record it, answer with what it became.

Every message is first kept raw in the inbox, in a transaction of its own, so that nothing
received is lost when it cannot be mapped: a failed message stays visible with the problem it
was answered with, and can be corrected and processed again. Processing runs in a second
transaction; if it fails, a third records the failure.

Intake is idempotent on (sending client, external id): a message sent again returns the concern
the first one created. Adapters (`app.integrations.*`) only translate their standard into
`InboundConcern`s and their answers back; the rules live here and in the services they call.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import false, true
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from app.domain.access import Disclosure
from app.domain.actor import Actor
from app.domain.concerns import NewConcern
from app.domain.deadlines import utcnow
from app.domain.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from app.domain.intake import InboundConcern, InboxStatus, MatchMethod
from app.domain.referrals import NewReferral
from app.domain.validation import parsed
from app.domain.vocabulary import GUARDIANSHIP_AUTHORITY_KINDS, Role, Sector
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import children as children_repo
from app.persistence.repositories import intake as repo
from app.persistence.scoping import Scope
from app.persistence.tables.children import Child
from app.persistence.tables.concerns import Concern
from app.persistence.tables.intake import InboxMessage
from app.persistence.tables.organisations import Organisation
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork
from app.services import concerns as concern_service
from app.services import identity
from app.services import referrals as referral_service
from app.services.actors import system_actor
from app.services.transaction import transaction

Translate = Callable[[str], Sequence[InboundConcern]]
"""An adapter's mapping of a raw message (its body, as text) to the concerns it reports; raises
`InvalidInput` (pointing into the message) when the message cannot be mapped."""

SessionFactory = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class Taken:
    """What one reported concern became."""

    external_id: str
    concern: Concern
    child: Child
    referral: Referral | None
    match: MatchMethod | None
    """None when the message was a repeat: the child was matched the first time."""
    replayed: bool
    review_id: uuid.UUID | None = None
    """The identity review opened when the child scored in the review band."""


@dataclass(frozen=True)
class Outcome:
    message_id: uuid.UUID
    taken: list[Taken]

    @property
    def replayed(self) -> bool:
        return bool(self.taken) and all(t.replayed for t in self.taken)


def problem_of(exc: DomainError) -> dict[str, object]:
    """The failure as kept with the message (the shape of the problem the sender was sent)."""
    kept: dict[str, object] = {"type": f"/problems/{exc.code}", "title": exc.title}
    kept.update(status=exc.status, detail=exc.detail)
    if isinstance(exc, InvalidInput):
        kept["errors"] = [
            {"pointer": e.pointer, "detail": e.detail, "code": e.code} for e in exc.errors
        ]
    return kept


async def _speaking_for(uow: UnitOfWork, actor: Actor, organisation_id: uuid.UUID | None) -> Actor:
    """The sender acting for the institution the message is about. A system speaks for its own
    organisation, and for another only through a link an administrator recorded."""
    if organisation_id is None or organisation_id == actor.organisation_id:
        return actor
    organisation = await uow.session.get(Organisation, organisation_id)
    if organisation is None or not await repo.is_linked(
        uow, actor.client_id or "", organisation_id
    ):
        raise Forbidden(
            f"This client may not report for organisation {organisation_id}: an administrator "
            "links the organisations a system speaks for.",
            extra={"pointer": "#/organisation_id"},
        )
    return for_organisation(actor, organisation)


def for_organisation(actor: Actor, organisation: Organisation) -> Actor:
    return replace(
        actor,
        organisation_id=organisation.id,
        sector=Sector(organisation.sector),
        territory_code=organisation.territory_code,
    )


async def organisation_known_as(
    uow: UnitOfWork, actor: Actor, value: str, *, at: str
) -> Organisation:
    """The organisation the sender calls `value` (a registry's school `sourcedId`)."""
    found = await repo.organisation_known_as(uow, actor.client_id or "", value)
    if found is None:
        raise InvalidInput.field(
            at,
            f"No organisation is linked to your id {value!r}; an administrator links your "
            "institutions' ids to the directory.",
            "unknown_organisation",
        )
    return found


async def _assignee(uow: UnitOfWork, speaker: Actor, given: uuid.UUID | None) -> uuid.UUID | None:
    if given is not None:
        return given
    person = await repo.designated_person(uow, speaker.organisation_id)
    return person.id if person else None


async def _authority(uow: UnitOfWork, child: Child, given: uuid.UUID | None) -> uuid.UUID:
    if given is not None:
        return given
    kinds = frozenset(str(k) for k in GUARDIANSHIP_AUTHORITY_KINDS)
    found = await repo.guardianship_authority(uow, kinds, child.territory_code, child.locality_code)
    if found is None:
        raise InvalidInput.field(
            "#/referral/to_organisation_id",
            f"No guardianship authority is registered for {child.territory_code}; name one.",
        )
    return found.id


async def _replay(uow: UnitOfWork, concern: Concern, external_id: str) -> Taken:
    child = await uow.session.get_one(Child, concern.child_id)
    referral = await repo.first_referral_of(uow, concern.id)
    return Taken(external_id, concern, child, referral, None, replayed=True)


async def receive(uow: UnitOfWork, actor: Actor, message: InboundConcern) -> Taken:
    """Record one reported concern (and its referral), or return what the same external id
    created before."""
    client_id = actor.client_id or ""
    existing = await repo.concern_from(uow, client_id, message.external_id)
    if existing is not None:
        return await _replay(uow, existing, message.external_id)
    if message.organisation_ref is not None:
        known = await organisation_known_as(
            uow, actor, message.organisation_ref, at="#/organisation_ref"
        )
        speaker = for_organisation(actor, known)
    else:
        speaker = await _speaking_for(uow, actor, message.organisation_id)
    found = await identity.resolve(uow, speaker, message.child)
    new_concern = parsed(
        NewConcern,
        {
            **message.model_dump(
                include={"indicators", "description", "observed_at", "child_words", "urgency"},
                mode="json",
            ),
            "risk_category": message.risk_category,
            "child_id": found.child.id,
        },
    )
    origin = concern_service.Origin(
        client_id, message.external_id, await _assignee(uow, speaker, message.assignee_id)
    )
    concern = await concern_service.record_concern(uow, speaker, new_concern, origin=origin)
    referral = None
    if message.referral is not None:
        to = await _authority(uow, found.child, message.referral.to_organisation_id)
        referral = await referral_service.create_referral(
            uow,
            speaker,
            NewReferral(
                concern_id=concern.id,
                to_organisation_id=to,
                reason=message.referral.reason,
                legal_basis=message.referral.legal_basis,
            ),
        )
    return Taken(
        message.external_id, concern, found.child, referral, found.method, False, found.review_id
    )


async def keep(
    factory: SessionFactory, actor: Actor, *, channel: str, content_type: str, body: str
) -> uuid.UUID:
    """Keep the raw message, committed before anything is done with it."""
    async with transaction(factory) as uow:
        message = InboxMessage(
            client_id=actor.client_id or "",
            organisation_id=actor.organisation_id,
            channel=channel,
            content_type=content_type,
            body=body,
            status=InboxStatus.RECEIVED.value,
        )
        uow.session.add(message)
        await uow.flush()
        return message.id


async def _process(
    factory: SessionFactory,
    actor: Actor,
    message_id: uuid.UUID,
    translate: Translate,
    request_id: str | None,
) -> Outcome:
    async with transaction(factory, request_id) as uow:
        uow.actor = actor
        message = await uow.session.get_one(InboxMessage, message_id)
        reported = translate(message.body)
        taken = [await receive(uow, actor, item) for item in reported]
        outcome = Outcome(message_id, taken)
        message.attempts += 1
        message.status = (
            InboxStatus.DUPLICATE if outcome.replayed else InboxStatus.PROCESSED
        ).value
        message.problem = None
        message.processed_at = utcnow()
        if taken:
            first = taken[0]
            message.external_id = first.external_id
            message.concern_id = first.concern.id
            message.child_id = first.child.id
            message.referral_id = first.referral.id if first.referral else None
            message.match_method = first.match.value if first.match else None
        uow.session.add(message)
        await uow.flush()
        return outcome


async def _failed(factory: SessionFactory, message_id: uuid.UUID, exc: DomainError) -> None:
    async with transaction(factory) as uow:
        message = await uow.session.get_one(InboxMessage, message_id)
        message.attempts += 1
        message.status = InboxStatus.FAILED.value
        message.problem = problem_of(exc)
        message.processed_at = utcnow()
        uow.session.add(message)
        await uow.flush()


async def body_of(uow: UnitOfWork, message_id: uuid.UUID) -> str:
    """The kept body, as corrected if it was."""
    return (await uow.session.get_one(InboxMessage, message_id)).body


async def record_processed(uow: UnitOfWork, message_id: uuid.UUID, *, duplicate: bool) -> None:
    """Mark a kept message processed (or a duplicate of what was taken in before), in the
    transaction that processed it: for adapters whose messages are not concerns (attendance
    batches)."""
    message = await uow.session.get_one(InboxMessage, message_id)
    message.attempts += 1
    message.status = (InboxStatus.DUPLICATE if duplicate else InboxStatus.PROCESSED).value
    message.problem = None
    message.processed_at = utcnow()
    uow.session.add(message)
    await uow.flush()


async def record_failure(factory: SessionFactory, message_id: uuid.UUID, exc: DomainError) -> None:
    """Record why a kept message failed, in a transaction of its own, and name the message in
    the problem the sender gets."""
    await _failed(factory, message_id, exc)
    exc.extra = {**exc.extra, "inbox_message_id": str(message_id)}


async def run(
    factory: SessionFactory,
    actor: Actor,
    message_id: uuid.UUID,
    translate: Translate,
    request_id: str | None = None,
) -> Outcome:
    """Process a kept message; a failure is recorded with it and raised to the sender."""
    try:
        try:
            return await _process(factory, actor, message_id, translate, request_id)
        except Conflict:
            # The same external id taken in concurrently: the other transaction won the unique
            # pair, and processing again finds its concern.
            return await _process(factory, actor, message_id, translate, request_id)
    except DomainError as exc:
        await _failed(factory, message_id, exc)
        exc.extra = {**exc.extra, "inbox_message_id": str(message_id)}
        raise


async def take_in(
    factory: SessionFactory,
    actor: Actor,
    *,
    channel: str,
    content_type: str,
    body: str,
    translate: Translate,
    request_id: str | None = None,
) -> Outcome:
    """Keep, then process, one message."""
    message_id = await keep(factory, actor, channel=channel, content_type=content_type, body=body)
    return await run(factory, actor, message_id, translate, request_id)


# What a sender told us.


async def identifiers_sent(
    uow: UnitOfWork, actor: Actor, child_id: uuid.UUID
) -> list[tuple[str, str]]:
    """The (system, value) ids of a child that this sector system gave us itself: what it may
    be shown of the child's identifiers (a school's pupil number is not a clinic's business)."""
    if actor.is_professional or actor.client_id is None:
        return []
    linked = await children_repo.identifiers_of(uow, [child_id])
    return [(r.system, r.value) for r in linked if r.linked_by_client_id == actor.client_id]


# The inbox, for the sender and for administrators.


async def sender_of(uow: UnitOfWork, message: InboxMessage) -> Actor:
    """The system that sent a message, as it acted then: a correction made by an administrator
    is processed as the sender's message, so the concern is the sender's."""
    organisation = await uow.session.get_one(Organisation, message.organisation_id)
    return system_actor(organisation, message.client_id)


def _may_see(actor: Actor, message: InboxMessage) -> bool:
    """An administrator sees every message; a system its own."""
    if actor.has_role(Role.ADMINISTRATOR):
        return True
    return not actor.is_professional and actor.client_id == message.client_id


async def _message(uow: UnitOfWork, actor: Actor, message_id: uuid.UUID) -> InboxMessage:
    message = await uow.session.get(InboxMessage, message_id)
    if message is None or not _may_see(actor, message):
        raise NotFound.of("inbox message", message_id)
    return message


def _shown(message: InboxMessage) -> Disclosure:
    """A kept message holds what the sender said about a child: reading it is a disclosure,
    of that child when the message was matched to one."""
    return Disclosure("read", "inbox_message", message.id, message.child_id)


async def inbox_message(uow: UnitOfWork, actor: Actor, message_id: uuid.UUID) -> InboxMessage:
    message = await _message(uow, actor, message_id)
    uow.disclose(actor, _shown(message))
    return message


async def list_inbox(
    uow: UnitOfWork,
    actor: Actor,
    page: PageRequest,
    *,
    status: InboxStatus | None = None,
    channel: str | None = None,
) -> PageOf:
    scope: Scope
    if actor.has_role(Role.ADMINISTRATOR):
        scope = true()
    elif actor.is_professional or actor.client_id is None:
        scope = false()
    else:
        scope = col(InboxMessage.client_id) == actor.client_id
    found = await repo.inbox(
        uow, page, scope, status=status.value if status else None, channel=channel
    )
    uow.disclose(actor, [_shown(m) for m in found.rows])
    return found


async def correct(
    factory: SessionFactory,
    actor: Actor,
    message_id: uuid.UUID,
    body: str | None,
) -> InboxMessage:
    """Replace a failed message's body (the sender or an administrator fixing what could not be
    mapped), keeping the first body in the record of the correction."""
    async with transaction(factory) as uow:
        message = await _message(uow, actor, message_id)
        if message.status not in {InboxStatus.FAILED.value, InboxStatus.RECEIVED.value}:
            raise Conflict(
                f"This message was {message.status}; only a failed message is corrected and "
                "processed again."
            )
        if body is not None:
            message.body = body
            message.corrected_at = utcnow()
            message.corrected_by_id = actor.professional_id
        uow.session.add(message)
        await uow.flush()
        return message
