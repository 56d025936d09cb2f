"""Validating a document a sector system sent against a command, with errors that point into it.

Routes validate their bodies through FastAPI; adapters parse standards (FHIR, XML, CSV) and build
the canonical command themselves, so they validate here and get the same JSON-pointer errors."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.domain.errors import FieldError, InvalidInput

M = TypeVar("M", bound=BaseModel)


def pointer(*segments: object, root: str = "#") -> str:
    """A JSON pointer (RFC 6901) from path segments."""
    escaped = [str(s).replace("~", "~0").replace("/", "~1") for s in segments]
    return "/".join([root, *escaped]) if escaped else root


def invalid_input(exc: ValidationError, *, root: str = "#") -> InvalidInput:
    errors = [
        FieldError(
            pointer(*e["loc"], root=root),
            "This field is required."
            if e["type"] == "missing"
            else e["msg"].removeprefix("Value error, "),
            e["type"],
        )
        for e in exc.errors()
    ]
    first = errors[0]
    return InvalidInput(
        f"{len(errors)} field(s) are invalid; first: {first.pointer}: {first.detail}",
        errors=errors,
    )


def parsed(model: type[M], data: Any, *, root: str = "#") -> M:
    """`data` as `model`, or `InvalidInput` naming every bad field under `root`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid_input(exc, root=root) from exc
