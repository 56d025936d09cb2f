"""OpenAPI response declarations shared by routes, so every operation lists its error answers."""

from __future__ import annotations

from typing import Any

from app.api.rest.problems import PROBLEM_MEDIA_TYPE, Problem
from app.domain.errors import Forbidden

Responses = dict[int | str, dict[str, Any]]


def _problem(description: str, code: str, status: int, detail: str) -> dict[str, Any]:
    return {
        "description": description,
        "model": Problem,
        "content": {
            PROBLEM_MEDIA_TYPE: {
                "example": {
                    "type": f"/problems/{code}",
                    "title": description,
                    "status": status,
                    "detail": detail,
                    "instance": "/api/v1/...",
                    "request_id": "4f1c2a3e-9b7d-4e1a-8c55-0a2f6d1e7b90",
                }
            }
        },
    }


def forbidden(description: str, detail: str) -> Responses:
    """A 403 answer, declared with why this operation refuses a caller."""
    answer = _problem(description, "forbidden", 403, detail)
    answer["content"][PROBLEM_MEDIA_TYPE]["example"]["title"] = Forbidden.title
    return {403: answer}


UNAUTHENTICATED: Responses = {
    401: _problem(
        "Who is calling is not known",
        "unauthenticated",
        401,
        "Send an access token: Authorization: Bearer <token>. Get one at /oauth/token.",
    )
}
NOT_FOUND: Responses = {
    404: _problem(
        "No such record", "not-found", 404, "There is no child with id ..., or you may not see it."
    )
}
INVALID: Responses = {
    422: _problem(
        "The request has invalid fields",
        "validation-error",
        422,
        "1 field(s) are invalid; first: #/idnp: An IDNP has 13 digits.",
    )
}
CONFLICT: Responses = {
    409: _problem(
        "The request conflicts with the record's state or existing data",
        "illegal-transition",
        409,
        "Cannot accept a referral that is declined. Actions allowed now: none.",
    )
}
PRECONDITIONS: Responses = {
    412: _problem(
        "The record has changed since you read it",
        "version-mismatch",
        412,
        "You sent version 2 but the record is at version 3.",
    ),
    428: _problem(
        "An If-Match header is required to change this record",
        "if-match-required",
        428,
        "Read the record first and send its ETag in If-Match.",
    ),
}

READ: Responses = {**UNAUTHENTICATED, **NOT_FOUND}
LIST: Responses = {**UNAUTHENTICATED, **INVALID}
CREATE: Responses = {**UNAUTHENTICATED, **INVALID, **CONFLICT}
CHANGE: Responses = {**UNAUTHENTICATED, **NOT_FOUND, **INVALID, **CONFLICT, **PRECONDITIONS}
