"""The school registry adapter over HTTP, as the `school_registry` system: OneRoster-style
concerns, Ed-Fi attendance batches (JSON and CSV), and the attendance rule."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from app.persistence.tables.attendance import AttendanceAlert, AttendanceEvent
from app.persistence.tables.concerns import Concern
from tests.conftest import Db
from tests.factories import Api, problem_of
from tests.fixture_files import document, text
from tests.school_registry import (
    ATTENDANCE,
    CONCERNS,
    HEADER,
    SCHOOL,
    link_school,
    rows,
    school_days,
)


async def push_concern(api: Api) -> None:
    """The registry's example concern: afterwards the pupil is a known child."""
    r = await api.client.post(
        CONCERNS, json=document("school", "concern.json"), headers=api.headers("school_registry")
    )
    assert r.status_code in (200, 201), r.text


async def send_csv(api: Api, text: str) -> dict[str, Any]:
    r = await api.client.post(
        ATTENDANCE,
        content=text.encode(),
        headers={**api.headers("school_registry"), "Content-Type": "text/csv"},
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


async def test_the_admin_links_a_school_and_a_concern_reaches_its_designated_person(
    api: Api, db: Db
) -> None:
    link = await link_school(api)
    url = f"/api/v1/admin/organisations/{api.world.org('school')}/identifiers"
    assert [i["id"] for i in await api.ok("GET", url, "admin")] == [link["id"]]
    refused = await api.call("POST", url, "teacher", json={"system": "x", "value": "y"})
    assert refused.status_code == 403
    again = await api.call(
        "POST", url, "admin", json={"system": "school-registry", "value": SCHOOL}
    )
    assert problem_of(again, 409)

    body = document("school", "concern.json")
    r = await api.client.post(CONCERNS, json=body, headers=api.headers("school_registry"))
    assert r.status_code == 201, r.text
    (taken,) = r.json()["concerns"]
    assert taken["match"] == "new"
    concern = await api.ok("GET", f"/api/v1/concerns/{taken['concern_id']}", "teacher")
    assert concern["organisation_id"] == api.world.org("school")
    assert concern["external_id"] == body["sourcedId"]
    (deadline,) = await db.deadlines(taken["concern_id"])
    assert str(deadline.assignee_id) == api.world.person("teacher")
    child = await api.ok("GET", f"/api/v1/children/{taken['child_id']}", "teacher")
    assert child["given_name"] == "Ștefan"

    repeat = await api.client.post(CONCERNS, json=body, headers=api.headers("school_registry"))
    assert repeat.status_code == 200
    assert repeat.json()["concerns"][0]["concern_id"] == taken["concern_id"]
    assert len(await db.rows(Concern)) == 1
    # The next message about the pupil finds them by the registry's sourcedId.
    body2 = {**body, "sourcedId": "SIIME-MSG-2", "student": {"sourcedId": "E-2019-004512"}}
    r2 = await api.client.post(CONCERNS, json=body2, headers=api.headers("school_registry"))
    assert r2.json()["concerns"][0]["child_id"] == taken["child_id"]
    assert r2.json()["concerns"][0]["match"] == "identifier"

    removed = await api.call("DELETE", f"{url}/{link['id']}", "admin")
    assert removed.status_code == 204
    assert await api.ok("GET", url, "admin") == []


async def test_a_registry_cannot_report_for_a_school_it_is_not_linked_to(api: Api) -> None:
    # The clinic's records system is linked to the school id; the registry is not.
    url = f"/api/v1/admin/organisations/{api.world.org('school')}/identifiers"
    await api.ok(
        "POST", url, "admin", json={"system": "clinic-records", "value": SCHOOL}, expect=201
    )
    body = document("school", "concern.json")
    r = await api.client.post(CONCERNS, json=body, headers=api.headers("school_registry"))
    problem = problem_of(r, 422)
    assert problem["errors"][0]["pointer"] == "#/organisation_ref"
    assert problem["inbox_message_id"]
    batch = await send_csv(api, text("school", "attendance.csv"))
    assert batch["accepted"] == 0
    assert {x["code"] for x in batch["rejections"] if x["field"] == "schoolId"} == {
        "unknown_school"
    }


async def test_a_bad_concern_points_into_the_registry_shape(api: Api) -> None:
    body = document("school", "concern.json")
    del body["student"]["sourcedId"]
    r = await api.client.post(CONCERNS, json=body, headers=api.headers("school_registry"))
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/student/sourcedId"


async def test_attendance_batches_accumulate_and_bad_rows_are_listed(api: Api, db: Db) -> None:
    await link_school(api)
    first = await api.client.post(
        ATTENDANCE,
        content=text("school", "attendance.json").encode(),
        headers={**api.headers("school_registry"), "Content-Type": "application/json"},
    )
    assert first.status_code == 200, first.text
    assert first.json() | {"message_id": None} == {
        "message_id": None,
        "status": "processed",
        "received": 3,
        "accepted": 3,
        "unchanged": 0,
        "rejected": 0,
        "rejections": [],
        "alerts": [],
    }
    answer = await send_csv(api, text("school", "attendance.csv"))
    assert (answer["received"], answer["accepted"], answer["rejected"]) == (7, 2, 5)
    found = {(x["row"], x["field"], x["code"]) for x in answer["rejections"]}
    assert found == {
        (4, "attendanceEventCategoryDescriptor", "unknown_category"),
        (5, "eventDate", "bad_date"),
        (6, "studentUniqueId", "missing_field"),
        (7, "schoolId", "unknown_school"),
        (8, "eventDate", "future_date"),
    }
    assert all(x["reason"] for x in answer["rejections"])
    assert len(await db.rows(AttendanceEvent)) == 5
    # Sent again: nothing new.
    again = await send_csv(api, text("school", "attendance.csv"))
    assert (again["accepted"], again["unchanged"]) == (0, 2)
    assert len(await db.rows(AttendanceEvent)) == 5
    # A later send of the same record with another category replaces it.
    changed = await send_csv(api, HEADER + f"E-2019-004512,{SCHOOL},2025-03-05,Present\n")
    assert changed["accepted"] == 1
    stored = await db.rows(AttendanceEvent, AttendanceEvent.event_date == date(2025, 3, 5))
    assert {e.category for e in stored if e.student_unique_id == "E-2019-004512"} == {"present"}
    kept = await api.ok("GET", f"/api/v1/inbox/{answer['message_id']}", "school_registry")
    assert kept["status"] == "processed"
    assert kept["channel"] == "school.attendance"


async def test_a_batch_without_the_header_is_refused_and_kept(api: Api) -> None:
    r = await api.client.post(
        ATTENDANCE,
        content=b"a,b\n1,2\n",
        headers={**api.headers("school_registry"), "Content-Type": "text/csv"},
    )
    problem = problem_of(r, 422)
    assert problem["errors"][0]["pointer"] == "#/header"
    kept = await api.ok("GET", f"/api/v1/inbox/{problem['inbox_message_id']}", "school_registry")
    assert kept["status"] == "failed"


async def test_a_failed_batch_is_corrected_and_processed_from_the_inbox(api: Api, db: Db) -> None:
    await link_school(api)
    days = school_days(3)
    body = rows("E-2019-004512", days, {0})
    r = await api.client.post(
        ATTENDANCE,
        content=body.encode(),  # the header row forgotten
        headers={**api.headers("school_registry"), "Content-Type": "text/csv"},
    )
    message_id = problem_of(r, 422)["inbox_message_id"]
    assert await db.rows(AttendanceEvent) == []

    fixed = await api.client.post(
        f"/api/v1/inbox/{message_id}/reprocess",
        json={"body": HEADER + body},
        headers=api.headers("school_registry"),
    )
    assert fixed.status_code == 200, fixed.text
    answer = fixed.json()
    assert answer["message_id"] == message_id
    assert (answer["received"], answer["accepted"], answer["rejected"]) == (3, 3, 0)
    assert len(await db.rows(AttendanceEvent)) == 3
    kept = await api.ok("GET", f"/api/v1/inbox/{message_id}", "school_registry")
    assert kept["status"] == "processed"
    assert kept["attempts"] == 2


async def test_the_share_rule_raises_once_per_episode(api: Api, db: Db) -> None:
    await link_school(api)
    pupil = "E-2019-004512"
    # The pupil is known: the registry pushed a concern about them.
    await api.client.post(
        CONCERNS,
        json=document("school", "concern.json"),
        headers=api.headers("school_registry"),
    )
    days = school_days(21)
    answer = await send_csv(api, HEADER + rows(pupil, days[:20], {3, 9, 15}))
    (alert,) = answer["alerts"]
    assert alert["rule"] == "unexcused_share"
    assert alert["status"] == "raised"
    concern = await api.ok("GET", f"/api/v1/concerns/{alert['concern_id']}", "teacher")
    assert concern["urgency"] == "routine"
    assert "2 din 10 sesiuni" in concern["description"]
    assert set(concern["indicators"]) == {"achieving", "included"}
    (deadline,) = await db.deadlines(alert["concern_id"])
    assert str(deadline.assignee_id) == api.world.person("teacher")
    # The next day's batch: the rule still holds, but the episode goes on.
    next_day = await send_csv(api, HEADER + rows(pupil, days[20:], set()))
    assert next_day["accepted"] == 1
    assert next_day["alerts"] == []
    assert len(await db.rows(AttendanceAlert)) == 1
    assert len(await db.rows(Concern)) == 2


async def test_five_days_in_a_row_raise_a_priority_concern_once(api: Api, db: Db) -> None:
    await link_school(api)
    pupil = "E-2019-004512"
    await api.client.post(
        CONCERNS,
        json=document("school", "concern.json"),
        headers=api.headers("school_registry"),
    )
    days = school_days(7)
    answer = await send_csv(api, HEADER + rows(pupil, days[:5], {0, 1, 2, 3, 4}))
    (alert,) = answer["alerts"]
    assert alert["rule"] == "consecutive_days"
    concern = await api.ok("GET", f"/api/v1/concerns/{alert['concern_id']}", "teacher")
    assert concern["urgency"] == "priority"
    more = await send_csv(api, HEADER + rows(pupil, days[5:6], {0}))
    assert more["alerts"] == []
    assert len(await db.rows(AttendanceAlert)) == 1


async def test_an_unknown_pupil_waits_then_is_raised(api: Api, db: Db) -> None:
    await link_school(api)
    pupil = "E-2019-004512"
    days = school_days(6)
    answer = await send_csv(api, HEADER + rows(pupil, days[:5], {0, 1, 2, 3, 4}))
    (alert,) = answer["alerts"]
    assert (alert["status"], alert["concern_id"]) == ("pending", None)
    assert await db.rows(Concern) == []
    await api.client.post(
        CONCERNS,
        json=document("school", "concern.json"),
        headers=api.headers("school_registry"),
    )
    later = await send_csv(api, HEADER + rows(pupil, days[5:], set()))
    (raised,) = later["alerts"]
    assert raised["status"] == "raised"
    assert len(await db.rows(Concern)) == 2


async def test_a_batch_of_100000_rows_is_accepted(api: Api, db: Db) -> None:
    await link_school(api)
    days = school_days(50)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER.strip().split(","))
    for p in range(2000):
        for i, d in enumerate(days):
            category = "Unexcused Absence" if (p + i) % 7 == 0 else "Present"
            writer.writerow([f"E-{p:06d}", SCHOOL, d.isoformat(), category])
    answer = await send_csv(api, out.getvalue())
    assert (answer["received"], answer["accepted"], answer["rejected"]) == (100_000, 100_000, 0)
    assert answer["alerts"]
    assert all(a["status"] == "pending" for a in answer["alerts"])
