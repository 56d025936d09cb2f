"""Mutations: each one a REST action, run as REST runs it.

`mutation(...)` makes the root field for one service call: its arguments (the record's id, the
version read, the typed input made from the service's command), its payload (the record and
`userErrors`), the REST operation whose rule it answers to, and `act`, which runs the call in a
transaction of its own and turns the services' refusals into `userErrors`.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import strawberry
from pydantic import BaseModel

from app.api.graphql.errors import UserError, user_errors
from app.api.graphql.inputs import input_type, to_command
from app.api.graphql.names import camel, snake
from app.api.graphql.permissions import mirrors
from app.api.graphql.relay import uuid_of
from app.api.graphql.rows import build_or_none
from app.api.middleware import NOT_KEPT
from app.domain.actor import Actor
from app.domain.errors import DomainError
from app.persistence.uow import UnitOfWork
from app.services.transaction import transaction

T = TypeVar("T")

ExpectedVersion = Annotated[
    int,
    strawberry.argument(
        description="The version you read (REST's ETag): a change made from a stale read is "
        "refused with the code version-mismatch."
    ),
]

Run = Callable[..., Awaitable[Any]]
"""`run(uow, actor, parent=…, ident=…, data=…, expected_version=…)`: the service call; it is given
the keywords its mutation has (no `ident` for a creation, no `data` without a command, `parent`
only for a record inside another)."""


async def act(
    info: strawberry.Info,
    change: Callable[[UnitOfWork, Actor], Awaitable[T]],
    *,
    root: str = "input",
) -> tuple[T | None, list[UserError]]:
    """Run one change as REST runs one request: in a transaction of its own, committed (and its
    access-log entries sealed) before the next mutation of the document starts. A refusal rolls
    that transaction back and comes back as `userErrors`."""
    context = info.context
    actor = context.actor
    try:
        async with transaction(context.session_factory, context.request_id) as uow:
            uow.actor = actor
            done = await change(uow, actor)
    except DomainError as error:
        # An answer with a refusal is not replayed for its Idempotency-Key, as REST's 4xx is
        # not: the caller may correct the input and retry with the same key.
        request = getattr(context, "request", None)
        if request is not None:
            setattr(request.state, NOT_KEPT, True)
        return None, user_errors(error, root=root)
    return done, []


_PAYLOADS: dict[tuple[type, str], type] = {}


def payload_type(node: type, field: str) -> type:
    """`<Node>Payload { <field>: <Node>, userErrors: [UserError!]! }`, made once per node type."""
    key = (node, field)
    if key not in _PAYLOADS:
        namespace = {
            "__annotations__": {field: node | None, "user_errors": list[UserError]},
            "__doc__": f"The {node.__name__} as the change left it, or why it was refused.",
        }
        _PAYLOADS[key] = strawberry.type(type(f"{node.__name__}Payload", (), namespace))
    return _PAYLOADS[key]


def mutation(
    node: type,
    *,
    run: Run,
    method: str,
    path: str,
    description: str,
    target: str | None = None,
    command: type[BaseModel] | None = None,
    input_required: bool = True,
    versioned: bool = True,
    field: str | None = None,
    parent: str | None = None,
) -> Any:
    """The root field for one REST action. `target` names the type whose id the action takes
    (as `id`); `versioned` asks for `expectedVersion` (REST's If-Match); `command` gives the
    typed `input`; `parent` names the type of the record the action works inside (a plan, for
    its actions; a case, for its team), whose id comes first, as `<parent>Id`, as it does in the
    REST path."""
    name = field or node.__name__[0].lower() + node.__name__[1:]
    payload = payload_type(node, name)
    parameters = [
        inspect.Parameter(
            "info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=strawberry.Info
        )
    ]
    keyword = inspect.Parameter.KEYWORD_ONLY
    parent_argument = f"{snake(parent)}_id" if parent is not None else ""
    if parent is not None:
        parameters.append(inspect.Parameter(parent_argument, keyword, annotation=strawberry.ID))
    if target is not None:
        parameters.append(inspect.Parameter("id", keyword, annotation=strawberry.ID))
        if versioned:
            parameters.append(
                inspect.Parameter("expected_version", keyword, annotation=ExpectedVersion)
            )
    if command is not None:
        kind: Any = input_type(command)
        if input_required:
            parameters.append(inspect.Parameter("input", keyword, annotation=kind))
        else:
            parameters.append(
                inspect.Parameter("input", keyword, annotation=kind | None, default=None)
            )

    async def resolve(info: strawberry.Info, **given: Any) -> Any:
        async def change(uow: UnitOfWork, actor: Actor) -> Any:
            call: dict[str, Any] = {}
            if parent is not None:
                call["parent"] = uuid_of(
                    given[parent_argument], parent, argument=camel(parent_argument)
                )
            if target is not None:
                call["ident"] = uuid_of(given["id"], target)
                if versioned:
                    call["expected_version"] = given["expected_version"]
            if command is not None:
                call["data"] = to_command(command, given.get("input"))
            return await run(uow, actor, **call)

        row, errors = await act(info, change)
        return payload(**{name: build_or_none(node, row), "user_errors": errors})

    resolve.__signature__ = inspect.Signature(parameters, return_annotation=payload)  # type: ignore[attr-defined]
    resolve.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": payload}
    return strawberry.mutation(
        resolver=resolve, description=description, extensions=mirrors(method, path)
    )
