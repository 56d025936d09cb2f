"""Text for the OpenAPI document: the overview and one description per tag."""

import json
from collections.abc import Iterator, Sequence
from typing import Any

from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import TypeAdapter
from starlette.routing import BaseRoute

from app.api.middleware import NOT_IDEMPOTENT_PREFIXES
from app.api.route_policy import PUBLIC, ROUTES

DESCRIPTION = """
A headless service for Moldova's National Practice Model for child well-being
(*Getting it right — TOGETHER — for every child*, Government Decision 143/2018).

Professionals in education, health, public order and social assistance record **concerns**
about a child on the eight well-being indicators, act inside their institution (a
single-agency **plan**), or **refer** to the local guardianship authority; social assistance
runs **cases** (assessment, plan, review, closure) with a team around the child.

### Conventions
* **Who is calling** — every operation needs an OAuth 2.0 access token
  (`Authorization: Bearer <token>`) with the operation's scope. Professionals sign in with the
  authorization-code flow and PKCE (S256) at `/oauth/authorize`; sector systems use
  `client_credentials` at `/oauth/token`. A missing or bad token is 401 with `WWW-Authenticate`;
  a missing scope or role is 403; a record outside your scope is 404, so its existence does not
  leak. Each operation lists its scope under *Authorizations*.
* **Errors** are RFC 9457 `application/problem+json` with a stable `type` (`/problems/<code>`);
  validation problems list each bad field with a JSON pointer.
* **Concurrency** — every record has an `ETag`; every change needs `If-Match` (412 when stale,
  428 when missing).
* **Retries** — send `Idempotency-Key` on a POST: the same key and body replay the first answer;
  the same key with another body is refused.
* **Lists** are newest first, paged with `limit` and `cursor` (`next_cursor` of the previous page).
* **State changes** are actions (`POST /referrals/{id}/accept` ...). A 409 names the actions
  that are legal now; every record also lists its `legal_actions`.
"""

TAGS = [
    {
        "name": "reference",
        "description": (
            "Indicators, protective factors, sectors, territories and other vocabularies, in "
            "Romanian, Russian and English."
        ),
    },
    {
        "name": "organisations",
        "description": (
            "Schools, clinics, police units, mayoralties (local guardianship authorities), "
            "directorates and service providers, and their professionals."
        ),
    },
    {
        "name": "children",
        "description": (
            "Children, their identifiers in sector systems, family and caregivers, "
            "institutions attended, chronology and well-being trajectory."
        ),
    },
    {
        "name": "observations",
        "description": ("Routine monitoring of a child on the eight indicators."),
    },
    {
        "name": "concerns",
        "description": (
            "A professional's record that a child's well-being is at risk, and the decision: "
            "act in the institution or refer."
        ),
    },
    {
        "name": "referrals",
        "description": (
            "A concern referred to a guardianship authority: received, accepted, declined, "
            "redirected or withdrawn."
        ),
    },
    {
        "name": "cases",
        "description": (
            "Cases run by social assistance: stages, lead professional, team around the "
            "child, closure and reopening."
        ),
    },
    {
        "name": "assessments",
        "description": (
            "Initial and complex assessments: indicator ratings, My World Triangle, "
            "protective factors, resilience matrix; approved by a supervisor."
        ),
    },
    {
        "name": "plans",
        "description": (
            "Single-agency plans and children's plans: objectives, actions and reviews."
        ),
    },
    {
        "name": "deadlines",
        "description": (
            "The deadline policy (durations set by law, kept as data) and overdue items."
        ),
    },
    {
        "name": "events",
        "description": ("The stored domain events, in order: what changed, when and by whom."),
    },
    {
        "name": "status back",
        "description": (
            "What became of the concerns a sector system sent, pushed as signed webhooks "
            "(Standard Webhooks) and readable as a pull feed: thin status events, ids and "
            "statuses only."
        ),
    },
    {
        "name": "Sign-in",
        "description": (
            "The OAuth 2.0 and OpenID Connect authorization server: professionals sign in "
            "through an app with the authorization code flow (PKCE S256 required) on a "
            "trilingual sign-in page, and get ID tokens, userinfo and rotating refresh tokens; "
            "sector systems get tokens with client credentials (a secret or a signed JWT). "
            "Revocation, introspection, the signing keys and the discovery documents. Access "
            "tokens are short-lived RFC 9068 JWTs for the audience `girfec-api`."
        ),
    },
    {
        "name": "administration",
        "description": (
            "OAuth clients (register, rotate a secret, replace keys, revoke), the token signing "
            "keys (rotate, retire) and professionals' roles and access (set roles, deactivate, "
            "activate). Administrators only, with the `admin` scope; every change is a domain "
            "event naming the administrator."
        ),
    },
    {
        "name": "problems",
        "description": ("The catalogue of problem types returned in errors."),
    },
]


_PROBLEM_CONTENT = {
    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
}


