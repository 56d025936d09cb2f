"""The committed OpenAPI document is what the app serves, every operation is documented, and every
example in it is one the API would accept (requests) or could give (responses)."""

import json
from collections.abc import Iterator
from typing import Any, get_args

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic import BaseModel, TypeAdapter, ValidationError

from app.cli import OPENAPI_PATH, openapi_document
from app.domain.commands import Command
from app.main import create_app

Schema = dict[str, Any]
FORM = "application/x-www-form-urlencoded"

# FastAPI's own models for its default 422 answer; the app answers problem+json instead.
FASTAPI_MODELS = {"HTTPValidationError", "ValidationError"}


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app()


@pytest.fixture(scope="module")
def spec(app: FastAPI) -> Schema:
    return app.openapi()


def test_committed_openapi_is_current() -> None:
    current = openapi_document()
    committed = OPENAPI_PATH.read_text(encoding="utf-8") if OPENAPI_PATH.exists() else ""
    assert committed == current, "openapi/openapi.json is stale: run `girfec export-openapi`"


def test_every_operation_has_summary_description_tag_and_errors(spec: Schema) -> None:
    missing = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            where = f"{method.upper()} {path}"
            if not op.get("summary"):
                missing.append(f"{where}: summary")
            if not op.get("description"):
                missing.append(f"{where}: description")
            if not op.get("tags"):
                missing.append(f"{where}: tags")
            if path.startswith("/api/") and not any(c.startswith("4") for c in op["responses"]):
                missing.append(f"{where}: error responses")
    assert missing == []


# ---- examples --------------------------------------------------------------------------------


def _schema_examples(spec: Schema, schema: Schema) -> list[Any]:
    """The examples a schema carries, on itself or on the component it references; an array
    takes its items' examples (each as a one-item list), `X | None` takes X's."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "examples" in schema:
        return list(schema["examples"])
    if schema.get("type") == "array" and "items" in schema:
        return [[item] for item in _schema_examples(spec, schema["items"])]
    for option in schema.get("anyOf", []):
        if found := _schema_examples(spec, option):
            return found
    return []


def _media_examples(spec: Schema, media: Schema) -> list[Any]:
    """Named examples and the single example of a media type, then its schema's."""
    named = [example["value"] for example in media.get("examples", {}).values()]
    single = [media["example"]] if "example" in media else []
    return named + single + _schema_examples(spec, media.get("schema", {}))


def test_every_body_and_success_answer_has_an_example(spec: Schema) -> None:
    missing = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            where = f"{method.upper()} {path}"
            if "requestBody" in op:
                # JSON everywhere, but the OAuth endpoints take forms (RFC 6749) and the HL7 v2
                # adapter ER7 text.
                content = op["requestBody"]["content"]
                media = content.get("application/json") or content.get(FORM)
                media = media or next(iter(content.values()))
                if not _media_examples(spec, media):
                    missing.append(f"{where}: request body")
            for code, answer in op["responses"].items():
                media = answer.get("content", {}).get("application/json")
                if code.startswith("2") and media and not _media_examples(spec, media):
                    missing.append(f"{where}: {code} answer")
    assert missing == []


def _operations(app: FastAPI) -> Iterator[tuple[str, str, RouteContext]]:
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute) and route.include_in_schema:
            for method in sorted(route.methods or ()):
                yield str(route.path_format), method.lower(), route


def _answer_type(
    route: RouteContext, code: str, media: Schema, by_name: dict[str, type[BaseModel]]
) -> Any:
    """The type the operation declares for an answer: the route's own for its success code, a
    `model` in `responses=` for the others. An answer documented after the fact (the 413 of
    the body limit) names its component instead."""
    if code == str(route.status_code or 200) and route.response_field is not None:
        return route.response_field.field_info.annotation
    field = (route.response_fields or {}).get(int(code))
    if field is not None:
        return field.field_info.annotation
    ref = media.get("schema", {}).get("$ref", "")
    return by_name.get(ref.rsplit("/", 1)[-1])


def test_operation_examples_are_valid_for_their_models(app: FastAPI, spec: Schema) -> None:
    """Each example, request or answer, parsed as JSON by the model the route declares for it."""
    by_name = {model.__name__: model for model in _route_models(app)}
    checked, invalid = 0, []
    for path, method, route in _operations(app):
        op = spec["paths"][path][method]
        cases: list[tuple[str, Any, Any]] = []
        if route.body_field is not None:
            media = op["requestBody"]["content"]["application/json"]
            body = route.body_field.field_info.annotation
            cases += [("request", body, example) for example in _media_examples(spec, media)]
        for code, answer in op["responses"].items():
            for media_type, media in answer.get("content", {}).items():
                model = _answer_type(route, code, media, by_name)
                where = f"{code} {media_type}"
                cases += [(where, model, example) for example in _media_examples(spec, media)]
        for where, model, example in cases:
            assert model is not None, f"{method.upper()} {path} {where}: example without a model"
            checked += 1
            try:
                TypeAdapter(model).validate_json(json.dumps(example))
            except ValidationError as exc:
                invalid.append(f"{method.upper()} {path} {where}: {exc}")
    assert invalid == []
    assert checked > 100


