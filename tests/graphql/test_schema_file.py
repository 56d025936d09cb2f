"""The committed SDL is the schema the service serves."""

from __future__ import annotations

from app.api.graphql.export import SCHEMA_PATH, render


def test_committed_graphql_schema_is_current() -> None:
    on_disk = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
    assert on_disk == render(), "the GraphQL schema changed: run `girfec export-graphql`"
