"""Where an error is, in FHIR's words: JSON pointers into a resource as FHIRPath-like
expressions (`#/entry/1/resource/priority` → `Bundle.entry[1].resource.priority`), and the
pointers of the canonical concern mapped back to the element they were read from."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from app.domain.errors import FieldError, InvalidInput
from app.domain.validation import pointer as json_pointer

_PYDANTIC_ISSUE = {
    "missing": "required",
    "model_field_validation.missing": "required",
    "extra_forbidden": "structure",
    "string_too_long": "too-long",
}


def expression(root: str, pointer: str) -> str:
    """`root` is the resource type the document starts with."""
    if not pointer.startswith("#"):
        return pointer
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer[2:].split("/") if p]
    out = root
    for part in parts:
        out += f"[{part}]" if part.isdigit() else f".{part}"
    return out


def _segment(loc: object) -> object:
    # fhir.resources names elements that are Python keywords `for_fhir`, `class_fhir`…
    return loc.removesuffix("_fhir") if isinstance(loc, str) else loc


def invalid_resource(exc: ValidationError, *, root: str = "#") -> InvalidInput:
    """fhir.resources' validation errors as field errors pointing into the document."""
    errors = [
        FieldError(
            json_pointer(*(_segment(s) for s in e["loc"]), root=root),
            "This element is required."
            if "missing" in e["type"]
            else str(e["msg"]).removeprefix("Value error, "),
            _PYDANTIC_ISSUE.get(e["type"], "value"),
        )
        for e in exc.errors()
    ]
    first = errors[0]
    return InvalidInput(
        f"{len(errors)} element(s) are invalid; first: {first.pointer}: {first.detail}",
        errors=errors,
    )


def relocated(exc: InvalidInput, places: Mapping[str, str]) -> InvalidInput:
    """The same errors with canonical pointers (`#/child/birth_date`) replaced by the element the
    value was read from (`#/entry/0/resource`), by the longest matching prefix."""

    def move(pointer: str) -> str:
        for prefix in sorted(places, key=len, reverse=True):
            if pointer == prefix or pointer.startswith(prefix + "/"):
                return places[prefix]
        return pointer

    moved = [FieldError(move(e.pointer), e.detail, e.code) for e in exc.errors]
    again = type(exc)(exc.detail, dict(exc.extra), moved)
    return again