def test_examples_keep_their_nulls(app: FastAPI, spec: Schema) -> None:
    """FastAPI drops every null from the document (fastapi/fastapi#5559); the app puts them
    back, so an answer shows its null fields and a PATCH example can empty a field."""
    changed = []
    for path, method, route in _operations(app):
        declared = getattr(route.body_field, "field_info", None)
        named = getattr(declared, "openapi_examples", None) or {}
        if named:
            shown = spec["paths"][path][method]["requestBody"]["content"]["application/json"]
            if {n: e["value"] for n, e in shown["examples"].items()} != {
                n: e["value"] for n, e in named.items()
            }:
                changed.append(f"{method.upper()} {path}")
    assert changed == []
    child = spec["components"]["schemas"]["ChildView"]["examples"][0]
    assert "patronymic" in child
    assert child["patronymic"] is None


def _collect_models(annotation: Any, found: set[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _collect_models(field.annotation, found)
    for arg in get_args(annotation):
        _collect_models(arg, found)


def _route_models(app: FastAPI) -> set[type[BaseModel]]:
    """Every model a route takes or answers with, and the models nested in them."""
    found: set[type[BaseModel]] = set()
    for _, _, route in _operations(app):
        fields = [route.body_field, route.response_field, *(route.response_fields or {}).values()]
        for field in fields:
            if field is not None:
                _collect_models(field.field_info.annotation, found)
    return found


def test_every_model_example_is_valid_for_its_model(app: FastAPI) -> None:
    """Nested models too (a rating inside an assessment, an objective inside a plan): their
    examples are the components' examples in the document."""
    invalid = []
    for model in sorted(_route_models(app), key=lambda m: m.__name__):
        for example in model.model_json_schema().get("examples", []):
            try:
                model.model_validate_json(json.dumps(example))
            except ValidationError as exc:
                invalid.append(f"{model.__name__}: {exc}")
    assert invalid == []


def test_every_object_schema_has_an_example(spec: Schema) -> None:
    missing = [
        name
        for name, schema in spec["components"]["schemas"].items()
        if schema.get("type") == "object" and "examples" not in schema
    ]
    assert sorted(set(missing) - FASTAPI_MODELS) == []


def _subclasses(cls: type[Command]) -> Iterator[type[Command]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_input_models_keep_the_command_config(app: FastAPI) -> None:
    """A model's own `model_config` (its examples) is merged with the base's, not a replacement:
    unknown fields are still refused and text still stripped."""
    commands = list(_subclasses(Command))
    assert len(commands) > 40
    lax = [
        c.__name__
        for c in commands
        if c.model_config.get("extra") != "forbid" or not c.model_config.get("str_strip_whitespace")
    ]
    assert lax == []


SIGN_IN_PAGE = "/oauth/authorize"
USERINFO = "/oauth/userinfo"


def _oauth_error(path: str, status: str, response: Schema) -> bool:
    """The OAuth endpoints' own errors are RFC 6749 §5.2 JSON, which OAuth client libraries
    parse (userinfo's are RFC 6750's, 401 and 403); the sign-in page answers a person, in HTML.
    Everything else they answer (413 of the body limit) is a problem like elsewhere."""
    content = response.get("content", {})
    if path == SIGN_IN_PAGE:
        return status in ("400", "429") and list(content) == ["text/html"]
    schema = content.get("application/json", {}).get("schema", {})
    statuses = ("401", "403") if path == USERINFO else ("400", "401")
    return (
        path.startswith("/oauth/")
        and status in statuses
        and list(content) == ["application/json"]
        and schema.get("$ref") == "#/components/schemas/OAuthError"
    )


def test_every_error_answer_is_a_problem_document() -> None:
    spec = json.loads(openapi_document())
    wrong = [
        f"{method.upper()} {path} {status}: {sorted(response.get('content', {}))}"
        for path, item in spec["paths"].items()
        for method, op in item.items()
        for status, response in op["responses"].items()
        if status.startswith(("4", "5"))
        and list(response.get("content", {})) != ["application/problem+json"]
        and not _oauth_error(path, status, response)
    ]
    assert wrong == []
    assert "HTTPValidationError" not in json.dumps(spec)


def test_oauth_endpoints_document_their_own_error_shape(spec: Schema) -> None:
    oauth = [(p, m, op) for p, item in spec["paths"].items() for m, op in item.items()]
    oauth = [(p, m, op) for p, m, op in oauth if p.startswith("/oauth/")]
    assert {(p, m) for p, m, _ in oauth} == {
        ("/oauth/token", "post"),
        ("/oauth/revoke", "post"),
        ("/oauth/introspect", "post"),
        (SIGN_IN_PAGE, "get"),
        (SIGN_IN_PAGE, "post"),
        (USERINFO, "get"),
        (USERINFO, "post"),
    }
    for path, method, op in oauth:
        assert "Idempotency-Key" not in {p["name"] for p in op["parameters"]}
        assert op["tags"] == ["Sign-in"]
        if path == USERINFO:
            assert all(_oauth_error(path, s, op["responses"][s]) for s in ("401", "403")), path
            continue
        if path == SIGN_IN_PAGE:
            assert _oauth_error(path, "400", op["responses"]["400"]), (path, method)
            assert "text/html" in op["responses"]["200"]["content"]
            if method == "post":
                assert FORM in op["requestBody"]["content"]
            continue
        assert all(_oauth_error(path, s, op["responses"][s]) for s in ("400", "401")), path
        assert FORM in op["requestBody"]["content"]
