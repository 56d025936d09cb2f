"""A client's registered public keys (a JWKS document), read and checked."""

from __future__ import annotations

from joserfc.errors import JoseError
from joserfc.jwk import KeySet


class ClientKeysUnavailable(Exception):
    """The client's keys could not be had; the client cannot be authenticated now."""


def public_key_set(document: object) -> KeySet:
    """A JWKS document as a key set of public keys only; a private key in a client's published
    set is refused (it means the client published its secret)."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ClientKeysUnavailable("not a JWKS document")
    try:
        key_set = KeySet.import_key_set({"keys": document["keys"]})
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise ClientKeysUnavailable("the JWKS holds an unreadable key") from exc
    if any(key.is_private for key in key_set):
        raise ClientKeysUnavailable("the JWKS holds a private key")
    return key_set