def _is_oauth_error(content: dict[str, Any]) -> bool:
    """The OAuth endpoints answer errors as RFC 6749 §5.2 JSON, which OAuth client libraries
    parse; they declare that shape (`OAuthError`) and keep it. The sign-in page answers a
    person, in HTML."""
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    return str(ref).endswith("/OAuthError") or list(content) == ["text/html"]


def document_security(schema: dict[str, Any]) -> dict[str, Any]:
    """Each operation's scope, principal kinds and roles, from the one route table, so that the
    docs page asks for exactly the scope an operation needs."""
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            rule = ROUTES.get((method.upper(), path))
            if rule is not None:
                operation["security"] = [{"oauth2": [rule.scope]}]
                operation["x-principals"] = sorted(rule.principals)
                if rule.roles is not None:
                    operation["x-roles"] = sorted(r.value for r in rule.roles)
            elif (method.upper(), path) in PUBLIC:
                operation["security"] = []
    return schema


def errors_are_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Every error answer is `application/problem+json` (the OAuth endpoints' excepted): replace
    FastAPI's default 422 (`HTTPValidationError`, which this API never sends) and drop the
    `application/json` twin that FastAPI adds beside each declared problem response."""
    for item in schema.get("paths", {}).values():
        for op in item.values():
            for status, response in op.get("responses", {}).items():
                if not str(status).startswith(("4", "5")):
                    continue
                content = response.get("content", {})
                if "application/problem+json" in content:
                    content.pop("application/json", None)
                elif _is_oauth_error(content):
                    continue
                else:
                    response["content"] = dict(_PROBLEM_CONTENT)
    components = schema.get("components", {}).get("schemas", {})
    still_used = "HTTPValidationError" in str(schema.get("paths", {}))
    if not still_used:
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
    return schema


def document_middleware_behaviour(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare what the middleware does for every operation, which FastAPI cannot see:
    the Idempotency-Key header on POST, the 413 body limit and the X-Request-ID header."""
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            params = op.setdefault("parameters", [])
            params.append(
                {
                    "name": "X-Request-ID",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "maxLength": 100},
                    "description": "Your id for this request; echoed back and put in problems.",
                }
            )
            if method == "post" and not path.startswith(NOT_IDEMPOTENT_PREFIXES):
                params.append(
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                        "description": "Makes a retry safe: the same key and body replay the "
                        "first answer (with `Idempotent-Replayed: true`); the same key with "
                        "another body is 422. Keys are kept 24 hours, per caller.",
                    }
                )
            if "requestBody" in op:
                op["responses"].setdefault(
                    "413",
                    {
                        "description": "The request body is too large",
                        "content": {
                            "application/problem+json": {
                                "schema": {"$ref": "#/components/schemas/Problem"}
                            }
                        },
                    },
                )
    return schema


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _key(value: Any) -> str:
    return json.dumps(_without_nulls(value), sort_keys=True, default=str)


def _examples_in(node: Any) -> Iterator[Any]:
    """Every example declared in a JSON schema, a `responses=` entry or `openapi_examples`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "examples" and isinstance(value, list):
                yield from value
            elif key == "examples" and isinstance(value, dict):
                yield from (
                    e["value"] for e in value.values() if isinstance(e, dict) and "value" in e
                )
            elif key == "example":
                yield value
            else:
                yield from _examples_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from _examples_in(item)


def _declared_examples(routes: Sequence[BaseRoute]) -> Iterator[Any]:
    for route in iter_route_contexts(routes):
        if not isinstance(route.original_route, APIRoute):
            continue
        fields = [route.body_field, route.response_field, *route.response_fields.values()]
        for field in fields:
            if field is not None:
                yield from _examples_in(TypeAdapter(field.field_info.annotation).json_schema())
        if route.body_field is not None:
            named = getattr(route.body_field.field_info, "openapi_examples", None)
            yield from _examples_in({"examples": named or {}})
        yield from _examples_in(route.responses)


def _put_back(node: Any, declared: dict[str, Any]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "examples" and isinstance(value, list):
                node[key] = [declared.get(_key(v), v) for v in value]
            elif key == "examples" and isinstance(value, dict):
                for example in value.values():
                    if isinstance(example, dict) and "value" in example:
                        example["value"] = declared.get(_key(example["value"]), example["value"])
            elif key == "example":
                node[key] = declared.get(_key(value), value)
            else:
                _put_back(value, declared)
    elif isinstance(node, list):
        for item in node:
            _put_back(item, declared)


def restore_example_nulls(schema: dict[str, Any], routes: Sequence[BaseRoute]) -> dict[str, Any]:
    """FastAPI drops every null from the document it generates (fastapi/fastapi#5559), examples
    included: an answer's example would lose `"patronymic": null`, though the field is required,
    and a PATCH example its `null` that empties a field. Each example in the document is a
    declared one less its nulls, so it is matched to that one and replaced by it."""
    declared = {_key(example): example for example in _declared_examples(routes)}
    _put_back(schema, declared)
    return schema
