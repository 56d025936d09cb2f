"""What this service answers in FHIR R4: the Patient and ServiceRequest a clinic's referral
created (as much as the clinic may know of them), Task per referral (as the Gravity Project's
SDOH referral-management Task), the transaction-response, searchset Bundles, OperationOutcome
and the CapabilityStatement. Each is built as a fhir.resources model, so it is a valid resource,
with codes taken from `codes`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from app.domain.concerns import ConcernStatus
from app.domain.deadlines import utcnow
from app.domain.referrals import ReferralStatus
from app.domain.vocabulary import Sex, Urgency
from app.integrations.fhir import codes
from app.persistence.tables.children import Child
from app.persistence.tables.concerns import Concern
from app.services.referral_progress import Progress


def instant(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def _json(model: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return dumped


# ---- OperationOutcome ------------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    severity: str
    code: str
    diagnostics: str
    expression: str | None = None


def operation_outcome(issues: Sequence[Issue]) -> dict[str, Any]:
    return _json(
        OperationOutcome.model_validate(
            {
                "resourceType": "OperationOutcome",
                "issue": [
                    {
                        "severity": i.severity,
                        "code": i.code,
                        "diagnostics": i.diagnostics,
                        **({"expression": [i.expression]} if i.expression else {}),
                    }
                    for i in issues
                ],
            }
        )
    )


# ---- Patient and ServiceRequest: what a clinic's referral created ---------------------------


def patient(child: Child, identifiers: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The child as the clinic may know them: the IDNP, the identifiers it gave us itself, the
    name, birth date and gender — no address, family or other sector's ids."""
    found = [{"system": codes.IDNP_SYSTEM, "value": child.idnp}] if child.idnp else []
    found += [{"system": system, "value": value} for system, value in identifiers]
    given = [child.given_name, *([child.patronymic] if child.patronymic else [])]
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(child.id),
        "meta": {"lastUpdated": instant(child.updated_at)},
        "name": [{"use": "official", "family": child.family_name, "given": given}],
        "gender": codes.SEX_GENDER[Sex(child.sex)],
        "birthDate": child.birth_date.isoformat(),
    }
    if found:
        resource["identifier"] = found
    return _json(Patient.model_validate(resource))


def service_request(concern: Concern, indicators: Sequence[str]) -> dict[str, Any]:
    """Our concern as the ServiceRequest it was read from: the clinic's identifier, our status
    and urgency in FHIR's codes, the indicators and risk category, the description."""
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": str(concern.id),
        "meta": {"lastUpdated": instant(concern.updated_at)},
        "status": codes.REQUEST_STATUS_OF[ConcernStatus(concern.status)],
        "intent": "order",
        "priority": codes.URGENCY_PRIORITY[Urgency(concern.urgency)],
        "subject": {"reference": f"Patient/{concern.child_id}"},
        "requester": {"reference": f"Organization/{concern.organisation_id}"},
        "authoredOn": instant(concern.observed_at),
    }
    if concern.external_id:
        resource["identifier"] = [
            {
                "value": concern.external_id,
                "assigner": {"reference": f"Organization/{concern.organisation_id}"},
            }
        ]
    if indicators:
        resource["category"] = [
            {"coding": [{"system": codes.INDICATOR_SYSTEM, "code": code} for code in indicators]}
        ]
    if concern.risk_category:
        resource["reasonCode"] = [
            {"coding": [{"system": codes.RISK_CATEGORY_SYSTEM, "code": concern.risk_category}]}
        ]
    if concern.description:
        resource["note"] = [{"text": concern.description}]
    return _json(ServiceRequest.model_validate(resource))


# ---- Task ------------------------------------------------------------------------------------


def task_status(progress: Progress) -> str:
    if progress.status is ReferralStatus.ACCEPTED and progress.case_stage is not None:
        return codes.CASE_TASK_STATUS[progress.case_stage]
    return codes.TASK_STATUS_OF[progress.status]


def business_status(progress: Progress) -> tuple[str, str]:
    if progress.status is ReferralStatus.ACCEPTED and progress.case_stage is not None:
        code = f"case-{progress.case_stage.value}"
    else:
        code = f"referral-{progress.status.value}"
    return code, codes.BUSINESS_STATUS[code]


def task(progress: Progress) -> dict[str, Any]:
    referral = progress.referral
    status = task_status(progress)
    code, display = business_status(progress)
    resource: dict[str, Any] = {
        "resourceType": "Task",
        "id": str(referral.id),
        "meta": {"lastUpdated": instant(progress.last_modified)},
        "status": status,
        "businessStatus": {
            "coding": [{"system": codes.BUSINESS_STATUS_SYSTEM, "code": code, "display": display}],
            "text": display,
        },
        "intent": "order",
        "priority": codes.URGENCY_PRIORITY[Urgency(referral.urgency)],
        "focus": {"reference": f"ServiceRequest/{referral.concern_id}"},
        "for": {"reference": f"Patient/{referral.child_id}"},
        "authoredOn": instant(referral.created_at),
        "lastModified": instant(progress.last_modified),
        "requester": {"reference": f"Organization/{referral.from_organisation_id}"},
        "owner": {"reference": f"Organization/{referral.to_organisation_id}"},
    }
    if status in {"rejected", "cancelled"} and referral.response_reason:
        resource["statusReason"] = {"text": referral.response_reason}
    if referral.redirected_to_id is not None:
        resource["output"] = [
            {
                "type": {"coding": [{"system": codes.OUTPUT_SYSTEM, "code": "redirected-to"}]},
                "valueReference": {"reference": f"Task/{referral.redirected_to_id}"},
            }
        ]
    return _json(Task.model_validate(resource))


