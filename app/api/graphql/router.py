"""`/graphql` over HTTP and WebSocket (graphql-transport-ws), mounted in the FastAPI app.

Over HTTP the caller is known before anything runs: no token or a bad one is REST's 401
problem, so the GraphQL endpoint is never open. Over a WebSocket the token comes in
`connection_init` (`{"Authorization": "Bearer …"}`); a missing or bad one closes the socket
with 4403 before any subscription starts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Header
from starlette.requests import HTTPConnection
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from app.api.authentication import authenticate
from app.api.graphql.context import Context
from app.api.graphql.schema import build_schema
from app.domain.errors import DomainError, InvalidInput, PayloadTooLarge
from app.persistence.uow import UnitOfWork
from app.services.transaction import transaction
from app.settings import Settings

MAX_DOCUMENT_BYTES = 20_000
"""A screen's query is a few kilobytes; a longer document is refused before it is parsed."""


async def _uow(connection: HTTPConnection) -> AsyncIterator[UnitOfWork | None]:
    if connection.scope["type"] == "websocket":
        yield None  # each subscription event opens its own transaction
        return
    request_id = connection.scope.get("state", {}).get("request_id")
    async with transaction(connection.app.state.session_factory, request_id) as uow:
        yield uow


async def _context(
    connection: HTTPConnection,
    uow: Annotated[UnitOfWork | None, Depends(_uow, scope="function")],
    authorization: Annotated[str | None, Header()] = None,
    x_break_glass_reason: Annotated[str | None, Header(max_length=1000)] = None,
) -> Context:
    app = connection.app
    context = Context(
        settings=app.state.settings,
        session_factory=app.state.session_factory,
        request_id=connection.scope.get("state", {}).get("request_id"),
        uow_=uow,
        hub=getattr(app.state, "event_hub", None),
    )
    if uow is not None:
        actor = await authenticate(uow, app.state.settings, authorization, x_break_glass_reason)
        uow.actor = actor
        context.actor_ = actor
    return context


def _persisted(settings: Settings) -> dict[str, str]:
    if not settings.graphql_persisted_queries:
        return {}
    documents = json.loads(Path(settings.graphql_persisted_queries).read_text(encoding="utf-8"))
    if not isinstance(documents, dict):
        raise ValueError("GRAPHQL_PERSISTED_QUERIES must map SHA-256 digests to documents")
    for digest, document in documents.items():
        if hashlib.sha256(document.encode()).hexdigest() != digest:
            raise ValueError(f"the persisted query {digest} does not hash to its key")
    return dict(documents)


class Router(GraphQLRouter[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(
            build_schema(settings),
            path="/graphql",
            graphql_ide=None,
            allow_queries_via_get=False,
            context_getter=_context,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            include_in_schema=False,
        )
        self.settings = settings
        self.persisted = _persisted(settings)

    async def on_ws_connect(self, context: Context) -> dict[str, object] | None:
        params = context.connection_params if isinstance(context.connection_params, dict) else {}
        authorization = params.get("Authorization") or params.get("authorization")
        if not isinstance(authorization, str):
            raise ConnectionRejectionError({"message": "Send Authorization in connection_init."})
        try:
            async with transaction(context.session_factory, context.request_id) as uow:
                context.actor_ = await authenticate(uow, context.settings, authorization)
        except DomainError as error:
            raise ConnectionRejectionError({"code": error.code, "message": error.detail}) from error
        context.authorization = authorization  # checked again for every subscription event
        return None

    def _validate_batch_request(self, request_data: list[Any], protocol: Any) -> None:
        limit = self.settings.graphql_max_batch
        if len(request_data) > limit:
            raise InvalidInput.field(
                "#",
                f"A batch may hold at most {limit} operations; this one has "
                f"{len(request_data)}. Send the rest in another request.",
                "too_many_operations",
            )
        super()._validate_batch_request(request_data, protocol)

    async def parse_http_body(self, request: Any) -> GraphQLRequestData | list[GraphQLRequestData]:
        parsed = await super().parse_http_body(request)
        for item in parsed if isinstance(parsed, list) else [parsed]:
            self._check_document(item)
        return parsed

    def _check_document(self, item: GraphQLRequestData) -> None:
        """Document size, then the persisted-query allow-list: a document by its hash alone,
        or verbatim; with `GRAPHQL_PERSISTED_ONLY`, nothing else. Refusals are problem documents
        (422, 413) as REST's are."""
        persisted = (item.extensions or {}).get("persistedQuery")
        digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if item.query is None and isinstance(digest, str):
            if digest not in self.persisted:
                raise InvalidInput.field(
                    "#/extensions/persistedQuery/sha256Hash",
                    "PersistedQueryNotFound: this hash is not on the allow-list.",
                    "persisted_query_not_found",
                )
            item.query = self.persisted[digest]
        if item.query is not None and len(item.query.encode()) > MAX_DOCUMENT_BYTES:
            raise PayloadTooLarge(
                f"The GraphQL document is longer than {MAX_DOCUMENT_BYTES} bytes; split it or "
                "use fragments."
            )
        if self.settings.graphql_persisted_only and item.query is not None:
            found = hashlib.sha256(item.query.encode()).hexdigest()
            if found not in self.persisted:
                raise InvalidInput.field(
                    "#/query",
                    "PersistedQueryNotAllowed: this service runs only the documents of its "
                    "persisted-query allow-list.",
                    "persisted_query_not_allowed",
                )
