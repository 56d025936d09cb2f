"""Reading a JSON message an adapter took in raw."""

from __future__ import annotations

import json
from typing import Any

from app.domain.errors import InvalidInput


def loads(body: str) -> Any:
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise InvalidInput.field(
            "#", f"The body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
