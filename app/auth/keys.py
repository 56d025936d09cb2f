"""The signing key set: the newest active key signs; active and retiring keys are published.

Rotation makes a new active key and moves the old one to `retiring`, where it stays published
(in the JWKS and for our own verification) until every token it signed has expired; only then is
it `retired`. So a rotation never breaks a token in flight, and a retired (or leaked and retired)
key verifies nothing.

Each process caches the key set, because every request verifies a token and parsing RSA keys is
not free. Rotating or retiring in this process invalidates the cache at once; a change made by
another process (the `girfec keys` command, another worker) is seen after
`signing_keys_cache_seconds`, or at once when a token names a kid the cache does not know.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from joserfc.jwk import KeySet, RSAKey
from sqlmodel.ext.asyncio.session import AsyncSession

from app.domain.deadlines import utcnow
from app.persistence.repositories import oauth as repo
from app.persistence.tables.oauth import OAuthSigningKey
from app.settings import Settings

SIGNING_ALG = "RS256"
ASYMMETRIC_ALGS = ("RS256", "PS256", "ES256", "EdDSA")
"""Algorithms accepted on tokens and client assertions: public-key signatures only, so that
nobody holding only a public key (which we publish) can make a valid signature."""

_RSA_BITS = 2048


@dataclass(frozen=True)
class SigningKey:
    kid: str
    alg: str
    status: str
    key: RSAKey

    @property
    def public_jwk(self) -> dict[str, Any]:
        return dict(self.key.as_dict(private=False))


@dataclass(frozen=True)
class PublishedKeys:
    """The key set as one process sees it at one moment."""

    signing: SigningKey | None
    published: tuple[SigningKey, ...]

    def kids(self) -> frozenset[str]:
        return frozenset(k.kid for k in self.published)

    def verification_set(self) -> KeySet:
        """Public keys only: verification must not be able to touch a private key."""
        return KeySet([RSAKey.import_key(k.public_jwk) for k in self.published])

    def jwks(self) -> dict[str, Any]:
        return {"keys": [k.public_jwk for k in self.published]}


def generate_key() -> OAuthSigningKey:
    """A new RS256 key, its kid the RFC 7638 thumbprint (stable, and says nothing secret)."""
    key = RSAKey.generate_key(_RSA_BITS, parameters={"alg": SIGNING_ALG, "use": "sig"})
    key.ensure_kid()
    assert key.kid is not None
    return OAuthSigningKey(
        kid=key.kid,
        alg=SIGNING_ALG,
        private_jwk=dict(key.as_dict(private=True)),
        public_jwk=dict(key.as_dict(private=False)),
        status="active",
    )


def _signing_key(row: OAuthSigningKey) -> SigningKey:
    return SigningKey(row.kid, row.alg, row.status, RSAKey.import_key(row.private_jwk))


@dataclass
class _Cached:
    keys: PublishedKeys
    loaded_at: float


_cache: dict[str, _Cached] = {}


def _cache_key(session: AsyncSession) -> str:
    # One process may serve several databases (the tests run SQLite and PostgreSQL side by side).
    return str(session.get_bind().engine.url)


def invalidate(session: AsyncSession | None = None) -> None:
    """Forget the cached key set (of one database, or of all): after a rotation, or after the
    tables were emptied behind the service's back, as the tests do."""
    if session is None:
        _cache.clear()
    else:
        _cache.pop(_cache_key(session), None)


async def _load(session: AsyncSession) -> PublishedKeys:
    rows = await repo.signing_keys(session, ("active", "retiring"))
    published = tuple(_signing_key(r) for r in rows)
    signing = next((k for k in published if k.status == "active"), None)
    keys = PublishedKeys(signing=signing, published=published)
    _cache[_cache_key(session)] = _Cached(keys, time.monotonic())
    return keys


async def published_keys(
    session: AsyncSession, settings: Settings, *, must_know: str | None = None
) -> PublishedKeys:
    """The cached key set, read again when it is older than the settings allow or when it does
    not know the kid `must_know` (a key made by another process since)."""
    cached = _cache.get(_cache_key(session))
    fresh = (
        cached is not None
        and time.monotonic() - cached.loaded_at < settings.signing_keys_cache_seconds
    )
    if cached is not None and fresh and (must_know is None or must_know in cached.keys.kids()):
        return cached.keys
    return await _load(session)


async def signing_key(session: AsyncSession, settings: Settings) -> SigningKey:
    """The key to sign with now, made on first use when the set is empty (the service needs no
    set-up step; the lifespan also calls this, so the JWKS is never empty)."""
    keys = await published_keys(session, settings)
    if keys.signing is not None:
        return keys.signing
    row = generate_key()
    session.add(row)
    await session.flush()
    invalidate(session)
    return _signing_key(row)


def max_token_lifetime(settings: Settings) -> timedelta:
    """The longest any token signed by a key stays valid: how long a retiring key must stay
    published."""
    longest = max(settings.professional_token_lifetime, settings.system_token_lifetime)
    return longest + timedelta(seconds=settings.token_leeway_seconds)


def may_retire(row: OAuthSigningKey, settings: Settings) -> bool:
    return (
        row.status == "retiring"
        and row.retiring_since is not None
        and row.retiring_since + max_token_lifetime(settings) <= utcnow()
    )
