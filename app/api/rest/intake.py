"""The canonical intake (any sector system, in our own JSON shape) and the inbox of every
message sector systems sent."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from app.api.adapter_shell import media_type, raw_text, request_id, session_factory
from app.api.raw_body import raw_body
from app.api.rest.attendance_views import AttendanceAnswer, attendance_answer, rule_of
from app.api.rest.deps import CurrentActor, Uow
from app.api.rest.pagination import Page, Paging
from app.api.rest.responses import CREATE, LIST, READ
from app.api.rest.views import View
from app.domain import examples as ex
from app.domain.commands import Command
from app.domain.errors import InvalidInput
from app.domain.intake import InboundConcern, InboxStatus, MatchMethod
from app.integrations.canonical import messages as canonical
from app.integrations.channels import translator
from app.integrations.school import attendance as attendance_adapter
from app.services import attendance as attendance_service
from app.services import intake as service
from app.settings import Settings

router = APIRouter(tags=["integrations"])


TAKEN: JsonDict = {
    "external_id": "SIIME-ABS-2025-03-0042",
    "concern_id": ex.ABSENCE_CONCERN_ID,
    "concern_status": "recorded",
    "child_id": ex.STEFAN_CAPATINA_ID,
    "match": "idnp",
    "referral_id": None,
    "referral_status": None,
    "replayed": False,
}
ANSWER: JsonDict = {"message_id": ex.INBOX_MESSAGE_ID, "status": "processed", "concerns": [TAKEN]}
KEPT: JsonDict = {
    "id": ex.INBOX_MESSAGE_ID,
    "client_id": "siime-registry",
    "organisation_id": ex.SCHOOL_ID,
    "channel": "canonical.concern",
    "content_type": "application/json",
    "body": '{"external_id": "SIIME-ABS-2025-03-0042", "child": {"given_name": "Ștefan"}}',
    "external_id": None,
    "status": "failed",
    "problem": {
        "type": "/problems/validation-error",
        "title": "The request has invalid fields",
        "status": 422,
        "detail": "1 field(s) are invalid; first: #/child: Identify the child by IDNP, ...",
    },
    "attempts": 1,
    "concern_id": None,
    "referral_id": None,
    "child_id": None,
    "match_method": None,
    "created_at": ex.CONCERN_RECORDED_AT,
    "processed_at": ex.CONCERN_RECORDED_AT,
    "corrected_at": None,
    "corrected_by_id": None,
}


class TakenView(BaseModel):
    """What one reported concern became: enough to follow it, nothing about the child."""

    model_config = ConfigDict(json_schema_extra={"examples": [TAKEN]})

    external_id: str
    concern_id: uuid.UUID
    concern_status: str
    child_id: uuid.UUID
    match: MatchMethod | None = Field(
        description="How the child was found; null when the message repeated an earlier one."
    )
    referral_id: uuid.UUID | None
    referral_status: str | None
    replayed: bool
    review_id: uuid.UUID | None = Field(
        default=None,
        description='With `match` "review": the identity review asking a social worker '
        "whether the child registered is one already known.",
    )


class IntakeAnswer(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [ANSWER]})

    message_id: uuid.UUID = Field(description="The inbox message that keeps what was sent.")
    status: InboxStatus
    concerns: list[TakenView]


def answer(outcome: service.Outcome, response: Response) -> IntakeAnswer:
    """201 when something was created, 200 when the whole message repeated an earlier one."""
    response.status_code = status.HTTP_200_OK if outcome.replayed else status.HTTP_201_CREATED
    if outcome.taken:
        response.headers["Location"] = f"/api/v1/concerns/{outcome.taken[0].concern.id}"
    return IntakeAnswer(
        message_id=outcome.message_id,
        status=InboxStatus.DUPLICATE if outcome.replayed else InboxStatus.PROCESSED,
        concerns=[
            TakenView(
                external_id=t.external_id,
                concern_id=t.concern.id,
                concern_status=t.concern.status,
                child_id=t.child.id,
                match=t.match,
                referral_id=t.referral.id if t.referral else None,
                referral_status=t.referral.status if t.referral else None,
                replayed=t.replayed,
                review_id=t.review_id,
            )
            for t in outcome.taken
        ],
    )


def require_json(request: Request) -> None:
    if media_type(request) not in {"application/json", ""}:
        raise InvalidInput.field("Content-Type", "Send application/json.")


@router.post(
    "/integrations/concerns",
    status_code=status.HTTP_201_CREATED,
    summary="Push a concern (canonical JSON)",
    description="For a sector system that sends our own shape: one concern, or a list of up to "
    "100. The child is found by IDNP, by your identifier already linked, or by name, birth "
    "date and locality, else registered. The message is kept in the inbox before anything is "
    "checked: when it is refused, the problem carries `inbox_message_id`, and the message can "
    "be corrected and processed again. Sending the same `external_id` again returns the "
    "concern the first message created (200, `replayed`), never a second one.",
    responses=CREATE,
    openapi_extra=raw_body(
        {"application/json": InboundConcern},
        description="One concern in the canonical shape (or a JSON array of them).",
    ),
)
async def push_concern(request: Request, actor: CurrentActor, response: Response) -> IntakeAnswer:
    require_json(request)
    outcome = await service.take_in(
        session_factory(request),
        actor,
        channel=canonical.CHANNEL,
        content_type="application/json",
        body=await raw_text(request),
        translate=canonical.translate,
        request_id=request_id(request),
    )
    return answer(outcome, response)


class InboxMessageView(View):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [KEPT]})

    id: uuid.UUID
    client_id: str
    organisation_id: uuid.UUID
    channel: str
    content_type: str
    body: str
    external_id: str | None
    status: InboxStatus
    problem: dict[str, Any] | None
    attempts: int
    concern_id: uuid.UUID | None
    referral_id: uuid.UUID | None
    child_id: uuid.UUID | None
    match_method: MatchMethod | None
    created_at: datetime
    processed_at: datetime | None
    corrected_at: datetime | None
    corrected_by_id: uuid.UUID | None


class Reprocess(Command):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"body": '{"external_id": "SIIME-ABS-2025-03-0042"}'}, {}]}
    )

    body: str | None = Field(
        default=None,
        min_length=1,
        max_length=1_000_000,
        description="The corrected message, as the sender should have sent it; omit to process "
        "the kept body again (after the directory was fixed, say).",
    )


@router.get(
    "/inbox",
    summary="List inbox messages",
    description="Every message sector systems sent, newest first, with what became of it: a "
    "system sees its own, an administrator all. Filter `status=failed` for what needs fixing.",
    responses=LIST,
)
async def list_inbox(
    uow: Uow,
    actor: CurrentActor,
    page: Paging,
    status_: Annotated[InboxStatus | None, Query(alias="status")] = None,
    channel: Annotated[str | None, Query(max_length=60)] = None,
) -> Page[InboxMessageView]:
    found = await service.list_inbox(uow, actor, page, status=status_, channel=channel)
    return Page(
        items=[InboxMessageView.model_validate(m) for m in found.rows],
        next_cursor=found.next_cursor,
    )


@router.get(
    "/inbox/{message_id}",
    summary="Read an inbox message",
    description="The message as sent (or as corrected) and its processing outcome.",
    responses=READ,
)
async def get_inbox_message(
    uow: Uow, actor: CurrentActor, message_id: uuid.UUID
) -> InboxMessageView:
    return InboxMessageView.model_validate(await service.inbox_message(uow, actor, message_id))


@router.post(
    "/inbox/{message_id}/reprocess",
    summary="Correct and process a failed message again",
    description="The sender or an administrator replaces the body of a failed message (or "
    "keeps it) and processes it again, as the sender's message, through the adapter that first "
    "took it in. The answer is that adapter's intake answer (for an attendance batch, the "
    "batch answer); a refusal is recorded with the message again.",
    responses=CREATE,
)
async def reprocess(
    request: Request,
    uow: Uow,
    actor: CurrentActor,
    message_id: uuid.UUID,
    data: Reprocess,
    response: Response,
) -> IntakeAnswer | AttendanceAnswer:
    factory = session_factory(request)
    corrected = await service.correct(factory, actor, message_id, data.body)
    sender = await service.sender_of(uow, corrected)
    rid = request_id(request)
    if corrected.channel == attendance_adapter.CHANNEL:
        settings: Settings = request.app.state.settings
        batch = await attendance_service.run(
            factory,
            sender,
            message_id,
            attendance_adapter.reader_for(corrected.content_type),
            rule_of(settings),
            rid,
        )
        return attendance_answer(batch)
    outcome = await service.run(factory, sender, message_id, translator(corrected.channel), rid)
    return answer(outcome, response)
