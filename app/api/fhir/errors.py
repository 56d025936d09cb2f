"""Every error under /fhir is an OperationOutcome, whatever raised it (a refused token, a route
that does not exist, a resource that does not validate); the REST API keeps its problem+json.

The app's own handlers are wrapped, not replaced: a request outside /fhir goes to them unchanged.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.domain.errors import DomainError, InvalidInput
from app.integrations.fhir import codes
from app.integrations.fhir.expressions import expression
from app.integrations.fhir.resources import Issue, operation_outcome

PREFIX = "/fhir/"
log = structlog.get_logger()

Handler = Callable[[Request, Exception], Awaitable[Response]]

_STATUS_ISSUE = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    409: "conflict",
    412: "conflict",
    413: "too-long",
    415: "not-supported",
    422: "invalid",
    428: "required",
}
_FIELD_ISSUE = {"missing": "required", "legal_basis_required": "required"}


class UnsupportedMediaType(DomainError):
    code = "unsupported-media-type"
    title = "Send application/fhir+json"
    status = 415


def root_of(request: Request) -> str:
    """The resource type a request's body starts with, for expressions into it."""
    return (
        "ServiceRequest" if request.url.path.rstrip("/").endswith("/ServiceRequest") else "Bundle"
    )


def outcome_response(
    status: int, issues: list[Issue], headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        operation_outcome(issues),
        status_code=status,
        media_type=codes.ANSWER_MEDIA_TYPE,
        headers=headers,
    )


def _issue_code(code: str, status: int) -> str:
    if code in codes.ISSUE_TYPES:
        return code
    return _FIELD_ISSUE.get(code, _STATUS_ISSUE.get(status, "processing"))


def domain_outcome(request: Request, exc: DomainError) -> JSONResponse:
    kept = exc.extra.get("inbox_message_id")
    suffix = f" (kept as inbox message {kept})" if kept else ""
    if isinstance(exc, InvalidInput) and exc.errors:
        root = root_of(request)
        issues = [
            Issue(
                "error",
                _issue_code(e.code, exc.status),
                e.detail + suffix,
                expression(root, e.pointer),
            )
            for e in exc.errors
        ]
    else:
        issues = [Issue("error", _STATUS_ISSUE.get(exc.status, "processing"), exc.detail + suffix)]
    headers = {"WWW-Authenticate": 'Bearer realm="girfec"'} if exc.status == 401 else None
    return outcome_response(exc.status, issues, headers)


def _scoped(fhir: Handler, rest: Callable[[Request, Any], Any]) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith(PREFIX):
            return await fhir(request, exc)
        answer = rest(request, exc)
        found: Response = await answer if inspect.isawaitable(answer) else answer
        return found

    return handle


async def _domain(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return domain_outcome(request, exc)


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    issues = [
        Issue(
            "error",
            "invalid",
            str(e.get("msg", "Invalid value")),
            ".".join(map(str, e["loc"][1:])) or None,
        )
        for e in exc.errors()
    ]
    return outcome_response(400, issues)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    issue = Issue("error", _STATUS_ISSUE.get(exc.status_code, "processing"), str(exc.detail))
    return outcome_response(exc.status_code, [issue], dict(exc.headers or {}))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error", path=request.url.path)
    issue = Issue(
        "fatal",
        "exception",
        "Something went wrong on our side; it was logged with this request's id "
        f"({getattr(request.state, 'request_id', None)}).",
    )
    return outcome_response(500, [issue])


def install_fhir_handlers(app: FastAPI) -> None:
    """Call after the problem handlers are installed: each is wrapped for the /fhir prefix."""
    for kind, fhir in (
        (DomainError, _domain),
        (RequestValidationError, _validation),
        (StarletteHTTPException, _http),
        (Exception, _unexpected),
    ):
        rest = app.exception_handlers[kind]
        app.add_exception_handler(kind, _scoped(fhir, rest))
