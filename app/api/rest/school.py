"""School registries: a OneRoster-style concern, and attendance batches (Ed-Fi
StudentSchoolAttendanceEvent, JSON or CSV). Both are kept raw in the inbox first."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field, RootModel
from pydantic.config import JsonDict

from app.api.adapter_shell import media_type, raw_text, request_id, session_factory
from app.api.raw_body import raw_body
from app.api.rest.deps import CurrentActor
from app.api.rest.intake import IntakeAnswer, answer
from app.api.rest.responses import CREATE
from app.domain import examples as ex
from app.domain.attendance import EVENT_EXAMPLE, AttendanceEvent, AttendanceRule
from app.domain.errors import InvalidInput
from app.domain.intake import InboxStatus
from app.integrations.school import attendance as attendance_adapter
from app.integrations.school import concerns as concern_adapter
from app.services import attendance as attendance_service
from app.services import intake as intake_service
from app.settings import Settings

router = APIRouter(prefix="/integrations/school", tags=["integrations"])

CSV_EXAMPLE = (
    "studentUniqueId,schoolId,eventDate,attendanceEventCategoryDescriptor,eventDuration\n"
    "E-2019-004512,MD-SCH-0417,2025-03-03,Unexcused Absence,1\n"
    "E-2019-004513,MD-SCH-0417,2025-03-03,Present,1\n"
)
REJECTION: JsonDict = {
    "row": 3,
    "field": "attendanceEventCategoryDescriptor",
    "reason": "Unknown attendance category 'Absent'; use one of: Present, Excused absence, "
    "Unexcused absence, Tardy, Early departure, Partial.",
    "code": "unknown_category",
}
ALERT: JsonDict = {
    "school_id": "MD-SCH-0417",
    "student_unique_id": "E-2019-004512",
    "rule": "consecutive_days",
    "episode_start": "2025-03-07",
    "window_start": "2025-03-03",
    "window_end": "2025-03-07",
    "status": "raised",
    "concern_id": ex.ABSENCE_CONCERN_ID,
}
BATCH_ANSWER: JsonDict = {
    "message_id": ex.INBOX_MESSAGE_ID,
    "status": "processed",
    "received": 3,
    "accepted": 2,
    "unchanged": 0,
    "rejected": 1,
    "rejections": [REJECTION],
    "alerts": [ALERT],
}


class AttendanceBatch(RootModel[list[AttendanceEvent]]):
    """A JSON batch: an array of records (or the same array as `{"events": [...]}`)."""

    model_config = ConfigDict(json_schema_extra={"examples": [[EVENT_EXAMPLE]]})


class RowRejection(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [REJECTION]})

    row: int = Field(description="The CSV line (the header is line 1) or the JSON index.")
    field: str
    reason: str
    code: str = Field(
        description="missing_field, unknown_field, bad_date, future_date, unknown_category, "
        "unknown_school, or the validation's own code."
    )


class AlertView(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [ALERT]})

    school_id: str
    student_unique_id: str
    rule: str = Field(description="unexcused_share or consecutive_days.")
    episode_start: date
    window_start: date
    window_end: date
    status: str = Field(description="raised, or pending while the pupil is not yet known.")
    concern_id: uuid.UUID | None


class AttendanceAnswer(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [BATCH_ANSWER]})

    message_id: uuid.UUID = Field(description="The inbox message that keeps the batch.")
    status: InboxStatus
    received: int
    accepted: int = Field(description="Records stored new, or with a changed category.")
    unchanged: int = Field(description="Records already stored as sent (or repeated in it).")
    rejected: int = Field(description="Rows refused; each reason is in `rejections`.")
    rejections: list[RowRejection]
    alerts: list[AlertView] = Field(
        description="Concerns the attendance rule raised with this batch, and episodes waiting "
        "(pending) until the pupil is a child we know."
    )


@router.post(
    "/concerns",
    status_code=status.HTTP_201_CREATED,
    summary="Push a concern (school registry, OneRoster-style)",
    description="A concern about a pupil, the pupil and the school named by your `sourcedId`s "
    "(the school linked by an administrator to one of our organisations). The child is found "
    "by IDNP or by your id for the pupil, else registered. Sending the same `sourcedId` again "
    "returns the concern the first message created (200, `replayed`).",
    responses=CREATE,
    openapi_extra=raw_body(
        {"application/json": concern_adapter.SchoolConcern},
        description="One concern, OneRoster-style (camelCase).",
    ),
)
async def push_concern(request: Request, actor: CurrentActor, response: Response) -> IntakeAnswer:
    if media_type(request) not in {"application/json", ""}:
        raise InvalidInput.field("Content-Type", "Send application/json.")
    outcome = await intake_service.take_in(
        session_factory(request),
        actor,
        channel=concern_adapter.CHANNEL,
        content_type="application/json",
        body=await raw_text(request),
        translate=concern_adapter.translate,
        request_id=request_id(request),
    )
    return answer(outcome, response)


def rule_of(settings: Settings) -> AttendanceRule:
    return AttendanceRule(
        window_days=settings.attendance_window_days,
        min_sessions=settings.attendance_min_sessions,
        unexcused_share=settings.attendance_unexcused_share,
        consecutive_days=settings.attendance_consecutive_days,
        episode_gap_days=settings.attendance_episode_gap_days,
    )


def _alert(alert: object) -> AlertView:
    return AlertView.model_validate(alert, from_attributes=True)


@router.post(
    "/attendance",
    summary="Send a batch of attendance records (Ed-Fi, JSON or CSV)",
    description="Ed-Fi StudentSchoolAttendanceEvent records, as `application/json` (an array, "
    'or `{"events": [...]}`) or `text/csv` (a header row with the field names), up to '
    "MAX_BATCH_BYTES (32 MiB). Every row is checked alone: bad rows are listed with their "
    "row number, field and reason, the others stored. A record is keyed by school, pupil, day "
    "and session: sent again it changes nothing, sent with another category it replaces it. "
    "The attendance rule is then applied to the pupils the batch changed; a concern is raised "
    "for the school once per episode.",
    responses=CREATE,
    openapi_extra=raw_body(
        {
            "application/json": AttendanceBatch,
            "text/csv": {"type": "string", "example": CSV_EXAMPLE},
        },
        description="Attendance records.",
    ),
)
async def push_attendance(request: Request, actor: CurrentActor) -> AttendanceAnswer:
    kind = media_type(request)
    if kind in {"application/json", ""}:
        read = attendance_adapter.from_json
    elif kind == "text/csv":
        read = attendance_adapter.from_csv
    else:
        raise InvalidInput.field("Content-Type", "Send application/json or text/csv.")
    settings: Settings = request.app.state.settings
    outcome = await attendance_service.take_in(
        session_factory(request),
        actor,
        channel=attendance_adapter.CHANNEL,
        content_type=kind or "application/json",
        body=await raw_text(request),
        read=read,
        rule=rule_of(settings),
        request_id=request_id(request),
    )
    duplicate = outcome.accepted == 0 and not outcome.rejections
    return AttendanceAnswer(
        message_id=outcome.message_id,
        status=InboxStatus.DUPLICATE if duplicate else InboxStatus.PROCESSED,
        received=outcome.received,
        accepted=outcome.accepted,
        unchanged=outcome.unchanged,
        rejected=outcome.rejected,
        rejections=[RowRejection(**vars(r)) for r in outcome.rejections],
        alerts=[_alert(a) for a in [*outcome.raised, *outcome.pending]],
    )
