"""Reference data files shipped with the service (territories of Moldova)."""

import json
import os
from pathlib import Path
from typing import Any

DATA = Path(os.environ.get("GIRFEC_REFERENCE_DIR", Path(__file__).parent / "data"))


def territories() -> list[dict[str, Any]]:
    data: dict[str, list[dict[str, Any]]] = json.loads(
        (DATA / "territories.json").read_text(encoding="utf-8")
    )
    return data["territories"]
