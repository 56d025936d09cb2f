"""HL7 v2 over HTTP: an ER7 message in, an HL7 ACK out.

MLLP has no HTTP status; here the status follows the ACK so that HTTP clients and proxies see a
failure as one: 200 with AA, 422 with AE (understood, could not be processed), 400 with AR
(rejected: a bad MSH, an unsupported message type). The body is always the ACK. Only a request
that is not HL7 at all (another media type) or not authorised gets a problem+json answer."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from app.api.adapter_shell import media_type, request_id, session_factory
from app.api.raw_body import raw_body
from app.api.rest.deps import CurrentActor
from app.domain.actor import Actor
from app.domain.errors import DomainError, InvalidInput, UnsupportedMediaType
from app.integrations.hl7v2 import er7
from app.integrations.hl7v2 import messages as hl7v2
from app.services import intake as intake_service
from app.services import patients
from app.services.intake import SessionFactory

router = APIRouter(tags=["integrations"])

ER7 = "x-application/hl7-v2+er7"
ACCEPTED_TYPES = frozenset({ER7, "text/plain"})
STATUS = {er7.AckCode.ACCEPTED: 200, er7.AckCode.ERROR: 422, er7.AckCode.REJECTED: 400}
SUPPORTED = {("REF", "I12"), ("ADT", "A04"), ("ADT", "A08")}

REF_EXAMPLE = (
    "MSH|^~\\&|SIA-AMP|CS-CALARASI|GIRFEC|MD|20250314093000||REF^I12^REF_I12|MSG-000913|P|2.5\r"
    "RF1|P^Pending|S^STAT|SOC^Social||I|CS-CAL-2025-000913|20250314090000|||"
    "violence^Suspiciune de violență^GIRFEC-RISK\r"
    "PRD|RP|Popova^Svetlana^^^^Dr.|||||CS-CALARASI\r"
    "PID|1||FM-88213^^^CS-CALARASI^MR~2014003012342^^^MD-IDNP^NI||Rusu^Ana||20140301|F|||"
    "str. Mihai Eminescu 5^^Călărași^^MD-4401^MD^H^^calarasi\r"
    "NTE|1||Echimoze pe antebrațe, explicații contradictorii ale însoțitorului.\r"
)
ACK_EXAMPLE = (
    "MSH|^~\\&|GIRFEC|MD|SIA-AMP|CS-CALARASI|20250314093002+0200||ACK^I12^ACK|"
    "5f0c1d2e3a4b5c6d7e8f|P|2.5\rMSA|AA|MSG-000913|\r"
)


def _answer(
    header: er7.Header,
    code: er7.AckCode,
    *,
    text: str = "",
    error: tuple[str, str, str] | None = None,
) -> Response:
    return Response(
        er7.ack(header, code, text=text, error=error), status_code=STATUS[code], media_type=ER7
    )


async def _keep(factory: SessionFactory, actor: Actor, body: str) -> uuid.UUID:
    return await intake_service.keep(
        factory, actor, channel=hl7v2.CHANNEL, content_type=ER7, body=body
    )


async def _refused(factory: SessionFactory, message_id: uuid.UUID, where: str, why: str) -> None:
    await intake_service.record_failure(factory, message_id, InvalidInput.field(where, why))


def _error_of(exc: DomainError) -> tuple[str, str, str]:
    if isinstance(exc, InvalidInput) and exc.errors:
        first = exc.errors[0]
        code = first.code if first.code in er7.TABLE_0357 else "207"
        return hl7v2.location_of(first.pointer), code, first.detail
    return "", "207", exc.detail


@router.post(
    "/integrations/hl7v2",
    summary="Send an HL7 v2 message (ER7): REF^I12, ADT^A04, ADT^A08",
    description="A clinic's HL7 v2 message, as ER7 text (segments separated by carriage "
    "returns; line feeds accepted). `REF^I12` becomes a concern (a STAT referral: a "
    "child-protection concern referred at once to the guardianship authority); `ADT^A04` and "
    "`ADT^A08` find or register the child and link the clinic's identifier. The answer is always "
    "an HL7 ACK (`x-application/hl7-v2+er7`): 200 with MSA-1 `AA`, 422 with `AE` (could not be "
    "processed; ERR says why and where), 400 with `AR` (bad MSH, unsupported message type). "
    f"Example ACK:\n\n```\n{ACK_EXAMPLE.replace(chr(13), chr(10))}```",
    response_class=Response,
    responses={
        200: {"description": "MSA-1 AA", "content": {ER7: {"schema": {"type": "string"}}}},
        400: {"description": "MSA-1 AR", "content": {ER7: {"schema": {"type": "string"}}}},
        422: {"description": "MSA-1 AE", "content": {ER7: {"schema": {"type": "string"}}}},
    },
    openapi_extra=raw_body(
        {ER7: {"type": "string"}, "text/plain": {"type": "string"}},
        description="One HL7 v2 message in ER7.",
        examples={"referral": {"summary": "REF^I12, STAT", "value": REF_EXAMPLE}},
    ),
)
async def receive_hl7v2(request: Request, actor: CurrentActor) -> Response:
    kind = media_type(request)
    if kind not in ACCEPTED_TYPES:
        raise UnsupportedMediaType(
            f"Send {ER7} (or text/plain), not {kind or 'nothing'}.",
            extra={"header": "Content-Type"},
        )
    raw = await request.body()
    factory = session_factory(request)
    rid = request_id(request)
    # Kept before anything is checked, as every sector message is: a message refused or failed
    # stays in the inbox with the reason.
    kept = raw.decode("utf-8", errors="replace")
    try:
        text = er7.normalise(raw.decode("utf-8"))
    except UnicodeDecodeError:
        message_id = await _keep(factory, actor, kept)
        reason = "Send UTF-8 text."
        await _refused(factory, message_id, "MSH", reason)
        return _answer(er7.Header(), er7.AckCode.REJECTED, error=("MSH^1^18", "102", reason))
    message_id = await _keep(factory, actor, text)
    header = er7.header_of(text)
    try:
        message = er7.parse(text)
        if (header.message_type, header.trigger) not in SUPPORTED:
            raise er7.Rejected(
                f"{header.message_type}^{header.trigger} is not taken here: send REF^I12, "
                "ADT^A04 or ADT^A08.",
                "200",
                "MSH^1^9",
            )
    except er7.Rejected as exc:
        await _refused(factory, message_id, exc.location, exc.reason)
        return _answer(header, er7.AckCode.REJECTED, error=(exc.location, exc.code, exc.reason))
    try:
        if header.message_type == "ADT":
            try:
                found = await patients.link_patient(
                    factory, actor, hl7v2.identity_of(message), rid, message_id=message_id
                )
            except DomainError as exc:
                await intake_service.record_failure(factory, message_id, exc)
                raise
            return _answer(header, er7.AckCode.ACCEPTED, text=f"child {found.child.id}")
        outcome = await intake_service.run(factory, actor, message_id, hl7v2.translate, rid)
    except DomainError as exc:
        return _answer(header, er7.AckCode.ERROR, error=_error_of(exc))
    (taken,) = outcome.taken
    return _answer(header, er7.AckCode.ACCEPTED, text=f"concern {taken.concern.id}")
