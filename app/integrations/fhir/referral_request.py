"""A clinic's referral over FHIR R4 — a transaction Bundle (Patient, ServiceRequest, and the
Condition, Observation and Consent it points at) or a ServiceRequest alone — read into one
`InboundConcern` with its referral.

The mapping (see docs/integrations/health-fhir.md):

- Patient.identifier with system `IDNP_SYSTEM` → IDNP; another identifier (the clinic's medical
  record number) → the sender's identifier for the child, with its system; name, birthDate,
  gender, address.district / address.city → territory and locality when they name one.
- ServiceRequest.identifier → external_id (required: it makes a re-sent request idempotent);
  priority → urgency (`codes.PRIORITY_URGENCY`); category, code and reasonCode codings of our
  indicator and risk-category code systems → indicators (default `healthy`) and risk category;
  note, reasonCode.text, and the referenced Condition and Observation → the description;
  authoredOn → when it was observed; performer `Organization/<our id>` → the guardianship
  authority (else the child's local authority).
- Off the child-protection path, a Consent (status active, dateTime, performer's name and who
  they are to the child) referenced from supportingInfo → the consent legal basis; without one
  the request is refused. On that path (priority `stat`) the exemption applies, and a Consent
  sent is not needed: it is not read.

Condition and Observation referenced by the ServiceRequest are folded into the concern's
description, not stored as resources; an entry nothing references is ignored. What became of
each entry is `ReferralRequest.uses`, and the transaction-response says it entry by entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir_core.fhirabstractmodel import FHIRAbstractModel
from pydantic import ValidationError

from app.domain.errors import FieldError, InvalidInput, LegalBasisRequired
from app.domain.intake import InboundConcern
from app.domain.legal_basis import ConsentGiver
from app.domain.validation import parsed
from app.domain.vocabulary import Urgency
from app.integrations.fhir import codes
from app.integrations.fhir.expressions import invalid_resource, relocated
from app.integrations.fhir.places import district_and_locality
from app.integrations.json_body import loads

TRANSACTION_CHANNEL = "fhir.transaction"
SERVICE_REQUEST_CHANNEL = "fhir.service-request"

RESOURCES: Mapping[str, type[FHIRAbstractModel]] = {
    "Patient": Patient,
    "ServiceRequest": ServiceRequest,
    "Condition": Condition,
    "Observation": Observation,
    "Consent": Consent,
}
FOLDED = frozenset({"Condition", "Observation"})
"""Read into the concern's description, not kept as resources of their own."""


class Use(StrEnum):
    """What became of an entry sent: each one's answer in the transaction-response says it.

    Only what the ServiceRequest points at is read. A Condition or Observation it does not
    reference may be about something else (a clinic's export often carries the whole visit), so
    it is left out of the concern rather than folded in on a guess, and the answer says so."""

    PATIENT = "patient"
    """The ServiceRequest's subject: the child."""
    REQUEST = "request"
    FOLDED = "folded"
    """Referenced from reasonReference or supportingInfo; its text is in the description."""
    EMPTY = "empty"
    """Referenced, but with no text to fold (no code.text or display, no value)."""
    CONSENT = "consent"
    """Referenced from supportingInfo off the child-protection path: the legal basis."""
    CONSENT_NOT_NEEDED = "consent-not-needed"
    """A Consent referenced on the child-protection path: the exemption is the basis."""
    IGNORED = "ignored"
    """Not referenced where it would be read (another Patient, a Condition nobody points at, a
    Consent outside supportingInfo): nothing was taken from it."""


@dataclass(frozen=True)
class Entry:
    index: int
    resource_type: str
    full_url: str | None
    at: str
    """A JSON pointer to the resource in the document."""
    resource: Any


@dataclass
class ReferralRequest:
    """What a clinic sent, read: every entry in order, where the parts are, and the concern."""

    root: str
    entries: list[Entry]
    request: Entry
    patient_at: str
    consent_at: str | None = None
    places: dict[str, str] = field(default_factory=dict)
    """Canonical pointers → the element each value was read from."""
    uses: dict[str, Use] = field(default_factory=dict)
    """Where each entry is (its `at`) → what became of it; an entry not here was ignored."""

    def use_of(self, entry: Entry) -> Use:
        return self.uses.get(entry.at, Use.IGNORED)


