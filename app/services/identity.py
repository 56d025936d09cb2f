"""Which child a sector system's message is about: found by IDNP, by an identifier already
linked, or registered anew (with the sender's identifier linked, so its next message finds the
child at once)."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.actor import Actor
from app.domain.children import NewChild, SectorIdentifier
from app.domain.intake import ChildIdentity, MatchMethod
from app.domain.validation import parsed
from app.persistence.repositories import children as children_repo
from app.persistence.tables.children import Child, ChildIdentifier
from app.persistence.uow import UnitOfWork
from app.services import children as children_service


@dataclass(frozen=True)
class Resolved:
    child: Child
    method: MatchMethod


def _identifier(actor: Actor, who: ChildIdentity) -> SectorIdentifier | None:
    if who.identifier is None:
        return None
    system = who.identifier_system or actor.client_id or str(actor.organisation_id)
    return SectorIdentifier(system=system, value=who.identifier)


async def _link(uow: UnitOfWork, child: Child, ident: SectorIdentifier | None) -> None:
    """Link the sender's identifier to a child found another way, unless it is already linked
    (to this child, or to another: then the IDNP wins and the old link stays for review)."""
    if ident is None:
        return
    if await children_repo.find_by_identifier(uow, ident.system, ident.value) is None:
        uow.session.add(ChildIdentifier(child_id=child.id, system=ident.system, value=ident.value))
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


async def resolve(
    uow: UnitOfWork, actor: Actor, who: ChildIdentity, *, at: str = "#/child"
) -> Resolved:
    ident = _identifier(actor, who)
    if who.idnp is not None:
        child = await children_repo.find_by_idnp(uow, who.idnp)
        if child is not None:
            await _link(uow, child, ident)
            return Resolved(child, MatchMethod.IDNP)
    if ident is not None:
        linked = await children_repo.find_by_identifier(uow, ident.system, ident.value)
        if linked is not None:
            child = await uow.session.get_one(Child, linked.child_id)
            return Resolved(child, MatchMethod.IDENTIFIER)
    return Resolved(await _register(uow, actor, who, ident, at), MatchMethod.NEW)
