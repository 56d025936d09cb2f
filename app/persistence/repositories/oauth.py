"""Every query of the authorization server.

These take the `AsyncSession` rather than a unit of work because the bearer check runs on the
resource server's session, before any service is called.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.persistence.tables.oauth import (
    OAuthAssertionJti,
    OAuthAuthorizationCode,
    OAuthClient,
    OAuthCredential,
    OAuthRefreshToken,
    OAuthRevokedAccessToken,
    OAuthSigningKey,
)
from app.persistence.tables.organisations import Organisation, Professional


async def client(session: AsyncSession, client_id: str) -> OAuthClient | None:
    return await session.get(OAuthClient, client_id)


async def clients(session: AsyncSession) -> list[OAuthClient]:
    stmt = select(OAuthClient).order_by(col(OAuthClient.created_at), col(OAuthClient.client_id))
    return list((await session.exec(stmt)).all())


async def professional(session: AsyncSession, professional_id: uuid.UUID) -> Professional | None:
    return await session.get(Professional, professional_id)


async def professional_by_email(session: AsyncSession, email: str) -> Professional | None:
    """Case-insensitive: identity providers do not agree on the case of an address."""
    stmt = select(Professional).where(func.lower(Professional.email) == email.strip().lower())
    return (await session.exec(stmt)).first()


async def signing_keys(session: AsyncSession, statuses: Collection[str]) -> list[OAuthSigningKey]:
    """Newest first, so the first active key is the one that signs."""
    stmt = (
        select(OAuthSigningKey)
        .where(col(OAuthSigningKey.status).in_(list(statuses)))
        .order_by(col(OAuthSigningKey.created_at).desc(), col(OAuthSigningKey.kid))
    )
    return list((await session.exec(stmt)).all())


async def signing_key(session: AsyncSession, kid: str) -> OAuthSigningKey | None:
    return await session.get(OAuthSigningKey, kid)


async def _insert_once(session: AsyncSession, table: Table, row: dict[str, Any]) -> bool:
    """Insert unless the primary key exists; True when this call inserted it. The database
    decides (ON CONFLICT DO NOTHING), so two concurrent callers cannot both win."""
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(table).values(**row).on_conflict_do_nothing()
    result: CursorResult[Any] = await session.exec(stmt)
    return bool(result.rowcount == 1)


async def use_assertion_jti(
    session: AsyncSession, client_id: str, jti: str, expires_at: datetime, now: datetime
) -> bool:
    """Record an assertion's jti; False when it was already used. Expired ones go first: they
    cannot be replayed anyway, since their assertion has expired."""
    await session.exec(delete(OAuthAssertionJti).where(col(OAuthAssertionJti.expires_at) < now))
    table = OAuthAssertionJti.__table__  # type: ignore[attr-defined]
    return await _insert_once(
        session, table, {"client_id": client_id, "jti": jti, "expires_at": expires_at}
    )


async def access_token_revoked(session: AsyncSession, jti: str) -> bool:
    return await session.get(OAuthRevokedAccessToken, jti) is not None


async def revoke_access_token(
    session: AsyncSession, jti: str, expires_at: datetime, now: datetime
) -> None:
    await session.exec(
        delete(OAuthRevokedAccessToken).where(col(OAuthRevokedAccessToken.expires_at) < now)
    )
    table = OAuthRevokedAccessToken.__table__  # type: ignore[attr-defined]
    await _insert_once(session, table, {"jti": jti, "expires_at": expires_at})


async def refresh_token(session: AsyncSession, token_hash: str) -> OAuthRefreshToken | None:
    return await session.get(OAuthRefreshToken, token_hash)


async def revoke_refresh_family(session: AsyncSession, family_id: uuid.UUID, now: datetime) -> None:
    await session.exec(
        update(OAuthRefreshToken)
        .where(
            col(OAuthRefreshToken.family_id) == family_id,
            col(OAuthRefreshToken.revoked_at).is_(None),
        )
        .values(revoked_at=now)
    )


async def revoke_client_refresh_tokens(
    session: AsyncSession, client_id: str, now: datetime
) -> None:
    await session.exec(
        update(OAuthRefreshToken)
        .where(
            col(OAuthRefreshToken.client_id) == client_id,
            col(OAuthRefreshToken.revoked_at).is_(None),
        )
        .values(revoked_at=now)
    )


# ---- sign-in: credentials, codes, refresh tokens ----------------------------------------------


async def organisation(session: AsyncSession, organisation_id: uuid.UUID) -> Organisation | None:
    return await session.get(Organisation, organisation_id)


async def credential(session: AsyncSession, professional_id: uuid.UUID) -> OAuthCredential | None:
    return await session.get(OAuthCredential, professional_id)


async def credential_for_sign_in(session: AsyncSession, username: str) -> OAuthCredential | None:
    """The credential of a username, locked for this transaction on PostgreSQL so that two
    attempts at once count as two failures, not one."""
    stmt = (
        select(OAuthCredential).where(col(OAuthCredential.username) == username).with_for_update()
    )
    return (await session.exec(stmt)).first()


async def authorization_code(
    session: AsyncSession, code_hash: str
) -> OAuthAuthorizationCode | None:
    return await session.get(OAuthAuthorizationCode, code_hash)


async def use_authorization_code(session: AsyncSession, code_hash: str, now: datetime) -> bool:
    """Mark a code used; True only for the one call that did (a code is single-use even when
    two requests present it at once)."""
    result: CursorResult[Any] = await session.exec(
        update(OAuthAuthorizationCode)
        .where(
            col(OAuthAuthorizationCode.code_hash) == code_hash,
            col(OAuthAuthorizationCode.used_at).is_(None),
        )
        .values(used_at=now)
    )
    return bool(result.rowcount == 1)


async def forget_expired_codes(session: AsyncSession, before: datetime) -> None:
    await session.exec(
        delete(OAuthAuthorizationCode).where(col(OAuthAuthorizationCode.expires_at) < before)
    )


async def nonce_used(session: AsyncSession, client_id: str, nonce: str) -> bool:
    stmt = select(OAuthAuthorizationCode.code_hash).where(
        col(OAuthAuthorizationCode.client_id) == client_id,
        col(OAuthAuthorizationCode.nonce) == nonce,
    )
    return (await session.exec(stmt)).first() is not None


async def rotate_refresh_token(session: AsyncSession, token_hash: str, now: datetime) -> bool:
    """Mark a refresh token rotated; True only for the one call that did, so a token presented
    twice at once yields one successor, and the other presentation counts as a reuse."""
    result: CursorResult[Any] = await session.exec(
        update(OAuthRefreshToken)
        .where(
            col(OAuthRefreshToken.token_hash) == token_hash,
            col(OAuthRefreshToken.rotated_at).is_(None),
            col(OAuthRefreshToken.revoked_at).is_(None),
        )
        .values(rotated_at=now)
    )
    return bool(result.rowcount == 1)


async def add_refresh_token(session: AsyncSession, row: OAuthRefreshToken) -> None:
    session.add(row)
    await session.flush()


async def add_authorization_code(session: AsyncSession, row: OAuthAuthorizationCode) -> None:
    session.add(row)
    await session.flush()


async def revoke_professional_refresh_tokens(
    session: AsyncSession, professional_id: uuid.UUID, now: datetime
) -> None:
    """Every refresh token of one professional, whichever client holds it: they are leaving."""
    await session.exec(
        update(OAuthRefreshToken)
        .where(
            col(OAuthRefreshToken.professional_id) == professional_id,
            col(OAuthRefreshToken.revoked_at).is_(None),
        )
        .values(revoked_at=now)
    )
