"""GraphQL spells fields in camelCase; the services and REST in snake_case."""

from __future__ import annotations

from strawberry.utils.str_converters import to_camel_case, to_snake_case


def camel(name: str) -> str:
    return to_camel_case(name)


def snake(name: str) -> str:
    """A type's name as a Python argument's (`PlanAction` → `plan_action`)."""
    return to_snake_case(name)
