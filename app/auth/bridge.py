"""How Authlib's synchronous server reaches our asynchronous database.

Authlib's `AuthorizationServer` calls back synchronously (`query_client`, `validate_jti`,
`save_token`, the token generator) from deep inside its grant and endpoint logic, while every
query here is async. Two ways out were weighed:

* prefetch everything before calling Authlib: but what to fetch depends on what Authlib finds
  (the client named in an assertion's `sub`, the assertion's jti, the client's keys behind a
  jwks_uri), so the prefetch would re-implement the parsing Authlib is there to do;
* run the Authlib call in a worker thread (`anyio.to_thread.run_sync`) and let each callback run
  its query back on the event loop (`anyio.from_thread.run`). The callbacks stay one-line calls
  into the same async repositories as the rest of the service, on the request's own session and
  transaction, and the CPU-heavy parts (argon2 secret checks, RSA signatures) leave the event
  loop free for other requests.

The second is used. The request's session is only ever touched on the event loop, one query at a
time, because the request coroutine is suspended while its worker thread runs. The call context
travels to the callbacks in a context variable, since Authlib's callbacks do not carry the
request.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio.from_thread
import anyio.to_thread
from sqlmodel.ext.asyncio.session import AsyncSession

from app.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class OAuthCall:
    """What one endpoint call runs with: the request's session and the app's settings."""

    session: AsyncSession
    settings: Settings
    endpoint_url: str

    def run(self, fn: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """From the worker thread: run `fn()` on the event loop and wait for its result."""
        return anyio.from_thread.run(fn)


_current: ContextVar[OAuthCall] = ContextVar("oauth_call")


def current() -> OAuthCall:
    try:
        return _current.get()
    except LookupError:
        raise RuntimeError("an Authlib callback ran outside an OAuth endpoint call") from None


async def in_worker(call: OAuthCall, fn: Callable[[], T]) -> T:
    """Run the synchronous `fn` (an Authlib server call) in a worker thread, with `call` as the
    context its callbacks see."""

    def work() -> T:
        token = _current.set(call)
        try:
            return fn()
        finally:
            _current.reset(token)

    return await anyio.to_thread.run_sync(work)
