"""GraphQL tests talk to /graphql with a real client library (gql) over HTTP, as a frontend
would: httpx against the ASGI app, with a professional's or a system's access token."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from gql import Client, gql
from gql.transport.httpx import HTTPXAsyncTransport

from tests.factories import World


class GraphQL:
    """`await graphql(who, document, **variables)` → the `data`, or raise on `errors`."""

    def __init__(self, app: FastAPI, world: World) -> None:
        self.app = app
        self.world = world

    @asynccontextmanager
    async def session(self, who: str, **headers: str) -> AsyncIterator[Any]:
        transport = HTTPXAsyncTransport(
            url="http://testserver/graphql",
            headers={"Authorization": f"Bearer {self.world.tokens[who]}", **headers},
            transport=httpx.ASGITransport(app=self.app),
        )
        async with Client(transport=transport, fetch_schema_from_transport=False) as session:
            yield session

    async def __call__(self, who: str, document: str, **variables: Any) -> dict[str, Any]:
        async with self.session(who) as session:
            request = gql(document)
            request.variable_values = variables or None
            result: dict[str, Any] = await session.execute(request)
            return result


@pytest.fixture
def graphql(app: FastAPI, world: World) -> GraphQL:
    return GraphQL(app, world)


Document = Callable[..., Any]
