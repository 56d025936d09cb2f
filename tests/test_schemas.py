"""The JSON Schemas in schemas/json are what the input models accept today."""

import json

from app.schemas import SCHEMAS_DIR, render


def test_committed_json_schemas_are_current() -> None:
    expected = render()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS_DIR.glob("*.schema.json")}
    stale = sorted(n for n in expected if on_disk.get(n) != expected[n])
    extra = sorted(set(on_disk) - set(expected))
    assert (stale, extra) == ([], []), "run `girfec export-schemas`"


def test_a_schema_refuses_unknown_fields_like_the_api() -> None:
    concern = json.loads(render()["concern.schema.json"])
    assert concern["additionalProperties"] is False
    assert "child_id" in concern["required"]
