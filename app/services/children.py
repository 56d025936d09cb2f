"""Registering children and recording the people and institutions around them."""

from __future__ import annotations

import uuid

from app.domain.access import Disclosure
from app.domain.access_policy import RecordKind
from app.domain.actor import Actor
from app.domain.children import (
    ChildChanges,
    ChildSearch,
    NewChild,
    NewChildInstitution,
    NewFamilyMember,
    SectorIdentifier,
)
from app.domain.errors import Conflict, InvalidInput, NotFound
from app.domain.events import DomainEvent
from app.domain.matching import match_key
from app.domain.text import name_prefix, search_key
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import children as repo
from app.persistence.scoping import visible
from app.persistence.tables.children import (
    Child,
    ChildIdentifier,
    ChildInstitution,
    FamilyMember,
)
from app.persistence.uow import UnitOfWork
from app.services.common import load_for_change, open_record
from app.services.reference import check_place, organisation_at


def _event(kind: str, child: Child, actor: Actor, summary: str, **payload: object) -> DomainEvent:
    return DomainEvent(
        type=f"child.{kind}",
        aggregate_type="child",
        aggregate_id=child.id,
        aggregate_version=child.version,
        child_id=child.id,
        actor_id=actor.professional_id,
        organisation_ids=(actor.organisation_id,),
        summary=summary,
        payload=dict(payload),
    )


async def _idnp_free(uow: UnitOfWork, idnp: str | None, pointer: str, me: uuid.UUID | None) -> None:
    if idnp is None:
        return
    holder = await repo.find_by_idnp(uow, idnp)
    if holder is not None and holder.id != me:
        raise Conflict(
            f"A child with IDNP {idnp} is already registered (id {holder.id}).",
            extra={"existing_id": str(holder.id), "pointer": pointer},
        )


def linked_by(actor: Actor) -> str | None:
    """Who to record as giving an identifier: a sector system, by its client id."""
    return None if actor.is_professional else actor.client_id


async def _add_identifier(
    uow: UnitOfWork, actor: Actor, child: Child, ident: SectorIdentifier, pointer: str
) -> ChildIdentifier:
    holder = await repo.find_by_identifier(uow, ident.system, ident.value)
    if holder is not None:
        raise Conflict(
            f"The identifier {ident.value!r} of {ident.system!r} already belongs to child "
            f"{holder.child_id}.",
            extra={"existing_id": str(holder.child_id), "pointer": pointer},
        )
    row = ChildIdentifier(
        child_id=child.id,
        system=ident.system,
        value=ident.value,
        linked_by_client_id=linked_by(actor),
    )
    uow.session.add(row)
    return row


async def register_child(uow: UnitOfWork, actor: Actor, data: NewChild) -> Child:
    await check_place(uow, data.territory_code, data.locality_code)
    await _idnp_free(uow, data.idnp, "#/idnp", None)
    systems = [i.system for i in data.identifiers]
    if len(set(systems)) != len(systems):
        raise InvalidInput.field("#/identifiers", "Give at most one identifier per system.")
    child = Child(
        **data.model_dump(exclude={"identifiers"}),
        search_name=search_key(data.family_name, data.given_name),
        match_family=match_key(data.family_name)[:80],
        match_given=match_key(data.given_name)[:80],
        registered_by_organisation_id=actor.organisation_id,
    )
    uow.session.add(child)
    await uow.flush()
    for n, ident in enumerate(data.identifiers):
        await _add_identifier(uow, actor, child, ident, f"#/identifiers/{n}")
    uow.record(_event("registered", child, actor, "Child registered"))
    await uow.flush()
    return child


async def get_child(uow: UnitOfWork, actor: Actor, child_id: uuid.UUID) -> Child:
    merged = await uow.session.get(Child, child_id)
    if merged is not None and merged.merged_into_id is not None:
        # A merged record is gone: say where it went (a 404 with `merged_into`), to whoever
        # may see the child it went into (its own rows moved there with it).
        await open_record(uow, actor, Child, merged.merged_into_id, "child")
        raise NotFound(
            f"Child {child_id} was merged into child {merged.merged_into_id}; read that one.",
            extra={"merged_into": str(merged.merged_into_id)},
        )
    child, purpose = await open_record(uow, actor, Child, child_id, "child")
    uow.disclose(actor, Disclosure("read", "child", child.id, child.id, purpose=purpose))
    return child


