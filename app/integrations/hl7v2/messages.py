"""HL7 v2 messages → the canonical intake.

`REF^I12` (a patient referral) → one concern, and for a STAT referral its immediate referral to
the guardianship authority:

- PID-3 identifiers: the repetition whose assigning authority (CX-4) is `MD-IDNP` is the IDNP;
  the first other one is the clinic's own id for the child (linked, so later messages find them).
- PID-5 name (family^given^middle), PID-7 birth date, PID-8 sex (F, M, else unknown), PID-11
  address: its county (XAD-9) is our territory code when it is one; the address is quoted in the
  description.
- RF1-1 status: P (pending) or A (accepted); R and E are refused (nothing to take in).
- RF1-2 priority: S (stat) → child_protection, A (asap) → priority, R (routine) → routine.
- RF1-6 originating referral identifier (EI-1) → the external id: a message sent again creates
  nothing.
- RF1-7 effective date → when it was observed (else MSH-7).
- RF1-10 referral reason, coded in the `GIRFEC-RISK` system (`violence^…^GIRFEC-RISK`): the risk
  category of a STAT referral, which the child-protection path requires.
- PRD (provider: name, organisation), DG1-4, OBX-5 and NTE-3 → the description.

A STAT referral is referred at once on the child-protection exemption. A routine or priority one
is recorded as the clinic's concern only: sharing it off the child-protection path needs the
family's consent, which an HL7 referral does not carry; the clinic's designated person refers it
with the consent.

`ADT^A04` / `ADT^A08` → the child's identity only (`ChildIdentity`), no concern.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import hl7
from pydantic import ValidationError

from app.domain.errors import FieldError, InvalidInput
from app.domain.intake import ChildIdentity, InboundConcern, InboundReferral
from app.domain.validation import invalid_input
from app.integrations.hl7v2 import er7

CHANNEL = "hl7v2"
IDNP_AUTHORITY = "MD-IDNP"
RISK_SYSTEM = "GIRFEC-RISK"
PRIORITY = {"S": "child_protection", "A": "priority", "R": "routine"}
SEX = {"F": "female", "M": "male"}
INDICATORS = {
    "child_protection": ["safe", "healthy"],
    "priority": ["healthy"],
    "routine": ["healthy"],
}


def _segments(message: hl7.Message, name: str) -> list[Any]:
    return [s for s in message if str(s[0]) == name]


def _field(segment: Any, n: int) -> str:
    return str(segment[n]) if segment is not None and len(segment) > n else ""


def _components(value: str) -> list[str]:
    return value.split("^")


def _component(value: str, n: int) -> str:
    parts = _components(value)
    return parts[n - 1].strip() if len(parts) >= n else ""


def _invalid(location: str, detail: str, code: str = "invalid") -> InvalidInput:
    return InvalidInput(detail, errors=[FieldError(location, detail, code)])


def _one(message: hl7.Message, name: str) -> Any:
    found = _segments(message, name)
    if not found:
        raise _invalid(name, f"The message has no {name} segment.", "101")
    return found[0]


def identity_of(message: hl7.Message) -> ChildIdentity:
    pid = _one(message, "PID")
    idnp = identifier = None
    for cx in _field(pid, 3).split("~"):
        value, authority = _component(cx, 1), _component(cx, 4)
        if not value:
            continue
        if authority == IDNP_AUTHORITY:
            idnp = value
        elif identifier is None:
            identifier = value
    name = _field(pid, 5).split("~")[0]
    address = _field(pid, 11).split("~")[0]
    fields: dict[str, Any] = {
        "idnp": idnp,
        "identifier": identifier,
        "family_name": _component(name, 1) or None,
        "given_name": _component(name, 2) or None,
        "patronymic": _component(name, 3) or None,
        "birth_date": er7.hl7_date(_field(pid, 7)),
        "sex": SEX.get(_field(pid, 8).strip().upper(), "unknown"),
        "territory_code": _component(address, 9) or None,
    }
    if _field(pid, 7) and fields["birth_date"] is None:
        raise _invalid("PID^1^7", "PID-7 is not a date (YYYYMMDD).", "102")
    try:
        return ChildIdentity.model_validate(fields)
    except ValidationError as exc:
        raise _located(invalid_input(exc, root="#/child")) from exc


PID_FIELDS = {
    "child": "PID",
    "idnp": "PID^1^3",
    "identifier": "PID^1^3",
    "given_name": "PID^1^5",
    "family_name": "PID^1^5",
    "patronymic": "PID^1^5",
    "birth_date": "PID^1^7",
    "sex": "PID^1^8",
    "territory_code": "PID^1^11",
}
REF_FIELDS = {
    "external_id": "RF1^1^6",
    "observed_at": "RF1^1^7",
    "risk_category": "RF1^1^10",
    "urgency": "RF1^1^2",
    "description": "RF1",
    "child": "PID",
}


def _located(exc: InvalidInput) -> InvalidInput:
    """Pointers into the canonical shape turned into HL7 locations (segment^sequence^field)."""
    errors = [FieldError(location_of(e.pointer), e.detail, e.code) for e in exc.errors]
    first = errors[0]
    return InvalidInput(f"{first.pointer}: {first.detail}", errors=errors)


def location_of(pointer: str) -> str:
    """An HL7 location for a pointer into the canonical concern (a refusal from registering the
    child, `#/child/birth_date`, is PID-7)."""
    segments = pointer.removeprefix("#/").split("/")
    if segments[0] == "child":
        return PID_FIELDS.get(segments[1], "PID") if len(segments) > 1 else "PID"
    return REF_FIELDS.get(segments[0], pointer)


def _texts(message: hl7.Message) -> list[str]:
    lines = []
    for prd in _segments(message, "PRD"):
        person = _field(prd, 2).split("~")[0]
        who = " ".join(p for p in (_component(person, 2), _component(person, 1)) if p)
        organisation = _component(_field(prd, 7), 1) if len(prd) > 7 else ""
        if who or organisation:
            lines.append("Trimis de: " + ", ".join(p for p in (who, organisation) if p) + ".")
    for dg1 in _segments(message, "DG1"):
        if text := _field(dg1, 4) or _component(_field(dg1, 3), 2):
            lines.append(f"Diagnostic: {text}.")
    for obx in _segments(message, "OBX"):
        label = _component(_field(obx, 3), 2) or _component(_field(obx, 3), 1)
        if value := _field(obx, 5):
            lines.append(f"{label}: {value}" if label else value)
    lines += [text for nte in _segments(message, "NTE") if (text := _field(nte, 3))]
    return lines


def concerns_of(message: hl7.Message) -> list[InboundConcern]:
    rf1 = _one(message, "RF1")
    status = _component(_field(rf1, 1), 1).upper()
    if status not in {"P", "A"}:
        raise _invalid(
            "RF1^1^1",
            f"RF1-1 is {status or 'empty'}: only a pending (P) or accepted (A) referral is "
            "taken in.",
            "103",
        )
    priority = _component(_field(rf1, 2), 1).upper()
    if priority not in PRIORITY:
        raise _invalid("RF1^1^2", "RF1-2 must be S (stat), A (asap) or R (routine).", "103")
    urgency = PRIORITY[priority]
    external_id = _component(_field(rf1, 6), 1)
    if not external_id:
        raise _invalid("RF1^1^6", "RF1-6 (originating referral identifier) is required.", "101")
    reason = _field(rf1, 10)
    risk = _component(reason, 1) if _component(reason, 3) == RISK_SYSTEM else None
    if urgency == "child_protection" and not risk:
        raise _invalid(
            "RF1^1^10",
            f"A STAT referral must name its risk category in RF1-10, coded in {RISK_SYSTEM} "
            f"(violence^Suspiciune de violență^{RISK_SYSTEM}).",
            "101",
        )
    header = _one(message, "MSH")
    observed = er7.hl7_datetime(_field(rf1, 7)) or er7.hl7_datetime(_field(header, 7))
    if observed is None:
        raise _invalid("RF1^1^7", "RF1-7 or MSH-7 must give when it was observed.", "101")
    child = identity_of(message)
    address = _field(_one(message, "PID"), 11).split("~")[0]
    lines = _texts(message)
    if street := ", ".join(p for p in _components(address)[:3] if p):
        lines.append(f"Adresa: {street}.")
    description = "\n".join(lines) or "Trimitere de la instituția medicală (fără text)."
    data = {
        "external_id": external_id,
        "child": child.model_dump(exclude_none=True),
        "indicators": INDICATORS[urgency],
        "description": description[:8000],
        "observed_at": observed.isoformat(),
        "urgency": urgency,
        "risk_category": risk if urgency == "child_protection" else None,
        "referral": (
            InboundReferral(reason=description[:4000]).model_dump()
            if urgency == "child_protection"
            else None
        ),
    }
    try:
        return [InboundConcern.model_validate(data)]
    except ValidationError as exc:
        raise _located(invalid_input(exc)) from exc


def parsed_message(body: str) -> hl7.Message:
    """For the inbox's reprocessing: a body that no longer parses is an error, not a rejection."""
    try:
        return er7.parse(er7.normalise(body))
    except er7.Rejected as exc:
        raise _invalid(exc.location, exc.reason, exc.code) from exc


def translate(body: str) -> Sequence[InboundConcern]:
    return concerns_of(parsed_message(body))
