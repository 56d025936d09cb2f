"""Which child a sector system's message is about: found by IDNP, by an identifier already
linked, by demographics (name, birth date, sex, place: `app.domain.matching`), or registered
anew (with the sender's identifier linked, so its next message finds the child at once).

A demographic score at or above IDENTITY_AUTO_LINK_THRESHOLD links the message to the known
child; in the review band the child is registered anew and an identity review asks a social
worker of the known child's territory whether the two are one; below it, a new child."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from app.domain.actor import Actor
from app.domain.children import NewChild, SectorIdentifier
from app.domain.events import DomainEvent
from app.domain.intake import ChildIdentity, MatchMethod
from app.domain.matching import Person, Score, best, birth_date_variants, match_key
from app.domain.validation import parsed
from app.persistence.repositories import children as children_repo
from app.persistence.repositories import identity as identity_repo
from app.persistence.tables.children import Child, ChildIdentifier
from app.persistence.tables.identity import IdentityReview
from app.persistence.uow import UnitOfWork
from app.services import children as children_service
from app.settings import get_settings


@dataclass(frozen=True)
class Resolved:
    child: Child
    method: MatchMethod
    score: float | None = None
    """The demographic score of the best candidate, when one was scored."""
    review_id: uuid.UUID | None = None
    reasons: dict[str, float | str] = field(default_factory=dict)


def _identifier(actor: Actor, who: ChildIdentity) -> SectorIdentifier | None:
    if who.identifier is None:
        return None
    system = who.identifier_system or actor.client_id or str(actor.organisation_id)
    return SectorIdentifier(system=system, value=who.identifier)


async def _link(
    uow: UnitOfWork, actor: Actor, child: Child, ident: SectorIdentifier | None
) -> None:
    """Link the sender's identifier to a child found another way, unless it is already linked
    (to this child, or to another: then the IDNP wins and the old link stays for review)."""
    if ident is None:
        return
    if await children_repo.find_by_identifier(uow, ident.system, ident.value) is None:
        uow.session.add(
            ChildIdentifier(
                child_id=child.id,
                system=ident.system,
                value=ident.value,
                linked_by_client_id=children_service.linked_by(actor),
            )
        )
        await uow.flush()


async def _register(
    uow: UnitOfWork, actor: Actor, who: ChildIdentity, ident: SectorIdentifier | None, at: str
) -> Child:
    fields = who.model_dump(
        exclude={"identifier", "identifier_system"}, exclude_none=True, mode="json"
    )
    fields.setdefault("territory_code", actor.territory_code)
    if ident is not None:
        fields["identifiers"] = [ident.model_dump()]
    return await children_service.register_child(uow, actor, parsed(NewChild, fields, root=at))


def _person(who: ChildIdentity, actor: Actor) -> Person | None:
    if not (who.family_name and who.given_name and who.birth_date):
        return None
    return Person(
        family_name=who.family_name,
        given_name=who.given_name,
        birth_date=who.birth_date,
        sex=who.sex.value,
        territory_code=who.territory_code or actor.territory_code,
        locality_code=who.locality_code,
        idnp=who.idnp,
    )


def _known(child: Child) -> Person:
    return Person(
        family_name=child.family_name,
        given_name=child.given_name,
        birth_date=child.birth_date,
        sex=child.sex,
        territory_code=child.territory_code,
        locality_code=child.locality_code,
        idnp=child.idnp,
    )


async def best_candidate(uow: UnitOfWork, person: Person) -> tuple[Child, Score] | None:
    """The known child who best matches, by indexed look-ups only (same birth date or its
    day-month swap; same family-name key born the same year)."""
    found = await identity_repo.candidates(
        uow,
        match_key(person.family_name)[:80],
        birth_date_variants(person.birth_date),
        get_settings().identity_max_candidates,
    )
    top = best(person, [(c, _known(c)) for c in found])
    if top is None:
        return None
    child, score = top
    assert isinstance(child, Child)
    return child, score


async def _open_review(
    uow: UnitOfWork, actor: Actor, child: Child, candidate: Child, score: Score
) -> IdentityReview:
    review = IdentityReview(
        child_id=child.id,
        candidate_id=candidate.id,
        score=score.value,
        reasons=dict(score.reasons),
        territory_code=candidate.territory_code,
    )
    uow.session.add(review)
    await uow.flush()
    uow.record(
        DomainEvent(
            type="identity_review.opened",
            aggregate_type="identity_review",
            aggregate_id=review.id,
            aggregate_version=review.version,
            child_id=child.id,
            actor_id=actor.professional_id,
            organisation_ids=(actor.organisation_id,),
            summary="Is this a child already known? A social worker decides",
            payload={"candidate_id": str(candidate.id), "score": score.value},
        )
    )
    return review


async def resolve(
    uow: UnitOfWork, actor: Actor, who: ChildIdentity, *, at: str = "#/child"
) -> Resolved:
    ident = _identifier(actor, who)
    if who.idnp is not None:
        child = await children_repo.find_by_idnp(uow, who.idnp)
        if child is not None:
            await _link(uow, actor, child, ident)
            return Resolved(child, MatchMethod.IDNP)
    if ident is not None:
        linked = await children_repo.find_by_identifier(uow, ident.system, ident.value)
        if linked is not None:
            child = await uow.session.get_one(Child, linked.child_id)
            return Resolved(child, MatchMethod.IDENTIFIER)
    person = _person(who, actor)
    top = await best_candidate(uow, person) if person is not None else None
    settings = get_settings()
    if top is not None and top[1].value >= settings.identity_auto_link_threshold:
        child, score = top
        await _link(uow, actor, child, ident)
        return Resolved(child, MatchMethod.DEMOGRAPHICS, score.value, reasons=score.reasons)
    new = await _register(uow, actor, who, ident, at)
    if top is not None and top[1].value >= settings.identity_review_threshold:
        candidate, score = top
        review = await _open_review(uow, actor, new, candidate, score)
        return Resolved(new, MatchMethod.REVIEW, score.value, review.id, score.reasons)
    return Resolved(new, MatchMethod.NEW, top[1].value if top else None)