def searchset(tasks: Sequence[dict[str, Any]], base: str, next_url: str | None) -> dict[str, Any]:
    links = [{"relation": "self", "url": base}]
    if next_url:
        links.append({"relation": "next", "url": next_url})
    return _json(
        Bundle.model_validate(
            {
                "resourceType": "Bundle",
                "type": "searchset",
                "meta": {"lastUpdated": instant(utcnow())},
                "link": links,
                "entry": [
                    {
                        "fullUrl": f"Task/{t['id']}",
                        "resource": t,
                        "search": {"mode": "match"},
                    }
                    for t in tasks
                ],
            }
        )
    )


# ---- transaction-response --------------------------------------------------------------------


@dataclass(frozen=True)
class EntryAnswer:
    status: str
    location: str | None = None
    last_modified: datetime | None = None
    note: str | None = None
    """Said in the entry's outcome (an OperationOutcome)."""
    severity: str = "information"
    """`warning` when nothing was taken from the entry: the sender may have meant it to count."""


def transaction_response(answers: Sequence[EntryAnswer]) -> dict[str, Any]:
    entries = []
    for answer in answers:
        response: dict[str, Any] = {"status": answer.status}
        if answer.location:
            response["location"] = answer.location
        if answer.last_modified:
            response["lastModified"] = instant(answer.last_modified)
        if answer.note:
            response["outcome"] = operation_outcome(
                [Issue(answer.severity, "informational", answer.note)]
            )
        entries.append({"response": response})
    return _json(
        Bundle.model_validate(
            {"resourceType": "Bundle", "type": "transaction-response", "entry": entries}
        )
    )


# ---- CapabilityStatement ---------------------------------------------------------------------

SECURITY = (
    "OAuth 2.0 client credentials (RFC 6749 section 4.4): a clinic's system gets a bearer token "
    "at /oauth/token (client secret or private_key_jwt) with the scopes concerns:write (to "
    "send referrals), status:read (to poll Tasks), children:read and concerns:read (to read "
    "the Patient and ServiceRequest a referral created), and sends Authorization: Bearer <token>."
)


def capability_statement(token_url: str) -> dict[str, Any]:
    search = [
        {
            "name": name,
            "type": kind,
            **(
                {"documentation": codes.SEARCH_DOCUMENTATION[name]}
                if name in codes.SEARCH_DOCUMENTATION
                else {}
            ),
        }
        for name, kind in codes.SEARCH_PARAMETERS.items()
    ]
    return _json(
        CapabilityStatement.model_validate(
            {
                "resourceType": "CapabilityStatement",
                "id": "girfec",
                "status": "active",
                "date": "2026-11-23",
                "publisher": "Getting it right — TOGETHER — for every child",
                "kind": "instance",
                "software": {"name": "girfec", "version": "1.0.0"},
                "implementation": {
                    "description": "Clinics' referrals to the guardianship "
                    "authority, and their progress as Tasks"
                },
                "fhirVersion": codes.FHIR_VERSION,
                "format": ["json", codes.MEDIA_TYPE],
                "rest": [
                    {
                        "mode": "server",
                        "security": {
                            "service": [
                                {
                                    "coding": [
                                        {
                                            "system": "http://terminology.hl7.org/CodeSystem/"
                                            "restful-security-service",
                                            "code": "OAuth",
                                        }
                                    ]
                                }
                            ],
                            "description": SECURITY,
                            "extension": [
                                {
                                    "url": "http://fhir-registry.smarthealthit.org/"
                                    "StructureDefinition/oauth-uris",
                                    "extension": [{"url": "token", "valueUri": token_url}],
                                }
                            ],
                        },
                        "resource": [
                            {
                                "type": "Patient",
                                "interaction": [{"code": "read"}],
                                "documentation": "The child a referral is about, as far as "
                                "you may know them: the IDNP, your own identifiers, name, birth "
                                "date, gender.",
                            },
                            {
                                "type": "ServiceRequest",
                                "interaction": [{"code": "create"}, {"code": "read"}],
                                "documentation": "A referral to the guardianship authority; "
                                "read into a concern and its referral. Read back (its id is "
                                "the concern's) by the organisation that sent it only.",
                            },
                            {
                                "type": "Task",
                                "interaction": [{"code": "read"}, {"code": "search-type"}],
                                "searchParam": search,
                                "documentation": "One per referral, for its requester only.",
                            },
                        ],
                        "interaction": [{"code": "transaction"}],
                    }
                ],
            }
        )
    )
