"""OAuth test harness: clients registered through the service, Authlib's own OAuth client spoken
to the app over ASGI, and a real HTTP server on 127.0.0.1 publishing a client's keys."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from authlib.oauth2.rfc7523 import PrivateKeyJWT, private_key_jwt_sign
from fastapi import FastAPI
from joserfc.jwk import RSAKey

from app.domain.oauth_clients import NewClient
from app.persistence.uow import UnitOfWork
from app.services import oauth_clients
from tests.factories import World

ISSUER = "http://127.0.0.1:8000"
TOKEN_URL = f"{ISSUER}/oauth/token"


class ShortLivedPrivateKeyJWT(PrivateKeyJWT):  # type: ignore[misc]
    """Authlib's PrivateKeyJWT, with assertions valid for two minutes: Authlib's default is an
    hour, which this server refuses as too long (see test_a_long_lived_assertion_is_refused)."""

    def sign(self, auth: Any, token_endpoint: str) -> str:
        return str(
            private_key_jwt_sign(
                auth.client_secret,
                client_id=auth.client_id,
                token_endpoint=token_endpoint,
                alg=self.alg,
                expires_in=120,
            )
        )


def new_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "alg": "RS256", "use": "sig"})


def jwks_of(*keys: RSAKey) -> dict[str, Any]:
    return {"keys": [k.as_dict(private=False) for k in keys]}


@dataclass
class Clients:
    """Registers clients the way an administrator would (the service the CLI calls)."""

    app: FastAPI
    world: World

    async def register(self, **fields: Any) -> oauth_clients.Registered:
        fields.setdefault("kind", "system")
        fields.setdefault("name", "SIME — registrul școlar Călărași")
        if fields["kind"] == "system":
            fields.setdefault("organisation_id", self.world.organisations["school"])
        async with UnitOfWork(self.app.state.session_factory) as uow:
            registered = await oauth_clients.register_client(uow, None, NewClient(**fields))
            await uow.commit()
        return registered

    async def with_secret(self, client_id: str = "sime-calarasi", **fields: Any) -> str:
        """A system client with client_secret_basic; returns its secret."""
        registered = await self.register(client_id=client_id, **fields)
        assert registered.secret is not None
        return registered.secret

    async def revoke(self, client_id: str) -> None:
        async with UnitOfWork(self.app.state.session_factory) as uow:
            await oauth_clients.revoke_client(uow, None, client_id)
            await uow.commit()


@pytest.fixture
def clients(app: FastAPI, world: World) -> Clients:
    return Clients(app, world)


@pytest.fixture
async def http(app: FastAPI, client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """Plain HTTP at the issuer's address (the `client` fixture empties the tables after)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=ISSUER) as c:
        yield c


def oauth_client(app: FastAPI, client_id: str, credential: Any, **kwargs: Any) -> Any:
    """Authlib's OAuth client, pointed at the app over ASGI. (Imported here, in the test, where
    the warning filter for its notice about httpx2 applies.)"""
    from authlib.integrations.httpx_client import AsyncOAuth2Client

    return AsyncOAuth2Client(
        client_id=client_id,
        client_secret=credential,
        transport=httpx.ASGITransport(app=app),
        base_url=ISSUER,
        **kwargs,
    )


def assertion_for(key: RSAKey, client_id: str, *, audience: str = TOKEN_URL, **kw: Any) -> str:
    """A private_key_jwt assertion signed by Authlib's helper."""
    kw.setdefault("expires_in", 60)
    return str(private_key_jwt_sign(key, client_id=client_id, token_endpoint=audience, **kw))


@dataclass
class JwksServer:
    """A client's key publication point: a real HTTP server on 127.0.0.1."""

    document: dict[str, Any] = field(default_factory=lambda: {"keys": []})
    hits: int = 0
    url: str = ""


@pytest.fixture
def jwks_server() -> Iterator[JwksServer]:
    published = JwksServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            published.hits += 1
            body = json.dumps(published.document).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    published.url = f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield published
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def sign_in(app: FastAPI, world: World, clients: Clients) -> Any:
    """A professional signing in through a public app (see `tests.auth.sign_in`)."""
    from tests.auth.sign_in import SignIn

    return SignIn(app, world, clients)
