"""Random secrets and their digests.

Codes and refresh tokens are 256-bit random strings: a SHA-256 digest is as hard to invert as
the secret is to guess, and unlike a salted password hash it can be looked up by value.
"""

from __future__ import annotations

import hashlib
import secrets


def new_secret() -> str:
    """A URL-safe random secret of 256 bits."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
