"""The GraphQL schema as SDL, committed at `schemas/schema.graphql` for client code generators
and for review: a change to the API shows in the diff of that file."""

from __future__ import annotations

from pathlib import Path

from app.api.graphql.schema import build_schema
from app.settings import Settings

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "schemas" / "schema.graphql"


def render() -> str:
    # Limits and introspection are per deployment; the types are the same everywhere.
    return build_schema(Settings()).as_str() + "\n"


def export(path: Path = SCHEMA_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return path
