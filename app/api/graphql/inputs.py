"""GraphQL input types made from the service layer's commands, so REST and GraphQL accept the same
fields with the same rules and cannot drift apart.

Each command (a Pydantic model in `app.domain`) becomes a GraphQL input type with one field per
command field. A discriminated union of commands (a consent or the child-protection exemption)
becomes a `@oneOf` input with one member per kind. What arrives is turned back into the command,
and Pydantic checks it exactly as it does for REST; its refusals come back as `userErrors` whose
`field` is the GraphQL path of the bad value.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
import uuid
from datetime import date, datetime
from typing import Any, Literal, TypeVar, Union, cast, get_args, get_origin

import strawberry
from pydantic import AwareDatetime, BaseModel, NaiveDatetime, ValidationError
from strawberry.scalars import JSON
from strawberry.types.base import has_object_definition

from app.api.graphql.names import camel
from app.domain.errors import FieldError, InvalidInput

M = TypeVar("M", bound=BaseModel)

_INPUTS: dict[type[BaseModel], type] = {}
_UNIONS: dict[tuple[type[BaseModel], ...], type] = {}
_ENUMS: dict[type[enum.Enum], type[enum.Enum]] = {}
_MEMBERS_OF: dict[type, dict[str, tuple[str, Any]]] = {}
"""For a `@oneOf` input: its field name → (the discriminator's field, its value)."""


def graphql_enum(cls: type[enum.Enum]) -> type[enum.Enum]:
    """A domain vocabulary as a GraphQL enum, registered once whatever the number of users."""
    if cls not in _ENUMS:
        _ENUMS[cls] = strawberry.enum(cls)
    return _ENUMS[cls]


def _literal_value(annotation: Any) -> Any:
    values = get_args(annotation)
    return values[0] if len(values) == 1 else None


def _discriminator(model: type[BaseModel]) -> tuple[str, Any] | None:
    for name, info in model.model_fields.items():
        if get_origin(info.annotation) is Literal:
            value = _literal_value(info.annotation)
            return name, value.value if isinstance(value, enum.Enum) else value
    return None


def _union_input(members: tuple[type[BaseModel], ...]) -> type:
    if members in _UNIONS:
        return _UNIONS[members]
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    chosen: dict[str, tuple[str, Any]] = {}
    for member in members:
        found = _discriminator(member)
        if found is None:
            raise TypeError(f"{member.__name__} has no Literal field to tell it apart")
        key, value = found
        name = str(value)
        annotations[name] = Union[input_type(member, omit={key}), None]  # noqa: UP007
        namespace[name] = strawberry.UNSET
        chosen[name] = (key, value)
    title = "Or".join(m.__name__.removesuffix("Input") for m in members) + "Input"
    namespace["__annotations__"] = annotations
    namespace["__doc__"] = "Exactly one of these."
    cls = strawberry.input(type(title, (), namespace), one_of=True)
    _MEMBERS_OF[cls] = chosen
    _UNIONS[members] = cls
    return cls


def _graphql_type(annotation: Any) -> Any:
    """The GraphQL input type for one command field's annotation."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _graphql_type(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        optional = len(args) < len(get_args(annotation))
        inner: Any
        if len(args) == 1:
            inner = _graphql_type(args[0])
        elif all(isinstance(a, type) and issubclass(a, BaseModel) for a in args):
            inner = _union_input(tuple(args))
        else:
            inner = JSON
        return Union[inner, None] if optional else inner  # noqa: UP007
    if origin in (list, tuple, set, frozenset, typing.Sequence):
        (item, *_rest) = get_args(annotation) or (Any,)
        return list[_graphql_type(item)]  # type: ignore[misc]
    if origin in (dict, typing.Mapping) or annotation is Any:
        return JSON
    if origin is Literal:
        return str
    if annotation in (AwareDatetime, NaiveDatetime):  # Pydantic's markers, not datetime types
        return datetime
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return input_type(annotation)
        if issubclass(annotation, enum.Enum):
            return graphql_enum(annotation)
        for base in (bool, int, float, str, uuid.UUID, datetime, date):
            if issubclass(annotation, base):
                return base
    return JSON


def input_type(model: type[BaseModel], *, omit: frozenset[str] | set[str] = frozenset()) -> type:
    """The GraphQL input type of a command (built once)."""
    if model in _INPUTS and not omit:
        return _INPUTS[model]
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in omit:
            continue
        kind = _graphql_type(info.annotation)
        required = info.is_required()
        annotations[name] = kind if required else Union[kind, None]  # noqa: UP007
        namespace[name] = (
            strawberry.field(description=info.description)
            if required
            else strawberry.field(default=strawberry.UNSET, description=info.description)
        )
    namespace["__annotations__"] = annotations
    namespace["__doc__"] = (model.__doc__ or "").strip() or None
    name = model.__name__ if model.__name__.endswith("Input") else model.__name__ + "Input"
    cls = strawberry.input(type(name, (), namespace))
    if not omit:
        _INPUTS[model] = cls
    return cls


def plain(value: Any) -> Any:
    """An input object as the JSON a REST client would have sent: unset fields left out, so the
    command's defaults apply exactly as they do for REST."""
    if value is strawberry.UNSET:
        return strawberry.UNSET
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if has_object_definition(value):
        out: dict[str, Any] = {}
        chosen = _MEMBERS_OF.get(type(value))
        for field in dataclasses.fields(cast("Any", value)):
            item = getattr(value, field.name)
            if item is strawberry.UNSET or (chosen is not None and item is None):
                continue
            if chosen is not None:
                key, kind = chosen[field.name]
                return {key: kind, **plain(item)}
            out[field.name] = plain(item)
        return out
    return value


def _graphql_path(loc: tuple[int | str, ...], root: str) -> str:
    """Pydantic's location (python names, tagged-union members) as the path a GraphQL client
    sent: `input.legalBasis.consent.givenAt`."""
    parts = [root]
    for step in loc:
        parts.append(str(step) if isinstance(step, int) else camel(str(step)))
    return ".".join(parts)


def to_command(model: type[M], value: Any, *, root: str = "input") -> M:
    """The command a GraphQL input stands for, validated as REST validates it."""
    data = plain(value)
    try:
        return model.model_validate({} if data is strawberry.UNSET or data is None else data)
    except ValidationError as exc:
        errors = [
            FieldError(
                _graphql_path(tuple(e["loc"]), root),
                e["msg"].removeprefix("Value error, "),
                e["type"],
            )
            for e in exc.errors()
        ]
        raise InvalidInput(
            "Some fields are not valid; see each error's field.", errors=errors
        ) from exc
