"""Building GraphQL objects from the rows the services return."""

from __future__ import annotations

from typing import Any, TypeVar

from strawberry.types.base import get_object_definition

from app.api.graphql.relay import to_global_id

T = TypeVar("T")

_PLAIN: dict[type, tuple[str, ...]] = {}


def _plain_fields(cls: type) -> tuple[str, ...]:
    if cls not in _PLAIN:
        definition = get_object_definition(cls, strict=True)
        _PLAIN[cls] = tuple(
            f.python_name
            for f in definition.fields
            if f.base_resolver is None and f.python_name not in ("id", "row", "database_id")
        )
    return _PLAIN[cls]


def build(cls: type[T], row: Any, **given: Any) -> T:
    """A GraphQL object of type `cls` for `row`: its plain fields copied from the row's
    attributes of the same name, its global id made from the row's id, relations left to their
    resolvers (which read `row`)."""
    values = {name: given.get(name, getattr(row, name)) for name in _plain_fields(cls)}
    return cls(  # type: ignore[call-arg]
        id=to_global_id(cls.__name__, row.id), database_id=row.id, row=row, **values
    )


def build_or_none(cls: type[T], row: Any | None) -> T | None:
    return None if row is None else build(cls, row)
