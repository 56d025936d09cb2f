"""Merging two records of one child, recorded row by row so that it can be undone exactly."""

from __future__ import annotations

import uuid

from app.domain.access import Disclosure
from app.domain.actor import Actor
from app.domain.deadlines import utcnow
from app.domain.errors import Conflict, NotFound
from app.domain.events import DomainEvent
from app.domain.identity import IdentityReviewStatus
from app.persistence.repositories import identity as repo
from app.persistence.tables.children import Child
from app.persistence.tables.identity import ChildMerge
from app.persistence.uow import UnitOfWork
from app.services.common import get_or_404, open_record

IDNP_MOVED = "children.idnp"


def _event(kind: str, merge: ChildMerge, actor: Actor, summary: str) -> DomainEvent:
    return DomainEvent(
        type=f"child.{kind}",
        aggregate_type="child",
        aggregate_id=merge.survivor_id,
        child_id=merge.survivor_id,
        actor_id=actor.professional_id,
        organisation_ids=(actor.organisation_id,),
        summary=summary,
        payload={
            "merge_id": str(merge.id),
            "survivor_id": str(merge.survivor_id),
            "merged_id": str(merge.merged_id),
            "moved": {table: len(ids) for table, ids in merge.moved.items()},
        },
    )


async def merge_children(
    uow: UnitOfWork, actor: Actor, survivor_id: uuid.UUID, merged_id: uuid.UUID
) -> ChildMerge:
    """Everything about `merged_id` moves to `survivor_id`; the merged record stays, marked with
    where it went. Two children with different IDNPs are two children (409)."""
    survivor = await get_or_404(uow, Child, survivor_id, "child")
    merged = await get_or_404(uow, Child, merged_id, "child")
    if survivor.id == merged.id or survivor.merged_into_id or merged.merged_into_id:
        raise Conflict("Only two distinct children, neither already merged, can be merged.")
    if survivor.idnp and merged.idnp and survivor.idnp != merged.idnp:
        raise Conflict(
            f"Children with different IDNPs ({survivor.idnp}, {merged.idnp}) are two children; "
            "correct the IDNP first if one is wrong.",
            extra={"survivor_id": str(survivor.id), "merged_id": str(merged.id)},
        )
    moved = await repo.repoint(uow, merged.id, survivor.id)
    if merged.idnp and not survivor.idnp:
        moved[IDNP_MOVED] = merged.idnp
        merged.idnp = None
        uow.session.add(merged)
        await uow.flush()
        survivor.idnp = moved[IDNP_MOVED]
        uow.session.add(survivor)
    merged.merged_into_id = survivor.id
    uow.session.add(merged)
    merge = ChildMerge(
        survivor_id=survivor.id,
        merged_id=merged.id,
        moved=moved,
        merged_by_id=actor.professional_id,
    )
    uow.session.add(merge)
    await uow.flush()
    uow.record(_event("merged", merge, actor, "Two records of one child merged"))
    return merge


def _may_see(actor: Actor, *children: Child) -> bool:
    return any(c.territory_code == actor.territory_code for c in children)


async def get_merge(uow: UnitOfWork, actor: Actor, merge_id: uuid.UUID) -> ChildMerge:
    merge = await get_or_404(uow, ChildMerge, merge_id, "child merge")
    survivor = await uow.session.get_one(Child, merge.survivor_id)
    merged = await uow.session.get_one(Child, merge.merged_id)
    if not actor.has_role(*repo.REVIEWERS) or not _may_see(actor, survivor, merged):
        raise NotFound.of("child merge", merge_id)
    return merge


async def revert_merge(uow: UnitOfWork, actor: Actor, merge_id: uuid.UUID) -> ChildMerge:
    """Put back exactly the rows the merge moved (rows added to the survivor since stay)."""
    merge = await get_merge(uow, actor, merge_id)
    if merge.reverted_at is not None:
        raise Conflict(f"Merge {merge.id} was already reverted at {merge.reverted_at}.")
    survivor = await uow.session.get_one(Child, merge.survivor_id)
    merged = await uow.session.get_one(Child, merge.merged_id)
    await repo.put_back(uow, merge.moved, merged.id)
    idnp = merge.moved.get(IDNP_MOVED)
    if idnp and survivor.idnp == idnp:
        survivor.idnp = None
        uow.session.add(survivor)
        await uow.flush()
        merged.idnp = idnp
    merged.merged_into_id = None
    uow.session.add(merged)
    for review in await repo.reviews_of_merge(uow, merge.id):
        # The question the merge answered is open again, back on the territory's work list.
        review.status = IdentityReviewStatus.OPEN.value
        review.merge_id = None
        review.decided_by_id = None
        review.decided_at = None
        uow.session.add(review)
    merge.reverted_at = utcnow()
    merge.reverted_by_id = actor.professional_id
    uow.session.add(merge)
    await uow.flush()
    uow.record(_event("merge_reverted", merge, actor, "A merge of two records undone"))
    return merge


async def merges_of(uow: UnitOfWork, actor: Actor, child_id: uuid.UUID) -> list[ChildMerge]:
    """The merges a child took part in, survivor or merged; as visible as the child is."""
    child = await get_or_404(uow, Child, child_id, "child")
    target = child.merged_into_id or child.id
    survivor, purpose = await open_record(uow, actor, Child, target, "child")
    uow.disclose(actor, Disclosure("read", "child", survivor.id, survivor.id, purpose=purpose))
    return await repo.merges_of(uow, child_id)
