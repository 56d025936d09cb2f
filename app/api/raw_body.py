"""Documenting bodies a route reads raw.

Sector adapters read the request body themselves (JSON, CSV, XML, FHIR, HL7 v2) so that a message
is kept in the inbox before anything can refuse it; FastAPI then knows nothing of its shape. A
route declares its body here, and the OpenAPI document gets the models' schemas as components."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

_MODELS: dict[str, type[BaseModel]] = {}
_REF = "#/components/schemas/{model}"


def raw_body(
    content: Mapping[str, type[BaseModel] | dict[str, Any]],
    *,
    description: str,
    examples: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """`openapi_extra` for a route whose body is read raw: per media type, a model (registered
    as a component) or a plain schema, and named examples for the first media type."""
    documented: dict[str, Any] = {}
    for media_type, shape in content.items():
        if isinstance(shape, dict):
            documented[media_type] = {"schema": shape}
        else:
            _MODELS[shape.__name__] = shape
            documented[media_type] = {"schema": {"$ref": _REF.format(model=shape.__name__)}}
    if examples:
        first = next(iter(documented))
        documented[first]["examples"] = {k: dict(v) for k, v in examples.items()}
    return {"requestBody": {"required": True, "description": description, "content": documented}}


def add_raw_body_schemas(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, model in sorted(_MODELS.items()):
        generated = model.model_json_schema(ref_template=_REF, mode="validation")
        for def_name, definition in generated.pop("$defs", {}).items():
            components.setdefault(def_name, definition)
        components.setdefault(name, generated)
    return schema
