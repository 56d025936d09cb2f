"""private_key_jwt: a client proves who it is with a JWT signed by its own key (RFC 7523 §2.2,
OpenID Connect Core §9).

Authlib's `JWTBearerClientAssertion` checks the claims; this subclass supplies what it leaves
to the server: the accepted audience, the client's keys (registered inline or behind its
jwks_uri), the replay check on `jti`, and a limit on how long an assertion may be valid, since a
long-lived assertion is as good as a password to whoever captures it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from authlib.oauth2.rfc6749 import InvalidClientError
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7523.client import ASSERTION_TYPE
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from app.auth import client_jwks
from app.auth.bridge import current
from app.auth.client_keys import ClientKeysUnavailable, public_key_set
from app.auth.clients import RegisteredClient
from app.auth.keys import ASYMMETRIC_ALGS
from app.domain.deadlines import utcnow
from app.persistence.repositories import oauth as repo

PRIVATE_KEY_JWT = "private_key_jwt"


class PrivateKeyJWT(JWTBearerClientAssertion):  # type: ignore[misc]
    CLIENT_AUTH_METHOD = PRIVATE_KEY_JWT

    def __init__(self, leeway: int) -> None:
        super().__init__(validate_jti=True, leeway=leeway)

    def __call__(self, query_client: Any, request: Any) -> RegisteredClient | None:
        """Authlib's flow, reordered so that nothing is fetched or recorded for a client that is
        not registered for this method, and the signing key is looked up by the assertion's
        kid (which lets a jwks_uri client rotate its key)."""
        form = request.form
        assertion = form.get("client_assertion")
        if form.get("client_assertion_type") != ASSERTION_TYPE or not assertion:
            return None
        headers, claims = self.extract_assertion(assertion)
        client_id = claims.get("sub")
        if not isinstance(client_id, str):
            raise InvalidClientError(description="The assertion names no client in sub.")
        client = query_client(client_id)
        if client is None:
            raise InvalidClientError(description="The client does not exist on this server.")
        self.authenticate_client(client)
        kid = headers.get("kid")
        key_set = self._client_keys(client, kid if isinstance(kid, str) else None)
        request.client = client
        self.process_assertion_claims(assertion, key_set)
        return client  # type: ignore[no-any-return]

    def _client_keys(self, client: RegisteredClient, kid: str | None) -> KeySet:
        try:
            if client.jwks is not None:
                return public_key_set(client.jwks)
            if client.jwks_uri is not None:
                call = current()
                fetch = partial(client_jwks.keys_at, client.jwks_uri, call.settings, want_kid=kid)
                return call.run(fetch)
        except ClientKeysUnavailable as exc:
            raise InvalidClientError(description="The client's keys could not be read.") from exc
        raise InvalidClientError(description="The client has no registered keys.")

    def process_assertion_claims(self, assertion: str, resolve_key: Any) -> dict[str, Any]:
        try:
            token = jwt.decode(assertion, resolve_key, algorithms=list(ASYMMETRIC_ALGS))
        except JoseError as exc:
            raise InvalidClientError(
                description="The assertion's signature does not verify with the client's keys."
            ) from exc
        claims = dict(token.claims)
        self.verify_claims(claims)
        return claims

    def verify_claims(self, claims: Any) -> None:
        # Before Authlib's checks, which end by recording the jti: a too-long assertion is
        # refused without leaving a row behind for as long as it claims to live.
        exp, iat = claims.get("exp"), claims.get("iat")
        longest = current().settings.assertion_max_lifetime.total_seconds() + self.leeway
        now = utcnow().timestamp()
        if isinstance(exp, int | float) and (
            exp - now > longest or (isinstance(iat, int | float) and exp - iat > longest)
        ):
            raise InvalidClientError(
                description="The assertion is valid for too long: keep exp within "
                f"{int(longest - self.leeway)} seconds."
            )
        super().verify_claims(claims)

    def get_audiences(self) -> list[str]:
        call = current()
        # The token endpoint, as RFC 7523 asks; and the endpoint the assertion was sent to,
        # which is what Authlib's and other clients put in `aud` for revocation and
        # introspection.
        return sorted({call.settings.token_endpoint, call.endpoint_url})

    def validate_jti(self, claims: dict[str, Any], jti: Any) -> bool:
        if not isinstance(jti, str) or not 0 < len(jti) <= 255:
            return False
        call = current()
        now = utcnow()
        expires_at = datetime.fromtimestamp(float(claims["exp"]), UTC) + timedelta(
            seconds=self.leeway
        )
        use = partial(
            repo.use_assertion_jti, call.session, str(claims["sub"]), jti, expires_at, now
        )
        return call.run(use)
