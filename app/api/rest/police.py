"""The police adapter: an incident report involving children, as NIEM-style XML or its JSON twin.

One route for both forms, chosen by Content-Type, so a police records system sends what it has;
both are kept in the inbox under their own channel and translated into the same concerns."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from app.api.adapter_shell import media_type, raw_text, request_id, session_factory
from app.api.raw_body import raw_body
from app.api.rest.deps import CurrentActor
from app.api.rest.intake import IntakeAnswer, answer
from app.api.rest.responses import CREATE
from app.domain.errors import UnsupportedMediaType
from app.integrations.police import messages as police
from app.integrations.police.model import PoliceIncident
from app.services import intake as service

router = APIRouter(tags=["integrations"])

XML_TYPES = frozenset({"application/xml", "text/xml"})
JSON_TYPES = frozenset({"application/json"})

XML_EXAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<pi:IncidentReport xmlns:pi="urn:md:girfec:police:incident-report:1"
    xmlns:nc="urn:md:girfec:core:1" xmlns:j="urn:md:girfec:justice:1">
  <pi:Incident>
    <nc:ActivityIdentification><nc:IdentificationID>IP-CAL-2025-000317</nc:IdentificationID>
    </nc:ActivityIdentification>
    <nc:ActivityDateTime><nc:DateTime>2025-03-14T22:40:00+02:00</nc:DateTime></nc:ActivityDateTime>
    <j:IncidentCategoryCode>domestic_violence</j:IncidentCategoryCode>
    <nc:IncidentLocation>
      <nc:LocationTerritoryCode>calarasi</nc:LocationTerritoryCode>
      <nc:LocationLocalityCode>calarasi/calarasi</nc:LocationLocalityCode>
    </nc:IncidentLocation>
  </pi:Incident>
  <pi:InvolvedChild>
    <nc:PersonSystemIdentification><nc:IdentificationID>PERS-88120</nc:IdentificationID>
    </nc:PersonSystemIdentification>
    <nc:PersonName><nc:PersonGivenName>Mihaela</nc:PersonGivenName>
      <nc:PersonSurName>Țurcan</nc:PersonSurName></nc:PersonName>
    <nc:PersonBirthDate><nc:Date>2013-06-02</nc:Date></nc:PersonBirthDate>
    <j:ChildRoleCode>witness</j:ChildRoleCode>
  </pi:InvolvedChild>
  <j:EnforcementUnit><nc:OrganizationName>IP Călărași</nc:OrganizationName></j:EnforcementUnit>
  <j:EnforcementOfficial><nc:PersonFullName>Vasile Țurcanu</nc:PersonFullName>
  </j:EnforcementOfficial>
</pi:IncidentReport>
"""


@router.post(
    "/integrations/police/incidents",
    status_code=status.HTTP_201_CREATED,
    summary="Report a police incident involving children (XML or JSON)",
    description="A police unit's records system reports an incident: domestic violence, a child "
    "missing or run away, a child in conflict with the law, a child victim or witness. Send "
    "`application/xml` (or `text/xml`) valid against `schemas/police/incident-report.xsd`, or "
    "`application/json` (`PoliceIncident`). Each child involved becomes a child-protection "
    "concern, referred at once to the guardianship authority on the child-protection exemption. "
    "The concern's external id is `<incident_id>/<person_id>`: the same incident sent again, in "
    "either form, returns what the first created (200, `duplicate`). The message is kept in the "
    "inbox before it is checked; XML with a DOCTYPE, entities or a schema location is refused "
    "(400 `/problems/unsafe-xml`), XML not valid against the schema is 422 with each element's "
    "`path`; another media type is 415.",
    responses=CREATE,
    openapi_extra=raw_body(
        {
            "application/xml": {
                "type": "string",
                "description": "An `pi:IncidentReport` (schemas/police/incident-report.xsd).",
            },
            "text/xml": {"type": "string"},
            "application/json": PoliceIncident,
        },
        description="The incident report, as XML or as JSON.",
        examples={"domestic-violence": {"summary": "One child, witness", "value": XML_EXAMPLE}},
    ),
)
async def report_incident(
    request: Request, actor: CurrentActor, response: Response
) -> IntakeAnswer:
    kind = media_type(request)
    if kind in XML_TYPES:
        channel, translate = police.XML_CHANNEL, police.translate_xml
    elif kind in JSON_TYPES:
        channel, translate = police.JSON_CHANNEL, police.translate_json
    else:
        raise UnsupportedMediaType(
            f"Send application/xml (or text/xml) or application/json, not {kind or 'nothing'}.",
            extra={"header": "Content-Type"},
        )
    outcome = await service.take_in(
        session_factory(request),
        actor,
        channel=channel,
        content_type=kind,
        body=await raw_text(request),
        translate=translate,
        request_id=request_id(request),
    )
    return answer(outcome, response)
