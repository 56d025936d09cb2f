"""RFC 9457 problem details for every error the REST API returns.

`type` is a stable URI per kind of problem (`/problems/<code>`, documented at that address), so a
client can branch on it; validation problems carry `errors`, each with a JSON pointer (RFC 6901)
into the request body or the name of the bad parameter.
"""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.domain import examples as ex
from app.domain.errors import ALL_ERRORS, DomainError, FieldError, InsufficientScope, InvalidInput

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = structlog.get_logger()


class ProblemFieldError(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "pointer": "#/idnp",
                    "detail": "The check digit is 3 but should be 2: a digit was probably "
                    "mistyped.",
                    "code": "value_error",
                }
            ]
        }
    )

    pointer: str | None = Field(None, description="JSON pointer into the request body")
    parameter: str | None = Field(None, description="Query or path parameter name")
    header: str | None = Field(None, description="Header name")
    path: str | None = Field(
        None,
        description="The element's path in an XML body, with the exchange's prefixes "
        "(`/pi:IncidentReport/pi:InvolvedChild[2]/nc:PersonIDNP`)",
    )
    detail: str
    code: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "/problems/illegal-transition",
                    "title": "This action is not allowed in the record's current state",
                    "status": 409,
                    "detail": "Cannot accept a referral that is declined. Actions allowed now: "
                    "none (the record is final).",
                    "instance": f"/api/v1/referrals/{ex.REFERRAL_ID}/accept",
                    "request_id": "4f1c2a3e-9b7d-4e1a-8c55-0a2f6d1e7b90",
                    "legal_actions": [],
                },
                {
                    "type": "/problems/validation-error",
                    "title": "The request has invalid fields",
                    "status": 422,
                    "detail": "1 field(s) are invalid; first: #/idnp: The check digit is 3 but "
                    "should be 2: a digit was probably mistyped.",
                    "instance": "/api/v1/children",
                    "request_id": "9d2b7c41-0e5f-4a83-b6d1-3c8f2a7e5b04",
                    "errors": [
                        {
                            "pointer": "#/idnp",
                            "detail": "The check digit is 3 but should be 2: a digit was "
                            "probably mistyped.",
                            "code": "value_error",
                        }
                    ],
                },
            ]
        }
    )

    type: str = Field(examples=["/problems/validation-error"])
    title: str
    status: int
    detail: str
    instance: str
    request_id: str | None = None
    errors: list[ProblemFieldError] | None = None
    legal_actions: list[str] | None = None
    current_version: int | None = None


def problem_type(code: str) -> str:
    return f"/problems/{code}"


def problem_response(
    request: Request,
    *,
    code: str,
    title: str,
    status: int,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": problem_type(code),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "request_id": getattr(request.state, "request_id", None),
    }
    if errors is not None:
        body["errors"] = errors
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _field_error(err: FieldError) -> dict[str, Any]:
    if err.pointer.startswith("#"):
        where = "pointer"
    elif err.pointer.startswith("/"):
        where = "path"  # into an XML body
    else:
        where = "parameter"
    return {where: err.pointer, "detail": err.detail, "code": err.code}


def _without_union_tags(path: list[Any], body: Any, *, missing: bool) -> list[Any]:
    """Pydantic names the member of a tagged union it validated against (`legal_basis.consent.
    given_at`), but that segment is no place in the document the client sent. Walking the body,
    a segment that is not a key there but is the value of one (the tag) is dropped, so the
    pointer names the field the client wrote: `#/legal_basis/given_at`. The last segment of a
    missing field is never a tag: it names the key that is absent."""
    kept: list[Any] = []
    here = body
    for i, segment in enumerate(path):
        absent_key = missing and i == len(path) - 1
        if isinstance(here, dict):
            if segment not in here and not absent_key and segment in here.values():
                continue
            here = here.get(segment)
        elif isinstance(here, list) and isinstance(segment, int) and 0 <= segment < len(here):
            here = here[segment]
        else:
            here = None
        kept.append(segment)
    return kept


def _pointer(loc: tuple[Any, ...], body: Any = None, *, missing: bool = False) -> dict[str, str]:
    where, *rest = loc if loc else ("body",)
    if where == "body":
        rest = _without_union_tags(rest, body, missing=missing)
    escaped = [str(p).replace("~", "~0").replace("/", "~1") for p in rest]
    if where == "body":
        return {"pointer": "#/" + "/".join(escaped) if escaped else "#"}
    if where == "header":
        return {"header": str(rest[0]) if rest else ""}
    return {"parameter": str(rest[0]) if rest else str(where)}


def _humane(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", "Invalid value"))
    if err.get("type") == "missing":
        return "This field is required."
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return msg


def _challenge(error: str, description: str, exc: DomainError) -> str:
    """The RFC 6750 challenge. A request with no token at all gets the bare challenge, as the
    RFC asks; a bad token or a missing scope says which, so a client knows to refresh or ask."""
    if exc.extra.get("no_token"):
        return 'Bearer realm="girfec"'
    safe = description.replace("\\", "").replace('"', "'").encode("ascii", "replace").decode()
    challenge = f'Bearer realm="girfec", error="{error}", error_description="{safe}"'
    if scope := exc.extra.get("scope"):
        challenge += f', scope="{scope}"'
    return challenge


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    errors = [_field_error(e) for e in exc.errors] if isinstance(exc, InvalidInput) else None
    headers = None
    if exc.status == 401:
        headers = {"WWW-Authenticate": _challenge("invalid_token", exc.detail, exc)}
    elif isinstance(exc, InsufficientScope):
        headers = {"WWW-Authenticate": _challenge("insufficient_scope", exc.detail, exc)}
    return problem_response(
        request,
        code=exc.code,
        title=exc.title,
        status=exc.status,
        detail=exc.detail,
        errors=errors,
        extra={k: v for k, v in exc.extra.items() if k != "no_token"},
        headers=headers,
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            **_pointer(tuple(e.get("loc", ())), exc.body, missing=e.get("type") == "missing"),
            "detail": _humane(e),
            "code": e.get("type", "invalid"),
        }
        for e in exc.errors()
    ]
    first = errors[0] if errors else {}
    where = first.get("pointer") or first.get("parameter") or first.get("header") or "the request"
    detail = f"{len(errors)} field(s) are invalid; first: {where}: {first.get('detail', '')}"
    return problem_response(
        request,
        code=InvalidInput.code,
        title=InvalidInput.title,
        status=422,
        detail=detail,
        errors=errors,
    )


_HTTP_CODES = {
    404: ("not-found", "No such resource"),
    405: ("method-not-allowed", "This method is not allowed here"),
    413: ("payload-too-large", "The request body is too large"),
    415: ("unsupported-media-type", "Send application/json"),
}


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, title = _HTTP_CODES.get(exc.status_code, ("http-error", "The request failed"))
    return problem_response(
        request,
        code=code,
        title=title,
        status=exc.status_code,
        detail=str(exc.detail),
        headers=dict(exc.headers or {}),
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", path=request.url.path)
    return problem_response(
        request,
        code="internal-error",
        title="Something went wrong on our side",
        status=500,
        detail="The error was logged with this request's id; nothing you sent was stored "
        "unless a success response said so.",
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


def problem_catalogue() -> dict[str, dict[str, Any]]:
    known = {cls.code: {"title": cls.title, "status": cls.status} for cls in ALL_ERRORS}
    for status, (code, title) in _HTTP_CODES.items():
        known.setdefault(code, {"title": title, "status": status})
    known["internal-error"] = {"title": "Something went wrong on our side", "status": 500}
    return known
