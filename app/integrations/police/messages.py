"""The police adapter's two channels: the XML report and its JSON twin, both translated into the
same concerns (so the same incident sent in either form is one incident: the second is a
repeat)."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.intake import InboundConcern
from app.domain.validation import parsed
from app.integrations.json_body import loads
from app.integrations.police import xml
from app.integrations.police.mapping import concerns_of
from app.integrations.police.model import PoliceIncident

XML_CHANNEL = "police.xml"
JSON_CHANNEL = "police.json"


def translate_xml(body: str) -> Sequence[InboundConcern]:
    # A field the schema lets through but the model refuses (an IDNP with a wrong check digit,
    # a birth date in the future) is pointed at in the JSON form's terms.
    return concerns_of(parsed(PoliceIncident, xml.read(body)))


def translate_json(body: str) -> Sequence[InboundConcern]:
    return concerns_of(parsed(PoliceIncident, loads(body)))
