"""Each root field answers to the REST operation it mirrors, under that operation's rule in
`app.api.route_policy`: the same scope, the same kind of principal, the same roles. GraphQL thus
has no access table of its own to drift from REST's; a test checks every root field has one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension

from app.api.authorization import authorize
from app.api.route_policy import ROUTES


class Mirrors(FieldExtension):
    def __init__(self, method: str, path: str) -> None:
        if (method, path) not in ROUTES:
            raise ValueError(f"{method} {path} has no rule in the route table")
        self.method = method
        self.path = path

    def resolve(
        self, next_: Callable[..., Any], source: Any, info: strawberry.Info, **kw: Any
    ) -> Any:
        raise TypeError("GraphQL resolvers here are async")

    async def resolve_async(
        self,
        next_: Callable[..., Awaitable[Any]],
        source: Any,
        info: strawberry.Info,
        **kwargs: Any,
    ) -> Any:
        context = info.context
        authorize(context.actor, self.method, self.path)
        if info.path.prev is not None:  # a relation: its DataLoader takes turns on the session
            return await next_(source, info, **kwargs)
        async with context.lock:
            return await next_(source, info, **kwargs)


def mirrors(method: str, path: str) -> list[FieldExtension]:
    """`@strawberry.field(extensions=mirrors("GET", "/api/v1/referrals"))`"""
    return [Mirrors(method, f"/api/v1{path}" if not path.startswith("/api/") else path)]
