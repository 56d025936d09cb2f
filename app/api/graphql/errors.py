"""Domain errors as GraphQL answers.

A mutation that the services refuse (a stale version, an illegal transition, a bad field, a record
out of reach) answers `userErrors`: expected outcomes a screen shows to the user, with the field
path, the same stable code as REST's problem `type` and a message. Anything that stops an
operation as a whole (no token, a missing scope or role, a query's own refusal) is a GraphQL error
whose `extensions` carry that code, the problem type and the HTTP status REST would have used.
Anything unexpected is logged with the request id and masked.
"""

from __future__ import annotations

from typing import Any

import strawberry
import structlog
from graphql import GraphQLError

from app.api.graphql.names import camel
from app.domain.errors import DomainError, InvalidInput

log = structlog.get_logger()

HEADER_FIELDS = {"If-Match": "expectedVersion", "X-Break-Glass-Reason": "breakGlassReason"}


@strawberry.type(description="Why a mutation did not happen, for the user to act on.")
class UserError:
    field: list[str] | None = strawberry.field(
        description="Path of the input value at fault (e.g. input, legalBasis, givenAt); null "
        "when the refusal is about the record, not one value."
    )
    code: str = strawberry.field(
        description="Stable code, the same as REST's problem type `/problems/<code>`."
    )
    reason: str | None = strawberry.field(
        description="For a field: the kind of fault (e.g. string_too_short, value_error)."
    )
    message: str


def _path(pointer: str, root: str) -> list[str]:
    """A REST location (a JSON pointer `#/legal_basis/purpose`, or a header) as a GraphQL path."""
    if pointer in HEADER_FIELDS:
        return [HEADER_FIELDS[pointer]]
    if pointer.startswith("#"):
        steps = [s for s in pointer.lstrip("#").split("/") if s]
        return [root, *(s if s.isdigit() else camel(s) for s in steps)]
    if "." in pointer:  # already a GraphQL path (from `inputs.to_command`)
        return pointer.split(".")
    return [camel(pointer)]


def user_errors(error: DomainError, *, root: str = "input") -> list[UserError]:
    if isinstance(error, InvalidInput) and error.errors:
        return [
            UserError(
                field=_path(e.pointer, root), code=error.code, reason=e.code, message=e.detail
            )
            for e in error.errors
        ]
    return [UserError(field=None, code=error.code, reason=None, message=error.detail)]


def extensions_of(error: DomainError) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": error.code,
        "type": f"/problems/{error.code}",
        "status": error.status,
    }
    if isinstance(error, InvalidInput) and error.errors:
        out["errors"] = [
            {"field": _path(e.pointer, "input"), "reason": e.code, "message": e.detail}
            for e in error.errors
        ]
    out.update({camel(k): v for k, v in error.extra.items() if k != "no_token"})
    return out


def shaped(error: GraphQLError, request_id: str | None) -> GraphQLError:
    """The error a client sees: a domain error with its code; GraphQL's own (syntax, validation)
    as they are; anything else masked, logged with the request id."""
    original = error.original_error
    if isinstance(original, DomainError):
        return GraphQLError(
            original.detail,
            nodes=error.nodes,
            path=error.path,
            original_error=original,
            extensions=extensions_of(original),
        )
    if original is None or isinstance(original, GraphQLError):
        return error
    log.error("graphql.unexpected", exc_info=original, request_id=request_id, path=error.path)
    return GraphQLError(
        "Something went wrong on our side; it has been logged. Quote the request id if you "
        "report it.",
        nodes=error.nodes,
        path=error.path,
        extensions={"code": "internal-error", "status": 500, "requestId": request_id},
    )
