"""OpenID Connect ID tokens for the authorization-code grant, with Authlib's `OpenIDCode`.

Signed by the same key set as access tokens (RS256, the active key, its kid in the header), so a
client verifies both from `/.well-known/jwks.json`. `aud` is the client, `sub` the professional;
`nonce` and `auth_time` come from the code, the name and e-mail from `app.auth.claims` as the
scopes allow. The header's `typ` is `JWT`, which keeps an ID token from ever passing for an
access token (those are `at+jwt`, and the API accepts nothing else).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oidc.core import OpenIDCode
from joserfc.jwk import RSAKey

from app.auth import keys
from app.auth.bridge import current
from app.auth.claims import user_claims
from app.auth.clients import RegisteredClient
from app.auth.scopes import parse_scope
from app.auth.signed_in import SignedInUser
from app.domain.deadlines import utcnow
from app.persistence.repositories import oauth as repo


def _signing_key() -> keys.SigningKey:
    call = current()
    return call.run(partial(keys.signing_key, call.session, call.settings))


class IdTokens(OpenIDCode):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(require_nonce=False)

    def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
        call = current()
        used = partial(repo.nonce_used, call.session, str(request.payload.client_id), nonce)
        return call.run(used)

    def get_client_algorithm(self, client: RegisteredClient) -> str:
        return keys.SIGNING_ALG

    def get_encode_header(self, client: RegisteredClient) -> dict[str, str]:
        key = _signing_key()
        return {"alg": key.alg, "kid": key.kid, "typ": "JWT"}

    def resolve_client_private_key(self, client: RegisteredClient) -> RSAKey:
        return _signing_key().key

    def get_client_claims(self, client: RegisteredClient) -> dict[str, Any]:
        settings = current().settings
        now = int(utcnow().timestamp())
        lifetime = int(settings.professional_token_lifetime.total_seconds())
        return {"iss": settings.issuer, "aud": client.client_id, "iat": now, "exp": now + lifetime}

    def generate_user_info(self, user: SignedInUser, scope: str) -> dict[str, Any]:
        call = current()
        claims = partial(user_claims, call.session, user.professional_id, parse_scope(scope))
        return call.run(claims)
