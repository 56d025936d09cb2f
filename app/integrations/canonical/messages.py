"""One concern, or a list of them, in the canonical shape."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.errors import InvalidInput
from app.domain.intake import InboundConcern
from app.domain.validation import parsed
from app.integrations.json_body import loads

CHANNEL = "canonical.concern"
MAX_CONCERNS = 100


def translate(body: str) -> Sequence[InboundConcern]:
    document = loads(body)
    if isinstance(document, list):
        if not 1 <= len(document) <= MAX_CONCERNS:
            raise InvalidInput.field("#", f"Send between 1 and {MAX_CONCERNS} concerns at once.")
        return [parsed(InboundConcern, item, root=f"#/{n}") for n, item in enumerate(document)]
    return [parsed(InboundConcern, document)]
