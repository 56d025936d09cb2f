"""Every adapter's translation, by the channel name kept with each inbox message, so a failed
message can be corrected and processed again by the adapter that took it in."""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.errors import Conflict
from app.integrations.canonical import messages as canonical
from app.integrations.fhir import referral_request as fhir
from app.integrations.hl7v2 import messages as hl7v2
from app.integrations.police import messages as police
from app.integrations.school import concerns as school_concerns
from app.services.intake import Translate

CHANNELS: Mapping[str, Translate] = {
    canonical.CHANNEL: canonical.translate,
    fhir.TRANSACTION_CHANNEL: fhir.translate_transaction,
    fhir.SERVICE_REQUEST_CHANNEL: fhir.translate_service_request,
    school_concerns.CHANNEL: school_concerns.translate,
    police.XML_CHANNEL: police.translate_xml,
    police.JSON_CHANNEL: police.translate_json,
    hl7v2.CHANNEL: hl7v2.translate,
}


def translator(channel: str) -> Translate:
    found = CHANNELS.get(channel)
    if found is None:
        raise Conflict(f"Messages of channel {channel!r} cannot be processed again here.")
    return found
