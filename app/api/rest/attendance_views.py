"""What an attendance batch became: counts, every rejected row, the alerts raised or waiting.
Shared by the school registry's route and the inbox's reprocessing of a kept batch."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from app.domain import examples as ex
from app.domain.attendance import AttendanceRule
from app.domain.intake import InboxStatus
from app.services.attendance import BatchOutcome
from app.settings import Settings

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


def attendance_answer(outcome: BatchOutcome) -> AttendanceAnswer:
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
