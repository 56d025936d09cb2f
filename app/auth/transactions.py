"""The sign-in page's state, carried by the browser in a signed hidden field.

Between showing the form and receiving it the server keeps nothing: the authorization request,
the step reached (signed in or not, as whom, when) and a digest of a random cookie set on this
browser travel in one field, HMAC-signed with a server secret and valid for a few minutes. A
forged or altered field fails the signature; a field lifted from another browser lacks that
browser's cookie (HttpOnly, SameSite=Lax), which is what makes the form immune to cross-site
request forgery; an old one has expired.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from app.auth.digests import digest

BROWSER_COOKIE = "girfec_sign_in"


@dataclass(frozen=True)
class Transaction:
    params: dict[str, str]
    """The authorization request's parameters, as the client sent them."""
    browser: str
    """The digest of this browser's sign-in cookie."""
    expires: int
    professional_id: str | None = None
    """Set once the professional signed in: the consent step."""
    auth_time: int | None = None


def new_browser_secret() -> str:
    return secrets.token_urlsafe(32)


def browser_digest(cookie: str) -> str:
    return digest(cookie)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Sealer:
    def __init__(self, secret: bytes) -> None:
        # A key of its own, so that the configured secret could serve another purpose too.
        self._key = hmac.new(secret, b"girfec sign-in page", hashlib.sha256).digest()

    def _mac(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode("ascii"), hashlib.sha256).digest())

    def seal(self, transaction: Transaction) -> str:
        payload = json.dumps(asdict(transaction), separators=(",", ":"), sort_keys=True)
        body = _b64(payload.encode())
        return f"{body}.{self._mac(body)}"

    def open(self, sealed: str, browser_cookie: str | None, now: datetime) -> Transaction | None:
        """The transaction, or None when the field is forged, expired or from another
        browser."""
        body, _, mac = sealed.partition(".")
        if not body or not hmac.compare_digest(mac, self._mac(body)):
            return None
        try:
            data: dict[str, Any] = json.loads(_unb64(body))
            transaction = Transaction(**data)
        except (ValueError, TypeError):
            return None
        if transaction.expires < now.timestamp():
            return None
        if browser_cookie is None or not hmac.compare_digest(
            transaction.browser, browser_digest(browser_cookie)
        ):
            return None
        return transaction
