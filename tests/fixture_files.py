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
