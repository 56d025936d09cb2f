"""The FHIR resources of /fhir/r4 as OpenAPI documents them: loose models (any element is
allowed; fhir.resources validates the real thing) carrying examples of what is sent and
answered. The full examples are the test fixtures, quoted in docs/integrations/health-fhir.md."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict
from pydantic.config import JsonDict

PATIENT = "urn:uuid:6f1c3a52-2b8e-4d4e-9a71-0c6e5d3b2a10"
SERVICE_REQUEST: JsonDict = {
    "resourceType": "ServiceRequest",
    "identifier": [{"system": "urn:oid:1.2.498.1.7.2", "value": "CS-CAL-2025-001207"}],
    "status": "active",
    "intent": "order",
    "priority": "urgent",
    "category": [
        {
            "coding": [
                {
                    "system": "https://girfec.md/fhir/CodeSystem/wellbeing-indicator",
                    "code": "healthy",
                }
            ]
        }
    ],
    "subject": {"reference": PATIENT},
    "authoredOn": "2025-03-10T11:20:00+02:00",
    "note": [{"text": "Vaccinări restante și scădere în greutate."}],
}
TRANSACTION: JsonDict = {
    "resourceType": "Bundle",
    "type": "transaction",
    "entry": [
        {
            "fullUrl": PATIENT,
            "resource": {
                "resourceType": "Patient",
                "identifier": [
                    {"system": "https://girfec.md/fhir/sid/idnp", "value": "2014003012345"}
                ],
                "name": [{"family": "Rusu", "given": ["Ana"]}],
                "gender": "female",
                "birthDate": "2014-03-01",
            },
            "request": {"method": "POST", "url": "Patient"},
        },
        {"resource": SERVICE_REQUEST, "request": {"method": "POST", "url": "ServiceRequest"}},
    ],
}
TRANSACTION_RESPONSE: JsonDict = {
    "resourceType": "Bundle",
    "type": "transaction-response",
    "entry": [
        {
            "response": {
                "status": "201 Created",
                "location": "Patient/7c0e1f3a-1d2b-4c5e-8f90-a1b2c3d4e5f6",
            }
        },
        {
            "response": {
                "status": "201 Created",
                "location": "ServiceRequest/0c4a7b9e-1f2d-4e5a-8b6c-7d8e9f0a1b2c",
            }
        },
    ],
}
TASK: JsonDict = {
    "resourceType": "Task",
    "id": "799f002a-4f51-460a-9a39-cd0d7eac0ea5",
    "status": "accepted",
    "businessStatus": {
        "coding": [
            {
                "system": "https://girfec.md/fhir/CodeSystem/referral-business-status",
                "code": "case-initial_assessment",
                "display": "Case: initial assessment",
            }
        ]
    },
    "intent": "order",
    "focus": {"reference": "ServiceRequest/0c4a7b9e-1f2d-4e5a-8b6c-7d8e9f0a1b2c"},
    "for": {"reference": "Patient/7c0e1f3a-1d2b-4c5e-8f90-a1b2c3d4e5f6"},
    "authoredOn": "2025-03-10T09:20:05Z",
    "lastModified": "2025-03-11T08:05:00Z",
    "requester": {"reference": "Organization/2b9d4f61-3a5c-4e7d-9f8a-1b2c3d4e5f60"},
    "owner": {"reference": "Organization/5d7f9b13-6c8e-4a0b-b2d4-6e8f0a2c4e61"},
}
SEARCHSET: JsonDict = {
    "resourceType": "Bundle",
    "type": "searchset",
    "link": [{"relation": "self", "url": "/fhir/r4/Task?_lastUpdated=gt2025-03-11T00:00:00Z"}],
    "entry": [{"fullUrl": "Task/799f002a-4f51-460a-9a39-cd0d7eac0ea5", "resource": TASK}],
}
PATIENT_READ: JsonDict = {
    "resourceType": "Patient",
    "id": "7c0e1f3a-1d2b-4c5e-8f90-a1b2c3d4e5f6",
    "meta": {"lastUpdated": "2026-11-10T09:20:05Z"},
    "identifier": [
        {"system": "https://girfec.md/fhir/sid/idnp", "value": "2014003012345"},
        {"system": "urn:oid:1.2.498.1.7.1", "value": "FM-88213"},
    ],
    "name": [{"use": "official", "family": "Rusu", "given": ["Ana"]}],
    "gender": "female",
    "birthDate": "2014-03-01",
}
SERVICE_REQUEST_READ: JsonDict = {
    "resourceType": "ServiceRequest",
    "id": "0c4a7b9e-1f2d-4e5a-8b6c-7d8e9f0a1b2c",
    "meta": {"lastUpdated": "2026-11-10T09:20:05Z"},
    "identifier": [
        {
            "value": "CS-CAL-2025-001207",
            "assigner": {"reference": "Organization/2b9d4f61-3a5c-4e7d-9f8a-1b2c3d4e5f60"},
        }
    ],
    "status": "active",
    "intent": "order",
    "priority": "urgent",
    "category": [
        {
            "coding": [
                {
                    "system": "https://girfec.md/fhir/CodeSystem/wellbeing-indicator",
                    "code": "healthy",
                }
            ]
        }
    ],
    "subject": {"reference": "Patient/7c0e1f3a-1d2b-4c5e-8f90-a1b2c3d4e5f6"},
    "requester": {"reference": "Organization/2b9d4f61-3a5c-4e7d-9f8a-1b2c3d4e5f60"},
    "authoredOn": "2026-11-10T09:20:00Z",
    "note": [{"text": "Vaccinări restante și scădere în greutate."}],
}
CAPABILITY: JsonDict = {
    "resourceType": "CapabilityStatement",
    "status": "active",
    "kind": "instance",
    "fhirVersion": "4.0.1",
    "format": ["json"],
    "date": "2026-11-23",
    "rest": [{"mode": "server"}],
}


class _Resource(BaseModel):
    model_config = ConfigDict(extra="allow")


class FhirBundle(_Resource):
    """A FHIR R4 Bundle."""

    model_config = ConfigDict(
        extra="allow", json_schema_extra={"examples": [TRANSACTION, TRANSACTION_RESPONSE]}
    )
    resourceType: Literal["Bundle"]  # noqa: N815 (FHIR names it so)


class FhirSearchset(_Resource):
    """A FHIR R4 searchset Bundle of Tasks."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [SEARCHSET]})
    resourceType: Literal["Bundle"]  # noqa: N815 (FHIR names it so)


class FhirServiceRequest(_Resource):
    """A FHIR R4 ServiceRequest."""

    model_config = ConfigDict(
        extra="allow", json_schema_extra={"examples": [SERVICE_REQUEST, SERVICE_REQUEST_READ]}
    )
    resourceType: Literal["ServiceRequest"]  # noqa: N815 (FHIR names it so)


class FhirPatient(_Resource):
    """A FHIR R4 Patient: the child, as far as the reader may know them."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [PATIENT_READ]})
    resourceType: Literal["Patient"]  # noqa: N815 (FHIR names it so)


class FhirTask(_Resource):
    """A FHIR R4 Task: one referral, as its requester follows it."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [TASK]})
    resourceType: Literal["Task"]  # noqa: N815 (FHIR names it so)


class FhirCapabilityStatement(_Resource):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [CAPABILITY]})
    resourceType: Literal["CapabilityStatement"]  # noqa: N815 (FHIR names it so)
