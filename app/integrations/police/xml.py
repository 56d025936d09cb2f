"""Reading the XML incident report safely, and validating it against our XSD.

The order matters. The body is parsed by `defusedxml` with DTDs, entity declarations and external
references forbidden, so a DOCTYPE, an external entity (XXE) or an entity bomb (billion laughs)
is refused before anything is expanded or fetched. A message that names a schema to validate it
against (`xsi:schemaLocation`, `xsi:noNamespaceSchemaLocation`) is refused too: it is validated
against our schema only. The schema files are loaded from `schemas/police/` with `xmlschema` in
its sandbox (imports only from that folder), and the parsed message is handed to it as a resource
that may reach nothing (`allow="none"`), without location hints: no validation step opens a file
or a socket.

Errors point at the element by its path in the message (`/pi:IncidentReport/pi:InvolvedChild[2]/
nc:PersonIDNP`), with the exchange's prefixes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import xmlschema
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring as safe_fromstring

from app.domain.errors import FieldError, InvalidInput, UnsafeXml

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schemas" / "police"
SCHEMA_FILE = SCHEMA_DIR / "incident-report.xsd"

PI = "urn:md:girfec:police:incident-report:1"
NC = "urn:md:girfec:core:1"
J = "urn:md:girfec:justice:1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PREFIXES = {PI: "pi", NC: "nc", J: "j"}
LOCATION_HINTS = {f"{{{XSI}}}schemaLocation", f"{{{XSI}}}noNamespaceSchemaLocation"}
MAX_ERRORS = 20


@cache
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA_FILE), allow="sandbox", defuse="always")


def parse_safely(body: str) -> Element:
    """The document's root, or a refusal of anything that could expand or fetch."""
    try:
        root: Element = safe_fromstring(
            body.encode("utf-8"), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DTDForbidden as exc:
        where = f" (external DTD {exc.sysid!r})" if exc.sysid else ""
        raise UnsafeXml.at(
            "#",
            f"A DOCTYPE declaration{where} is refused: send the report without a DTD. Entity "
            "declarations, internal or external, are never expanded.",
        ) from exc
    except (EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise UnsafeXml.at("#", "Entity declarations and external references are refused.") from exc
    except ParseError as exc:
        line, column = exc.position
        raise InvalidInput.field(
            "#", f"The body is not well-formed XML: {exc.msg} (line {line}, column {column})."
        ) from exc
    for element in root.iter():
        for name in element.attrib:
            if name in LOCATION_HINTS:
                raise UnsafeXml.at(
                    path_of(root, element) + "/@xsi:" + name.split("}", 1)[1],
                    "Schema location hints are refused: the report is validated against the "
                    "service's own schema (schemas/police/incident-report.xsd) only.",
                )
    return root


def _qualified(tag: str) -> str:
    if tag.startswith("{"):
        namespace, local = tag[1:].split("}", 1)
        prefix = PREFIXES.get(namespace)
        return f"{prefix}:{local}" if prefix else f"{{{namespace}}}{local}"
    return tag


def path_of(root: Element, target: Element) -> str:
    """`/pi:IncidentReport/pi:InvolvedChild[2]/nc:PersonIDNP`: a position only where siblings
    share the name."""
    trail: list[str] = []

    def walk(element: Element, path: list[str]) -> bool:
        if element is target:
            trail.extend(path)
            return True
        for child in element:
            same = [c for c in element if c.tag == child.tag]
            step = _qualified(child.tag)
            if len(same) > 1:
                step += f"[{same.index(child) + 1}]"
            if walk(child, [*path, step]):
                return True
        return False

    walk(root, [_qualified(root.tag)])
    return "/" + "/".join(trail) if trail else "/" + _qualified(root.tag)


def validate(root: Element) -> None:
    """Against the XSD; every error (up to 20) with its element's path."""
    resource = xmlschema.XMLResource(root, allow="none", defuse="always")
    errors: list[FieldError] = []
    for error in schema().iter_errors(resource, use_location_hints=False):
        element = error.elem if isinstance(error.elem, Element) else None
        where = path_of(root, element) if element is not None else (error.path or "/")
        errors.append(FieldError(where, error.reason or str(error.message), "schema"))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        first = errors[0]
        raise InvalidInput(
            f"{len(errors)} schema error(s); first: {first.pointer}: {first.detail}",
            errors=errors,
        )


def _text(element: Element | None, path: str) -> str | None:
    found = element.find(path, PREFIXES_BY_NAME) if element is not None else None
    return found.text.strip() if found is not None and found.text else None


PREFIXES_BY_NAME = {prefix: namespace for namespace, prefix in PREFIXES.items()}


def _name(person: Element) -> dict[str, Any]:
    return {
        "given_name": _text(person, "nc:PersonName/nc:PersonGivenName"),
        "family_name": _text(person, "nc:PersonName/nc:PersonSurName"),
    }


def document_of(root: Element) -> dict[str, Any]:
    """The validated report as the JSON form's fields (`PoliceIncident`)."""
    incident = root.find("pi:Incident", PREFIXES_BY_NAME)
    unit = root.find("j:EnforcementUnit", PREFIXES_BY_NAME)
    officer = root.find("j:EnforcementOfficial", PREFIXES_BY_NAME)
    document: dict[str, Any] = {
        "incident_id": _text(incident, "nc:ActivityIdentification/nc:IdentificationID"),
        "occurred_at": _text(incident, "nc:ActivityDateTime/nc:DateTime"),
        "kind": _text(incident, "j:IncidentCategoryCode"),
        "place": {
            "territory_code": _text(incident, "nc:IncidentLocation/nc:LocationTerritoryCode"),
            "locality_code": _text(incident, "nc:IncidentLocation/nc:LocationLocalityCode"),
            "description": _text(incident, "nc:IncidentLocation/nc:LocationDescriptionText"),
        },
        "children": [
            {
                "person_id": _text(child, "nc:PersonSystemIdentification/nc:IdentificationID"),
                "idnp": _text(child, "nc:PersonIDNP"),
                **_name(child),
                "patronymic": _text(child, "nc:PersonName/nc:PersonMiddleName"),
                "birth_date": _text(child, "nc:PersonBirthDate/nc:Date"),
                "sex": _text(child, "nc:PersonSexCode") or "unknown",
                "role": _text(child, "j:ChildRoleCode"),
            }
            for child in root.findall("pi:InvolvedChild", PREFIXES_BY_NAME)
        ],
        "adults": [
            {
                **_name(adult),
                "relationship": _text(adult, "j:PersonRelationshipToChildCode"),
                "role": _text(adult, "j:AdultRoleCode"),
            }
            for adult in root.findall("pi:InvolvedAdult", PREFIXES_BY_NAME)
        ],
        "reporting_unit": {
            "name": _text(unit, "nc:OrganizationName"),
            "id": _text(unit, "nc:OrganizationIdentification/nc:IdentificationID"),
        },
        "officer": {
            "name": _text(officer, "nc:PersonFullName"),
            "badge": _text(officer, "j:EnforcementOfficialBadgeID"),
        },
        "narrative": _text(root, "j:IncidentNarrativeText"),
    }
    return document


def read(body: str) -> dict[str, Any]:
    """Parse safely, validate, and read the report's fields."""
    root = parse_safely(body)
    validate(root)
    return document_of(root)
