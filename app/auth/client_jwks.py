"""Public keys published at a `jwks_uri`, fetched and cached per process: those of clients
(private_key_jwt assertions) and those of trusted external issuers (`app.auth.external`).

A publisher that rotates its key publishes the new one and starts using it: a signature naming a
kid the cached set lacks makes one early refetch (at most one per `_REFETCH_FLOOR` per URI, so a
stream of made-up kids cannot turn this server into a fetcher hammering the publisher).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx
from joserfc.jwk import KeySet

from app.auth.client_keys import ClientKeysUnavailable, public_key_set
from app.settings import Settings

_MAX_BYTES = 64 * 1024
_TIMEOUT = httpx.Timeout(5.0)
_REFETCH_FLOOR = 10.0


@dataclass
class _Fetched:
    keys: KeySet
    at: float


_cache: dict[str, _Fetched] = {}


async def _fetch(uri: str) -> KeySet:
    try:
        # No redirects (the registered URI is the one trusted) and no proxy from the
        # environment: where this server may connect is configured, not inherited.
        async with httpx.AsyncClient(
            timeout=_TIMEOUT, follow_redirects=False, trust_env=False
        ) as http:
            response = await http.get(uri, headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise ClientKeysUnavailable(f"fetching {uri} failed") from exc
    if response.status_code != 200 or len(response.content) > _MAX_BYTES:
        raise ClientKeysUnavailable(f"{uri} answered {response.status_code}")
    try:
        document = response.json()
    except ValueError as exc:
        raise ClientKeysUnavailable(f"{uri} did not answer JSON") from exc
    return public_key_set(document)


async def keys_at(uri: str, settings: Settings, *, want_kid: str | None = None) -> KeySet:
    """The key set published at `uri`, from the cache while it is fresh and knows `want_kid`."""
    now = time.monotonic()
    cached = _cache.get(uri)
    if cached is not None:
        fresh = now - cached.at < settings.client_jwks_cache_seconds
        knows = want_kid is None or any(k.kid == want_kid for k in cached.keys)
        if fresh and (knows or now - cached.at < _REFETCH_FLOOR):
            return cached.keys
    keys = await _fetch(uri)
    _cache[uri] = _Fetched(keys, now)
    return keys


def forget(uri: str | None = None) -> None:
    """Drop cached keys (of one URI, or all): after a client's keys are re-registered."""
    if uri is None:
        _cache.clear()
    else:
        _cache.pop(uri, None)
