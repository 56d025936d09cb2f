"""Building GraphQL objects from the rows the services return."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from strawberry.types.base import get_object_definition

from app.api.graphql.relay import to_global_id

T = TypeVar("T")

_PLAIN: dict[type, tuple[str, ...]] = {}
_KEYS: dict[type, frozenset[str]] = {}


def _plain_fields(cls: type) -> tuple[str, ...]:
    if cls not in _PLAIN:
        definition = get_object_definition(cls, strict=True)
        _PLAIN[cls] = tuple(
            f.python_name
            for f in definition.fields
            if f.base_resolver is None and f.python_name not in ("id", "row", "database_id")
        )
    return _PLAIN[cls]


def _keys(cls: type) -> frozenset[str]:
    """Which of `id`, `database_id` and `row` the type holds: a record shown only inside another
    (a team member, a family member, a chronology entry) has no global id, since `node` could not
    read it again."""
    if cls not in _KEYS:
        names = {f.name for f in dataclasses.fields(cls)}
        _KEYS[cls] = frozenset(names & {"id", "database_id", "row"})
    return _KEYS[cls]


def build(cls: type[T], row: Any, **given: Any) -> T:
    """A GraphQL object of type `cls` for `row`: its plain fields copied from the row's
    attributes of the same name (or taken from `given`), its global id made from the row's id,
    relations left to their resolvers (which read `row`)."""
    values = {
        name: given[name] if name in given else getattr(row, name) for name in _plain_fields(cls)
    }
    keys = _keys(cls)
    if "id" in keys:
        values["id"] = to_global_id(cls.__name__, row.id)
    if "database_id" in keys:
        values["database_id"] = row.id
    if "row" in keys:
        values["row"] = row
    return cls(**values)


def build_or_none(cls: type[T], row: Any | None) -> T | None:
    return None if row is None else build(cls, row)
