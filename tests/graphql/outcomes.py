"""Answers that carry errors: GraphQL answers what it can and lists what it refused, so a test
looks at both the data and the errors (the `graphql` fixture raises on any error)."""

from __future__ import annotations

from typing import Any

from gql import gql
from gql.transport.exceptions import TransportQueryError

from tests.graphql.conftest import GraphQL

Errors = list[dict[str, Any]]


async def attempt(
    graphql: GraphQL,
    who: str,
    document: str,
    *,
    headers: dict[str, str] | None = None,
    **variables: Any,
) -> tuple[dict[str, Any] | None, Errors]:
    """The data and the errors of one request."""
    async with graphql.session(who, **(headers or {})) as session:
        request = gql(document)
        request.variable_values = variables or None
        try:
            data: dict[str, Any] = await session.execute(request)
        except TransportQueryError as refused:
            return refused.data, list(refused.errors or [])
        return data, []


def codes(errors: Errors) -> dict[tuple[str | int, ...], str]:
    """Each error's path, and its code."""
    return {tuple(e.get("path") or ()): e["extensions"]["code"] for e in errors}
