"""The committed OpenAPI document is what the app serves, and every operation is documented."""

import json

from app.cli import OPENAPI_PATH, openapi_document


def test_committed_openapi_is_current() -> None:
    current = openapi_document()
    committed = OPENAPI_PATH.read_text(encoding="utf-8") if OPENAPI_PATH.exists() else ""
    assert committed == current, "openapi/openapi.json is stale: run `girfec export-openapi`"


def test_every_operation_has_summary_description_tag_and_errors() -> None:
    spec = json.loads(openapi_document())
    missing = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            where = f"{method.upper()} {path}"
            if not op.get("summary"):
                missing.append(f"{where}: summary")
            if not op.get("description"):
                missing.append(f"{where}: description")
            if not op.get("tags"):
                missing.append(f"{where}: tags")
            if path.startswith("/api/") and not any(c.startswith("4") for c in op["responses"]):
                missing.append(f"{where}: error responses")
    assert missing == []
