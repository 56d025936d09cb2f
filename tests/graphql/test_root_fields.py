"""Every root field answers to the REST operation it mirrors (`permissions.mirrors`), so GraphQL
has no way round the route table: a field added without one fails here, not in production."""

from __future__ import annotations

from strawberry.types.base import StrawberryObjectDefinition

from app.api.graphql.permissions import Mirrors
from app.api.graphql.schema import build_schema
from app.settings import Settings

SELF_AUTHORIZED = {("Query", "node")}
"""`node(id)` asks the rule of the REST read of whatever kind the id names, once it knows it."""


def test_every_root_field_mirrors_a_rest_operation() -> None:
    schema = build_schema(Settings())
    missing = []
    for root in ("Query", "Mutation"):
        definition = schema.get_type_by_name(root)
        assert isinstance(definition, StrawberryObjectDefinition)
        for field in definition.fields:
            if (root, field.name) in SELF_AUTHORIZED:
                continue
            if not any(isinstance(e, Mirrors) for e in field.extensions):
                missing.append(f"{root}.{field.name}")
    assert missing == []
