"""HL7 FHIR R4 (4.0.1) for clinics, under /fhir/r4: a referral sent as a transaction Bundle or a
ServiceRequest becomes a concern and its referral (through the intake, so the raw message is kept
in the inbox first); each referral can then be followed as a Task. Translation lives in
`app.integrations.fhir`; the rules in the services."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from app.api.adapter_shell import media_type, raw_text, request_id, session_factory
from app.api.fhir.documents import (
    FhirBundle,
    FhirCapabilityStatement,
    FhirPatient,
    FhirSearchset,
    FhirServiceRequest,
    FhirTask,
)
from app.api.fhir.errors import UnsupportedMediaType
from app.api.raw_body import raw_body
from app.api.rest.deps import CurrentActor, Uow
from app.domain.cases import CaseStage
from app.domain.errors import DomainError, InvalidInput, NotFound
from app.domain.intake import MatchMethod
from app.domain.referrals import ReferralStatus
from app.integrations.fhir import codes
from app.integrations.fhir import referral_request as fhir_in
from app.integrations.fhir import resources as fhir_out
from app.integrations.fhir import search as fhir_search
from app.integrations.fhir.expressions import relocated
from app.integrations.fhir.search import InvalidSearch
from app.persistence.paging import PageRequest, decode_cursor, encode_cursor
from app.services import children as children_service
from app.services import concerns as concern_service
from app.services import intake
from app.services import referral_progress as progress_service

router = APIRouter(prefix="/fhir/r4", tags=["fhir"])

ACCEPTED_MEDIA = {codes.MEDIA_TYPE, "application/json"}
MAX_COUNT = 100


def fhir_json(body: dict[str, Any], status: int = 200, **headers: str) -> JSONResponse:
    return JSONResponse(
        body, status_code=status, media_type=codes.ANSWER_MEDIA_TYPE, headers=headers or None
    )


async def _take_in(
    request: Request, actor: Any, root: str
) -> tuple[fhir_in.ReferralRequest, intake.Outcome]:
    if media_type(request) not in ACCEPTED_MEDIA:
        raise UnsupportedMediaType(f"Send {codes.MEDIA_TYPE} (or application/json).")
    body = await raw_text(request)
    channel = fhir_in.TRANSACTION_CHANNEL if root == "Bundle" else fhir_in.SERVICE_REQUEST_CHANNEL
    translate = (
        fhir_in.translate_transaction if root == "Bundle" else fhir_in.translate_service_request
    )
    try:
        outcome = await intake.take_in(
            session_factory(request),
            actor,
            channel=channel,
            content_type=codes.MEDIA_TYPE,
            body=body,
            translate=translate,
            request_id=request_id(request),
        )
    except InvalidInput as exc:
        # A refusal from the services points into the canonical concern: point it at the
        # element the value came from.
        read = fhir_in.layout(body, root)
        raise (relocated(exc, read.places) if read else exc) from None
    read = fhir_in.layout(body, root)
    assert read is not None  # it was taken in, so it reads
    return read, outcome


_NOTES: dict[fhir_in.Use, str] = {
    fhir_in.Use.FOLDED: "This {kind} was folded into the concern's description (the "
    "ServiceRequest references it); it is not stored as a resource.",
    fhir_in.Use.EMPTY: "The ServiceRequest references this {kind}, but it carries no text to "
    "read (code.text or a coding's display, or a value): nothing was taken from it.",
    fhir_in.Use.CONSENT: "Recorded as the referral's legal basis (the family's consent), not "
    "stored as a Consent resource.",
    fhir_in.Use.CONSENT_NOT_NEEDED: "Not needed and not recorded: the request's priority is stat, "
    "so the referral rests on the child-protection exemption (Law 140/2013), not on consent.",
    fhir_in.Use.IGNORED: "Ignored: nothing was taken from this {kind}. Only the ServiceRequest's "
    "subject, the Condition and Observation entries it references (reasonReference, "
    "supportingInfo) and the Consent it references from supportingInfo are read.",
}
"""What the answer says of an entry that is neither the child nor the request."""
_UNREAD = frozenset({fhir_in.Use.EMPTY, fhir_in.Use.IGNORED})
"""Entries nothing was taken from: a warning, as the sender may have meant them to count."""


def _answers(read: fhir_in.ReferralRequest, outcome: intake.Outcome) -> list[fhir_out.EntryAnswer]:
    (taken,) = outcome.taken
    created = "200 OK" if taken.replayed else "201 Created"
    answers = []
    for entry in read.entries:
        use = read.use_of(entry)
        if use is fhir_in.Use.PATIENT:
            new = taken.match is MatchMethod.NEW and not taken.replayed
            answers.append(
                fhir_out.EntryAnswer(
                    "201 Created" if new else "200 OK",
                    f"Patient/{taken.child.id}",
                    taken.child.updated_at,
                    None
                    if new
                    else "The child was already known to us; no one new was registered.",
                )
            )
        elif use is fhir_in.Use.REQUEST:
            referral = taken.referral
            follow = f" Follow the referral as Task/{referral.id}." if referral else ""
            answers.append(
                fhir_out.EntryAnswer(
                    created,
                    f"ServiceRequest/{taken.concern.id}",
                    taken.concern.updated_at,
                    (
                        "Already taken in: this is what the first request created."
                        if taken.replayed
                        else "Recorded as a concern and referred to the guardianship authority."
                    )
                    + follow,
                )
            )
        else:
            note = _NOTES[use].format(kind=entry.resource_type)
            severity = "warning" if use in _UNREAD else "information"
            answers.append(fhir_out.EntryAnswer("200 OK", None, None, note, severity))
    return answers


TRANSACTION_DESCRIPTION = (
    "A transaction Bundle holding a Patient and a ServiceRequest (and the Condition, "
    "Observation and Consent entries the ServiceRequest references by `urn:uuid` fullUrl). It "
    "is kept in the inbox, then read into one concern and its referral to the guardianship "
    "authority. The answer is a transaction-response with one entry per entry sent, in order. "
    "Sending the same ServiceRequest.identifier again creates nothing (`200 OK` entries). See "
    "docs/integrations/health-fhir.md."
)


@router.post(
    "",
    summary="Send a referral as a FHIR transaction Bundle",
    description=TRANSACTION_DESCRIPTION,
    responses={200: {"model": FhirBundle, "description": "A transaction-response Bundle"}},
    openapi_extra=raw_body(
        {
            "application/json": FhirBundle,
            codes.MEDIA_TYPE: FhirBundle,
        },
        description="A FHIR R4 transaction Bundle.",
    ),
)
async def transaction(request: Request, actor: CurrentActor) -> JSONResponse:
    read, outcome = await _take_in(request, actor, "Bundle")
    return fhir_json(fhir_out.transaction_response(_answers(read, outcome)))


@router.post(
    "/ServiceRequest",
    summary="Send a referral as a FHIR ServiceRequest",
    description="A ServiceRequest alone: the child is `subject` as an identifier reference "
    "(IDNP system or your record number already linked) or a contained Patient; a consent is a "
    "contained Consent referenced from supportingInfo. 201 with the ServiceRequest and its "
    "Location; 200 when the same identifier was sent before.",
    status_code=201,
    responses={201: {"model": FhirServiceRequest, "description": "The ServiceRequest as recorded"}},
    openapi_extra=raw_body(
        {
            "application/json": FhirServiceRequest,
            codes.MEDIA_TYPE: FhirServiceRequest,
        },
        description="A FHIR R4 ServiceRequest.",
    ),
)
async def service_request(request: Request, actor: CurrentActor) -> JSONResponse:
    read, outcome = await _take_in(request, actor, "ServiceRequest")
    (taken,) = outcome.taken
    resource = read.request.resource.model_dump(mode="json", by_alias=True, exclude_none=True)
    resource["id"] = str(taken.concern.id)
    resource["meta"] = {"lastUpdated": fhir_out.instant(taken.concern.updated_at)}
    location = f"ServiceRequest/{taken.concern.id}"
    return fhir_json(resource, 200 if taken.replayed else 201, Location=location)


@router.get(
    "/metadata",
    summary="FHIR CapabilityStatement",
    description="What this FHIR server supports (R4, 4.0.1, JSON), and how to get a token.",
    responses={200: {"model": FhirCapabilityStatement, "description": "The CapabilityStatement"}},
)
async def metadata(request: Request) -> JSONResponse:
    issuer = request.app.state.settings.issuer.rstrip("/")
    return fhir_json(fhir_out.capability_statement(f"{issuer}/oauth/token"))


@router.get(
    "/Task/{task_id}",
    summary="Read a referral's Task",
    description="The Task of one referral your organisation made (its id is the referral's "
    "id); any other is 404.",
    responses={200: {"model": FhirTask, "description": "A Task"}},
)
async def read_task(uow: Uow, actor: CurrentActor, task_id: str) -> JSONResponse:
    found = await progress_service.progress_of(uow, actor, _id(task_id, "Task"))
    return fhir_json(fhir_out.task(found))


def _id(value: str, kind: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound(f"There is no {kind} {value}.") from None


@router.get(
    "/Patient/{patient_id}",
    summary="Read a child as a Patient",
    description="The child a referral is about (the `location` of the transaction-response's "
    "Patient entry; its id is our child's id), as far as your organisation may know them: the "
    "IDNP, the identifiers you gave us yourself, name, birth date and gender. A child the "
    "access policy does not show you is 404; a child merged into another is 404 naming it. "
    "The read is recorded in the access log.",
    responses={200: {"model": FhirPatient, "description": "A Patient"}},
)
async def read_patient(uow: Uow, actor: CurrentActor, patient_id: str) -> JSONResponse:
    child = await children_service.get_child(uow, actor, _id(patient_id, "Patient"))
    sent = await intake.identifiers_sent(uow, actor, child.id)
    return fhir_json(fhir_out.patient(child, sent))


@router.get(
    "/ServiceRequest/{service_request_id}",
    summary="Read a referral as the ServiceRequest it was sent as",
    description="The concern a referral created (the `location` of the transaction-response's "
    "ServiceRequest entry; its id is our concern's id): status, priority, your identifier, the "
    "indicators, risk category and description. Only the organisation that raised it reads it "
    "here; any other is 404. The read is recorded in the access log.",
    responses={200: {"model": FhirServiceRequest, "description": "A ServiceRequest"}},
)
async def read_service_request(
    uow: Uow, actor: CurrentActor, service_request_id: str
) -> JSONResponse:
    wanted = _id(service_request_id, "ServiceRequest")
    concern = await concern_service.get_concern(uow, actor, wanted)
    if concern.organisation_id != actor.organisation_id:
        # The access policy may show the concern for another reason (the same child); over FHIR
        # it is the sender's request, and only the sender follows it here.
        raise NotFound(f"There is no ServiceRequest {service_request_id}.")
    indicators = await concern_service.indicators(uow, [concern.id])
    return fhir_json(fhir_out.service_request(concern, indicators[concern.id]))


_TASK_STATES: dict[str, list[tuple[str, frozenset[str] | None]]] = {
    "requested": [(ReferralStatus.RECEIVED.value, None)],
    "received": [(ReferralStatus.RECEIVED.value, None)],
    "accepted": [(ReferralStatus.ACCEPTED.value, frozenset({CaseStage.INITIAL_ASSESSMENT.value}))],
    "in-progress": [
        (
            ReferralStatus.ACCEPTED.value,
            frozenset(s.value for s, t in codes.CASE_TASK_STATUS.items() if t == "in-progress"),
        )
    ],
    "completed": [(ReferralStatus.ACCEPTED.value, frozenset({CaseStage.CLOSED.value}))],
    "rejected": [(ReferralStatus.DECLINED.value, None), (ReferralStatus.REDIRECTED.value, None)],
    "cancelled": [(ReferralStatus.WITHDRAWN.value, None)],
}


def _states(status: str | None) -> list[tuple[str, frozenset[str] | None]] | None:
    if status is None:
        return None
    wanted: list[tuple[str, frozenset[str] | None]] = []
    for code in status.split(","):
        if code not in codes.TASK_STATUS:
            raise InvalidSearch.field(
                "status", f"{code!r} is not a TaskStatus code.", "code-invalid"
            )
        wanted.extend(_TASK_STATES.get(code, []))
    return wanted or [("none", None)]


def _uuid_reference(value: str | None, kind: str, name: str) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(value.removeprefix(f"{kind}/"))
    except ValueError:
        raise InvalidSearch.field(name, f"Give a reference like {kind}/<id>.", "value") from None


@router.get(
    "/Task",
    summary="Search the Tasks of your referrals",
    description="Your organisation's referrals as Tasks, newest first: `requester` (your "
    "organisation), `focus` (ServiceRequest/<id>), `status` (Task status codes, comma-"
    "separated), `_lastUpdated` with the prefix gt, ge, lt, le or eq (none is eq) and an "
    "instant with its zone or a day (UTC), repeatable for a window — `gt<instant>` polls for "
    "what changed since your last poll (the referral or its case); `_count` (1–100); the "
    "`next` link pages on. A bad parameter or another prefix is 400 (`not-supported`).",
    responses={200: {"model": FhirSearchset, "description": "A searchset Bundle"}},
)
async def search_tasks(
    request: Request,
    uow: Uow,
    actor: CurrentActor,
    requester: Annotated[str | None, Query(max_length=200)] = None,
    focus: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[str | None, Query(max_length=200)] = None,
    # Repeatable (a window is two); on a list, max_length counts the values.
    last_updated: Annotated[list[str] | None, Query(alias="_lastUpdated", max_length=4)] = None,
    count: Annotated[int, Query(alias="_count", ge=1, le=MAX_COUNT)] = 50,
    cursor: Annotated[str | None, Query(alias="_cursor", max_length=400)] = None,
) -> JSONResponse:
    self_url = str(request.url)
    organisation = _uuid_reference(requester, "Organization", "requester")
    concern_id = _uuid_reference(focus, "ServiceRequest", "focus")
    states = _states(status)
    changed = fhir_search.last_updated(last_updated or [])
    if organisation is not None and organisation != actor.organisation_id:
        # Another organisation's referrals are not for this client to see: none match.
        return fhir_json(fhir_out.searchset([], self_url, None))
    page = PageRequest(limit=count, after=decode_cursor(cursor) if cursor else None)
    found = await progress_service.progress_of_referrals(
        uow, actor, page, concern_id=concern_id, changed=changed, states=states
    )
    next_url = None
    if found.next_cursor:
        next_url = str(request.url.include_query_params(_cursor=found.next_cursor))
    return fhir_json(
        fhir_out.searchset([fhir_out.task(p) for p in found.items], self_url, next_url)
    )


__all__ = ["DomainError", "encode_cursor", "router"]
