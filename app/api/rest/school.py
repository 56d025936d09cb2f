"""School registries: a OneRoster-style concern, and attendance batches (Ed-Fi
StudentSchoolAttendanceEvent, JSON or CSV). Both are kept raw in the inbox first."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from pydantic import ConfigDict, RootModel

from app.api.adapter_shell import media_type, raw_text, request_id, session_factory
from app.api.raw_body import raw_body
from app.api.rest.attendance_views import AttendanceAnswer, attendance_answer, rule_of
from app.api.rest.deps import CurrentActor
from app.api.rest.intake import IntakeAnswer, answer
from app.api.rest.responses import CREATE
from app.domain.attendance import EVENT_EXAMPLE, AttendanceEvent
from app.domain.errors import InvalidInput
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


class AttendanceBatch(RootModel[list[AttendanceEvent]]):
    """A JSON batch: an array of records (or the same array as `{"events": [...]}`)."""

    model_config = ConfigDict(json_schema_extra={"examples": [[EVENT_EXAMPLE]]})


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
    return attendance_answer(outcome)
