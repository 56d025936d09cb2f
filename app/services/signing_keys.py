"""The signing key set's life: made on first need, rotated, retired. Rotations and retirements
are domain events (`signing_key.*`) naming the administrator."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth import keys
from app.domain.actor import Actor
from app.domain.deadlines import utcnow
from app.domain.errors import Conflict, NotFound
from app.domain.events import DomainEvent, named_aggregate_id
from app.persistence.repositories import oauth as repo
from app.persistence.tables.oauth import OAuthSigningKey
from app.persistence.uow import UnitOfWork
from app.settings import Settings


async def ensure(uow: UnitOfWork, settings: Settings) -> keys.SigningKey:
    """The active key, made when the set is empty (first start)."""
    return await keys.signing_key(uow.session, settings)


async def ensure_signing_key(
    session_factory: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    """On start: the JWKS is never empty, even before the first token is issued."""
    async with UnitOfWork(session_factory) as uow:
        await ensure(uow, settings)
        await uow.commit()


async def published(uow: UnitOfWork, settings: Settings) -> keys.PublishedKeys:
    await ensure(uow, settings)
    return await keys.published_keys(uow.session, settings)


async def list_keys(uow: UnitOfWork) -> list[OAuthSigningKey]:
    return await repo.signing_keys(uow.session, ("active", "retiring", "retired"))


def _record(uow: UnitOfWork, actor: Actor | None, row: OAuthSigningKey, what: str) -> None:
    uow.record(
        DomainEvent(
            type=f"signing_key.{what}",
            aggregate_type="signing_key",
            aggregate_id=named_aggregate_id("signing_key", row.kid),
            actor_id=actor.professional_id if actor else None,
            summary=f"Token signing key {what}: {row.kid}",
            payload={"kid": row.kid, "status": row.status},
        )
    )


async def rotate(
    uow: UnitOfWork, settings: Settings, actor: Actor | None = None
) -> OAuthSigningKey:
    """A new active key; the old active one retires gradually (see `app.auth.keys`). Keys that
    have been retiring long enough are retired now, so the published set stays small."""
    now = utcnow()
    for row in await repo.signing_keys(uow.session, ("active", "retiring")):
        if row.status == "active":
            row.status, row.retiring_since = "retiring", now
        elif keys.may_retire(row, settings):
            row.status, row.retired_at = "retired", now
        uow.session.add(row)
    new = keys.generate_key()
    uow.session.add(new)
    await uow.flush()
    keys.invalidate(uow.session)
    _record(uow, actor, new, "rotated")
    return new


async def retire(
    uow: UnitOfWork,
    settings: Settings,
    kid: str,
    *,
    force: bool = False,
    actor: Actor | None = None,
) -> OAuthSigningKey:
    """Stop publishing a retiring key. Refused while tokens it signed may still be valid, unless
    `force` (a leaked key: those tokens must die with it)."""
    row = await repo.signing_key(uow.session, kid)
    if row is None:
        raise NotFound.of("signing key", kid)
    if row.status == "retired":
        return row
    if row.status == "active":
        raise Conflict("This key is the one signing tokens: rotate first, then retire it.")
    if not force and not keys.may_retire(row, settings):
        safe_at = (row.retiring_since or utcnow()) + keys.max_token_lifetime(settings)
        raise Conflict(
            f"Tokens signed with this key may be valid until {safe_at.isoformat()}; retire it "
            "then, or force it if the key has leaked."
        )
    row.status, row.retired_at = "retired", utcnow()
    uow.session.add(row)
    await uow.flush()
    keys.invalidate(uow.session)
    _record(uow, actor, row, "retired")
    return row
