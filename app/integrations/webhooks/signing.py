"""Standard Webhooks signatures: `webhook-id`, `webhook-timestamp`, `webhook-signature`."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from standardwebhooks import Webhook


def body(type_: str, occurred_at: datetime, data: dict[str, Any]) -> str:
    """The payload Standard Webhooks recommends: `type`, `timestamp` (when the event happened)
    and `data`. Serialised once and signed as sent, byte for byte."""
    document = {
        "type": type_,
        "timestamp": occurred_at.isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def headers(msg_id: str, sent_at: datetime, payload: str, secrets: list[str]) -> dict[str, str]:
    """One `v1,` signature per secret, space-separated: during a rotation the receiver may hold
    either secret, and the specification lets it accept any signature that verifies."""
    signatures = [Webhook(s).sign(msg_id, sent_at, payload) for s in secrets]
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": " ".join(signatures),
        "content-type": "application/json",
    }