def _bad(at: str, detail: str, code: str = "invalid") -> InvalidInput:
    return InvalidInput.field(at, detail, code)


def _code(value: str | None, allowed: frozenset[str], at: str, what: str) -> None:
    if value is not None and value not in allowed:
        raise _bad(
            at,
            f"{value!r} is not a {what} code; use one of {', '.join(sorted(allowed))}.",
            "code-invalid",
        )


def _document(body: str, root: str) -> dict[str, Any]:
    try:
        document = loads(body)
    except InvalidInput as exc:
        raise InvalidInput(exc.detail, errors=[FieldError("#", exc.detail, "structure")]) from exc
    if not isinstance(document, dict):
        raise _bad("#", f"Send one {root} resource (a JSON object).", "structure")
    if document.get("resourceType") != root:
        raise _bad(
            "#/resourceType",
            f"Expected a {root}, got resourceType {document.get('resourceType')!r}.",
        )
    return document


def _validated(model: type[FHIRAbstractModel], data: Any, at: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid_resource(exc, root=at) from exc
    except (KeyError, TypeError, ValueError) as exc:  # fhir.resources on a malformed element
        raise _bad(at, f"This {model.__name__} could not be read: {exc}.", "structure") from exc


def _entries(document: dict[str, Any]) -> list[Entry]:
    _code(document.get("type"), codes.BUNDLE_TYPES, "#/type", "Bundle.type")
    if document.get("type") != "transaction":
        raise _bad("#/type", "Send a Bundle of type transaction.", "not-supported")
    raw = document.get("entry")
    if not isinstance(raw, list) or not raw:
        raise _bad("#/entry", "A transaction needs its entries.", "required")
    for n, item in enumerate(raw):
        at = f"#/entry/{n}"
        resource = item.get("resource") if isinstance(item, dict) else None
        if not isinstance(resource, dict):
            raise _bad(f"{at}/resource", "Each entry carries a resource.", "required")
        kind = resource.get("resourceType")
        if kind not in RESOURCES:
            raise _bad(
                f"{at}/resource/resourceType",
                f"{kind!r} is not taken here; send {', '.join(RESOURCES)}.",
                "not-supported",
            )
        request = item.get("request")
        method = request.get("method") if isinstance(request, dict) else None
        if method is None:
            raise _bad(
                f"{at}/request/method", "Each transaction entry has a request.method.", "required"
            )
        _code(method, codes.HTTP_VERBS, f"{at}/request/method", "HTTP verb")
        if method != "POST":
            raise _bad(f"{at}/request/method", "Only POST (create) is taken here.", "not-supported")
    bundle = _validated(Bundle, document, "#")
    return [
        Entry(n, e.resource.get_resource_type(), e.fullUrl, f"#/entry/{n}/resource", e.resource)
        for n, e in enumerate(bundle.entry)
    ]


def _contained(request: Any, at: str) -> list[Entry]:
    found = []
    for n, resource in enumerate(request.contained or []):
        kind = resource.get_resource_type()
        if kind not in RESOURCES:
            raise _bad(
                f"{at}/contained/{n}/resourceType", f"{kind!r} is not taken here.", "not-supported"
            )
        found.append(Entry(n, kind, f"#{resource.id}", f"{at}/contained/{n}", resource))
    return found


def _one(entries: Sequence[Entry], kind: str, at: str) -> Entry:
    found = [e for e in entries if e.resource_type == kind]
    if len(found) != 1:
        raise _bad(at, f"Send exactly one {kind} (got {len(found)}).", "required")
    return found[0]


def _referenced(reference: Any, entries: Sequence[Entry], at: str) -> Entry:
    target = reference.reference
    for entry in entries:
        if entry.full_url is not None and entry.full_url == target:
            return entry
    raise _bad(f"{at}/reference", f"{target!r} names no resource in what you sent.")


# ---- the parts -------------------------------------------------------------------------------


def _texts(concept: Any) -> list[str]:
    if concept is None:
        return []
    if concept.text:
        return [concept.text]
    return [c.display for c in concept.coding or [] if c.display]


def _codings(concepts: Sequence[Any], system: str) -> list[tuple[str, str]]:
    return [
        (str(c.code), system)
        for concept in concepts
        for c in concept.coding or []
        if c.system == system and c.code
    ]


def _child(patient: Entry, request: ReferralRequest) -> dict[str, Any]:
    p, at = patient.resource, patient.at
    _code(p.gender, codes.ADMINISTRATIVE_GENDER, f"{at}/gender", "AdministrativeGender")
    child: dict[str, Any] = {"sex": codes.GENDER_SEX[p.gender or "unknown"].value}
    for n, ident in enumerate(p.identifier or []):
        if ident.system == codes.IDNP_SYSTEM:
            child["idnp"] = ident.value
            request.places["#/child/idnp"] = f"{at}/identifier/{n}/value"
        elif ident.value and "identifier" not in child:
            child["identifier"] = ident.value
            if ident.system:
                child["identifier_system"] = ident.system
            request.places["#/child/identifier"] = f"{at}/identifier/{n}"
    names = [n for n in p.name or [] if n.use in (None, "official", "usual")]
    if names:
        name = names[0]
        if name.family:
            child["family_name"] = name.family
        given = list(name.given or [])
        if given:
            child["given_name"] = given[0]
        if len(given) > 1:
            child["patronymic"] = given[1]
        request.places["#/child/family_name"] = f"{at}/name/0/family"
        request.places["#/child/given_name"] = f"{at}/name/0/given"
    if p.birthDate:
        child["birth_date"] = p.birthDate.isoformat()
        request.places["#/child/birth_date"] = f"{at}/birthDate"
    for address in p.address or []:
        territory, locality = district_and_locality(address.district, address.city)
        if territory:
            child["territory_code"] = territory
            if locality:
                child["locality_code"] = locality
            request.places["#/child/territory_code"] = f"{at}/address"
            request.places["#/child/locality_code"] = f"{at}/address"
            break
    request.places["#/child"] = at
    return child


def _giver(consent: Any, at: str, patient: Entry) -> ConsentGiver:
    performer = (consent.performer or [None])[0]
    named = performer.reference if performer is not None else None
    if named is not None and (named == patient.full_url or named.startswith("Patient")):
        return ConsentGiver.CHILD
    for n, actor in enumerate((consent.provision.actor or []) if consent.provision else []):
        for coding in actor.role.coding or []:
            if coding.system == codes.CONSENT_GIVER_SYSTEM:
                _code(
                    coding.code,
                    frozenset(codes.CONSENT_GIVERS),
                    f"{at}/provision/actor/{n}/role",
                    "consent-giver",
                )
                return codes.CONSENT_GIVERS[str(coding.code)]
            if coding.system == codes.V3_ROLE_CODE and coding.code in codes.ROLE_CODE_GIVER:
                return codes.ROLE_CODE_GIVER[str(coding.code)]
    raise _bad(
        f"{at}/provision/actor",
        "Say who consented, in relation to the child: provision.actor.role coded in "
        f"{codes.CONSENT_GIVER_SYSTEM} (parent, legal_representative, guardian, child) or "
        "v3-RoleCode (MTH, FTH, PRN, GUARD, ONESELF).",
        "required",
    )


def _consent(entry: Entry, patient: Entry, purpose: str) -> dict[str, Any]:
    c, at = entry.resource, entry.at
    _code(c.status, codes.CONSENT_STATUS, f"{at}/status", "ConsentState")
    if c.status != "active":
        raise _bad(
            f"{at}/status", "Only a consent in force (active) allows the referral.", "business-rule"
        )
    if c.dateTime is None:
        raise _bad(f"{at}/dateTime", "Say when the consent was given.", "required")
    performer = (c.performer or [None])[0]
    if performer is None or not performer.display:
        raise _bad(f"{at}/performer", "Name who consented (performer.display).", "required")
    given = c.dateTime.date() if isinstance(c.dateTime, datetime) else c.dateTime
    basis: dict[str, Any] = {
        "kind": "consent",
        "given_by_name": performer.display,
        "given_by_relationship": _giver(c, at, patient).value,
        "given_at": given.isoformat(),
        "purpose": purpose,
    }
    end = c.provision.period.end if c.provision and c.provision.period else None
    if end is not None:
        basis["valid_until"] = (end.date() if isinstance(end, datetime) else end).isoformat()
    return basis


def _observed(value: Any, at: str) -> str:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.isoformat()
    if isinstance(value, date | datetime):
        raise _bad(at, "Give the time with its zone (2025-03-10T11:20:00+02:00).", "value")
    raise _bad(at, "Say when the child was seen (authoredOn).", "required")


def _folded_text(entry: Entry) -> list[str]:
    r = entry.resource
    if entry.resource_type == "Condition":
        return _texts(r.code)
    parts = _texts(r.code)
    if r.valueString:
        parts.append(r.valueString)
    elif r.valueQuantity is not None:
        parts.append(f"{r.valueQuantity.value} {r.valueQuantity.unit or ''}".strip())
    elif r.valueCodeableConcept is not None:
        parts.extend(_texts(r.valueCodeableConcept))
    return [": ".join(parts)] if parts else []


def _concern(request: ReferralRequest, patient: Entry, resolve: list[Entry]) -> dict[str, Any]:
    sr, at = request.request.resource, request.request.at
    _code(sr.status, codes.REQUEST_STATUS, f"{at}/status", "RequestStatus")
    if sr.status not in codes.ACCEPTED_STATUS:
        raise _bad(f"{at}/status", "Only an active ServiceRequest is taken in.", "business-rule")
    _code(sr.intent, codes.REQUEST_INTENT, f"{at}/intent", "RequestIntent")
    if sr.intent not in codes.ACCEPTED_INTENTS:
        raise _bad(
            f"{at}/intent",
            "A referral is an order (intent order or original-order).",
            "business-rule",
        )
    _code(sr.priority, codes.REQUEST_PRIORITY, f"{at}/priority", "RequestPriority")
    urgency = codes.PRIORITY_URGENCY[sr.priority or "routine"]
    if not sr.identifier or not sr.identifier[0].value:
        raise _bad(
            f"{at}/identifier",
            "Give the ServiceRequest your identifier: a re-sent request is recognised by it.",
            "required",
        )
    folded: list[str] = []
    consent: Entry | None = None
    for name in ("reasonReference", "supportingInfo"):
        for n, reference in enumerate(getattr(sr, name) or []):
            target = _referenced(reference, resolve, f"{at}/{name}/{n}")
            if target.resource_type in FOLDED:
                text = _folded_text(target)
                folded.extend(text)
                if request.uses.get(target.at) is not Use.FOLDED:
                    request.uses[target.at] = Use.FOLDED if text else Use.EMPTY
            elif target.resource_type == "Consent" and name == "supportingInfo":
                consent = target
    concepts = [*(sr.category or []), *([sr.code] if sr.code else []), *(sr.reasonCode or [])]
    indicators = [c for c, _ in _codings(concepts, codes.INDICATOR_SYSTEM)]
    for code in indicators:
        _code(code, codes.INDICATORS, f"{at}/category", "well-being indicator")
    risks = [c for c, _ in _codings(concepts, codes.RISK_CATEGORY_SYSTEM)]
    for code in risks:
        _code(code, codes.RISK_CATEGORIES, f"{at}/reasonCode", "risk category")
    notes = [n.text for n in sr.note or [] if n.text]
    reasons = [t for c in sr.reasonCode or [] for t in _texts(c)]
    description = "\n".join(dict.fromkeys([*notes, *reasons, *folded]))
    subject = " ".join(_texts(sr.code)) or (reasons[0] if reasons else description)
    referral: dict[str, Any] = {
        "reason": subject[:4000],
        "to_organisation_id": _performer(sr, at),
    }
    external_id = sr.identifier[0].value
    if urgency is Urgency.CHILD_PROTECTION and consent is not None:
        request.uses[consent.at] = Use.CONSENT_NOT_NEEDED
    if urgency is not Urgency.CHILD_PROTECTION:
        if consent is None:
            raise LegalBasisRequired.at(
                f"{at}/supportingInfo",
                "Off the child-protection path (priority other than stat) the family's consent "
                "is required: put a Consent (status active, dateTime, performer, provision.actor "
                "role) in the Bundle and reference it from ServiceRequest.supportingInfo.",
            )
        purpose = f"Referral to the guardianship authority (ServiceRequest {external_id})."
        referral["legal_basis"] = _consent(consent, patient, purpose)
        request.consent_at = consent.at
        request.uses[consent.at] = Use.CONSENT
    request.places.update(
        {
            "#/external_id": f"{at}/identifier",
            "#/urgency": f"{at}/priority",
            "#/risk_category": f"{at}/reasonCode",
            "#/indicators": f"{at}/category",
            "#/description": f"{at}/note",
            "#/observed_at": f"{at}/authoredOn",
            "#/referral/reason": f"{at}/code",
            "#/referral/to_organisation_id": f"{at}/performer",
            "#/to_organisation_id": f"{at}/performer",
            "#/referral/legal_basis": request.consent_at or f"{at}/supportingInfo",
            "#/legal_basis": request.consent_at or f"{at}/supportingInfo",
        }
    )
    return {
        "external_id": external_id,
        "indicators": indicators or ["healthy"],
        "description": description,
        "observed_at": _observed(sr.authoredOn, f"{at}/authoredOn"),
        "urgency": urgency.value,
        "risk_category": risks[0] if risks else None,
        "referral": referral,
    }


def _performer(sr: Any, at: str) -> str | None:
    """Our organisation named as performer, by reference or by identifier."""
    for n, performer in enumerate(sr.performer or []):
        value = None
        if performer.reference and performer.reference.startswith("Organization/"):
            value = performer.reference.removeprefix("Organization/")
        elif performer.identifier and performer.identifier.system == codes.ORGANISATION_SYSTEM:
            value = performer.identifier.value
        if value is not None:
            try:
                return str(uuid.UUID(value))
            except ValueError as exc:
                raise _bad(
                    f"{at}/performer/{n}", f"{value!r} is not one of our organisation ids."
                ) from exc
    return None


def _subject_patient(request: ReferralRequest, entries: list[Entry]) -> tuple[Entry, Any]:
    sr, at = request.request.resource, request.request.at
    if sr.subject is None:
        raise _bad(f"{at}/subject", "Name the child: subject.", "required")
    if sr.subject.reference:
        patient = _referenced(sr.subject, entries, f"{at}/subject")
        if patient.resource_type != "Patient":
            raise _bad(f"{at}/subject", "The subject is the child: a Patient.")
        return patient, None
    ident = sr.subject.identifier
    if ident is None or not ident.value:
        raise _bad(f"{at}/subject", "Reference the Patient, or give its identifier.", "required")
    return Entry(0, "Patient", None, f"{at}/subject", None), ident


def _identified_child(ident: Any, request: ReferralRequest) -> dict[str, Any]:
    at = f"{request.request.at}/subject/identifier"
    request.places["#/child"] = at
    if ident.system == codes.IDNP_SYSTEM:
        return {"idnp": ident.value}
    child = {"identifier": ident.value}
    if ident.system:
        child["identifier_system"] = ident.system
    return child


def _read(document: dict[str, Any], root: str) -> tuple[ReferralRequest, dict[str, Any]]:
    if root == "Bundle":
        entries = _entries(document)
        sr = _one(entries, "ServiceRequest", "#/entry")
        resolvable = entries + _contained(sr.resource, sr.at)
    else:
        resource = _validated(ServiceRequest, document, "#")
        sr = Entry(0, "ServiceRequest", None, "#", resource)
        entries = [sr]
        resolvable = _contained(resource, "#")
    request = ReferralRequest(root, entries, sr, patient_at="")
    request.uses[sr.at] = Use.REQUEST
    patient, ident = _subject_patient(request, resolvable)
    request.patient_at = patient.at
    request.uses[patient.at] = Use.PATIENT
    child = _identified_child(ident, request) if ident is not None else _child(patient, request)
    return request, {"child": child, **_concern(request, patient, resolvable)}


def read(body: str, root: str) -> tuple[ReferralRequest, InboundConcern]:
    """The request as sent, and the concern it reports."""
    request, data = _read(_document(body, root), root)
    try:
        return request, parsed(InboundConcern, data)
    except InvalidInput as exc:
        raise relocated(exc, request.places) from exc


def layout(body: str, root: str) -> ReferralRequest | None:
    """Where the parts of a message are, to point a later refusal at them; None when it cannot
    be read at all."""
    try:
        return read(body, root)[0]
    except InvalidInput:
        return None


def translate_transaction(body: str) -> Sequence[InboundConcern]:
    return [read(body, "Bundle")[1]]


def translate_service_request(body: str) -> Sequence[InboundConcern]:
    return [read(body, "ServiceRequest")[1]]
