"""Password and client-secret hashing with argon2id.

argon2's cost parameters change over the years; `verify` says when a stored hash was made with
weaker ones than today's, so the caller can store a new hash while it still holds the plaintext
(the only moment it can).
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    rehash: str | None = None
    """A fresh hash to store instead of the old one, when `ok` and the old one is outdated."""


def hash_secret(plaintext: str) -> str:
    return _hasher.hash(plaintext)


def verify_secret(stored_hash: str, plaintext: str) -> Verdict:
    try:
        _hasher.verify(stored_hash, plaintext)
    except (VerificationError, InvalidHashError):
        return Verdict(ok=False)
    if _hasher.check_needs_rehash(stored_hash):
        return Verdict(ok=True, rehash=_hasher.hash(plaintext))
    return Verdict(ok=True)
