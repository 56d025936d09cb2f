"""The JSON Schemas in schemas/json are what the input models accept today."""

import json

from app.schemas import EVENTS_DIR, SCHEMAS_DIR, render, render_events


def test_committed_json_schemas_are_current() -> None:
    expected = render()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS_DIR.glob("*.schema.json")}
    stale = sorted(n for n in expected if on_disk.get(n) != expected[n])
    extra = sorted(set(on_disk) - set(expected))
    assert (stale, extra) == ([], []), "run `girfec export-schemas`"


def test_committed_status_event_schemas_are_current() -> None:
    expected = render_events()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in EVENTS_DIR.glob("*.schema.json")}
    stale = sorted(n for n in expected if on_disk.get(n) != expected[n])
    extra = sorted(set(on_disk) - set(expected))
    assert (stale, extra) == ([], []), "run `girfec export-schemas`"


def test_a_status_event_schema_is_closed_and_names_no_free_text() -> None:
    closed = json.loads(render_events()["case.closed.schema.json"])
    assert closed["additionalProperties"] is False
    assert "note" not in closed["properties"]
    assert set(closed["required"]) >= {"case_id", "child_id", "occurred_at"}


def test_a_schema_refuses_unknown_fields_like_the_api() -> None:
    concern = json.loads(render()["concern.schema.json"])
    assert concern["additionalProperties"] is False
    assert "child_id" in concern["required"]
