"""Example messages of sector systems, kept in tests/fixtures/<sector>/: the tests push them and
the integration guides in docs/integrations/ quote them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


def text(sector: str, name: str) -> str:
    return (FIXTURES / sector / name).read_text(encoding="utf-8")


def document(sector: str, name: str) -> Any:
    return json.loads(text(sector, name))


def fhir(name: str, idnp: str) -> dict[str, Any]:
    """A FHIR example of tests/fixtures/fhir, about a child with this IDNP."""
    return dict(json.loads(text("fhir", f"{name}.json").replace("IDNP_PLACEHOLDER", idnp)))