async def search_children(
    uow: UnitOfWork, actor: Actor, query: ChildSearch, page: PageRequest
) -> PageOf:
    if query.name is not None:
        try:
            query = query.model_copy(update={"name": name_prefix(query.name)})
        except ValueError as exc:
            raise InvalidInput.field("name", str(exc)) from exc
    found = await repo.search(uow, query, page, visible(RecordKind.CHILD, Child, actor))
    uow.disclose(actor, [Disclosure("list", "child", c.id, c.id) for c in found.rows])
    return found


async def update_child(
    uow: UnitOfWork,
    actor: Actor,
    child_id: uuid.UUID,
    changes: ChildChanges,
    *,
    expected_version: int | None,
) -> Child:
    child = await load_for_change(uow, Child, child_id, "child", expected_version, actor)
    fields = changes.model_dump(exclude_unset=True)
    for required in ("given_name", "family_name", "sex", "birth_date", "territory_code"):
        if required in fields and fields[required] is None:
            raise InvalidInput.field(f"#/{required}", "This field cannot be emptied.")
    if "territory_code" in fields or "locality_code" in fields:
        await check_place(
            uow,
            fields.get("territory_code", child.territory_code),
            fields.get("locality_code", child.locality_code),
        )
    if fields.get("idnp"):
        await _idnp_free(uow, fields["idnp"], "#/idnp", child.id)
    for name, value in fields.items():
        setattr(child, name, value)
    child.search_name = search_key(child.family_name, child.given_name)
    child.match_family = match_key(child.family_name)[:80]
    child.match_given = match_key(child.given_name)[:80]
    uow.session.add(child)
    await uow.flush()
    uow.record(_event("updated", child, actor, "Child's record updated", fields=sorted(fields)))
    return child


async def add_identifier(
    uow: UnitOfWork, actor: Actor, child_id: uuid.UUID, ident: SectorIdentifier
) -> ChildIdentifier:
    child, _ = await open_record(uow, actor, Child, child_id, "child")
    row = await _add_identifier(uow, actor, child, ident, "#")
    uow.record(
        _event(
            "identifier_added",
            child,
            actor,
            f"Identifier in {ident.system} linked",
            system=ident.system,
        )
    )
    await uow.flush()
    return row


async def add_family_member(
    uow: UnitOfWork, actor: Actor, child_id: uuid.UUID, data: NewFamilyMember
) -> FamilyMember:
    child, _ = await open_record(uow, actor, Child, child_id, "child")
    row = FamilyMember(child_id=child.id, **data.model_dump())
    uow.session.add(row)
    uow.record(
        _event(
            "family_member_added",
            child,
            actor,
            f"Family member recorded ({data.relationship})",
            family_member_id=str(row.id),
        )
    )
    await uow.flush()
    return row


async def add_institution(
    uow: UnitOfWork, actor: Actor, child_id: uuid.UUID, data: NewChildInstitution
) -> ChildInstitution:
    child, _ = await open_record(uow, actor, Child, child_id, "child")
    organisation = await organisation_at(uow, data.organisation_id, "#/organisation_id")
    row = ChildInstitution(child_id=child.id, **data.model_dump())
    uow.session.add(row)
    uow.record(
        _event(
            "institution_added",
            child,
            actor,
            f"Attends {organisation.name}",
            organisation_id=str(organisation.id),
        )
    )
    await uow.flush()
    return row


async def identifiers(
    uow: UnitOfWork, child_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[ChildIdentifier]]:
    grouped: dict[uuid.UUID, list[ChildIdentifier]] = {cid: [] for cid in child_ids}
    for row in await repo.identifiers_of(uow, child_ids):
        grouped[row.child_id].append(row)
    return grouped


async def family(uow: UnitOfWork, actor: Actor, child_id: uuid.UUID) -> list[FamilyMember]:
    _, purpose = await open_record(uow, actor, Child, child_id, "child")
    uow.disclose(actor, Disclosure("read", "family", child_id, child_id, purpose=purpose))
    return await repo.family_of(uow, child_id)


async def institutions(
    uow: UnitOfWork, actor: Actor, child_id: uuid.UUID
) -> list[ChildInstitution]:
    _, purpose = await open_record(uow, actor, Child, child_id, "child")
    uow.disclose(actor, Disclosure("read", "institutions", child_id, child_id, purpose=purpose))
    return await repo.institutions_of(uow, child_id)
