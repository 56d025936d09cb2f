"""The canonical intake and the inbox, through HTTP as a sector system's OAuth client."""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from app.persistence.tables.access_log import AccessLogEntry
from app.persistence.tables.concerns import Concern
from app.schemas import SCHEMAS_DIR
from tests.conftest import Db
from tests.factories import Api, an_idnp, problem_of
from tests.fixture_files import document

URL = "/api/v1/integrations/concerns"


def message(external_id: str = "ABS-2025-0001", **overrides: Any) -> dict[str, Any]:
    """The school registry's example message (tests/fixtures/canonical/absences.json)."""
    body: dict[str, Any] = document("canonical", "absences.json")
    body.update(external_id=external_id, **overrides)
    return body


def test_the_example_messages_follow_the_published_schema() -> None:
    schema = json.loads((SCHEMAS_DIR / "inbound-concern.schema.json").read_text("utf-8"))
    for name in ("absences.json", "injuries.json", "unmappable.json"):
        jsonschema.validate(document("canonical", name), schema)


async def test_a_concern_is_taken_in_once_and_a_repeat_returns_it(api: Api, db: Db) -> None:
    first = await api.client.post(URL, json=message(), headers=api.headers("school_registry"))
    assert first.status_code == 201, first.text
    answer = first.json()
    (taken,) = answer["concerns"]
    assert taken["match"] == "new"
    assert not taken["replayed"]
    assert answer["status"] == "processed"

    again = await api.client.post(URL, json=message(), headers=api.headers("school_registry"))
    assert again.status_code == 200
    (repeat,) = again.json()["concerns"]
    assert repeat["concern_id"] == taken["concern_id"]
    assert repeat["replayed"]
    assert again.json()["status"] == "duplicate"

    concern = await api.ok("GET", f"/api/v1/concerns/{taken['concern_id']}", "teacher")
    assert concern["source_system"] == "school-registry"
    assert concern["external_id"] == "ABS-2025-0001"
    assert concern["organisation_id"] == api.world.org("school")
    # The school's designated person decides it.
    (deadline,) = await db.deadlines(taken["concern_id"])
    assert str(deadline.assignee_id) == api.world.person("teacher")
    assert await db.rows(Concern)
    assert len(await db.rows(Concern)) == 1

    # The same pupil in the next message is found by the registry's id for them.
    second = await api.client.post(
        URL, json=message("ABS-2025-0002"), headers=api.headers("school_registry")
    )
    (found,) = second.json()["concerns"]
    assert found["match"] == "identifier"
    assert found["child_id"] == taken["child_id"]


async def test_a_child_known_by_idnp_is_matched_and_linked(api: Api) -> None:
    idnp = an_idnp()
    child = await api.child("teacher", idnp=idnp)
    body = message(child={"idnp": idnp, "identifier": "P-77"})
    r = await api.client.post(URL, json=body, headers=api.headers("clinic_records"))
    assert r.status_code == 201, r.text
    (taken,) = r.json()["concerns"]
    assert taken["match"] == "idnp"
    assert taken["child_id"] == child["id"]
    later = message("X-2", child={"identifier": "P-77"})
    again = await api.client.post(URL, json=later, headers=api.headers("clinic_records"))
    assert again.json()["concerns"][0]["child_id"] == child["id"]


async def test_a_referral_goes_to_the_local_guardianship_authority(api: Api) -> None:
    body = document("canonical", "injuries.json")
    r = await api.client.post(URL, json=body, headers=api.headers("clinic_records"))
    assert r.status_code == 201, r.text
    (taken,) = r.json()["concerns"]
    assert taken["referral_status"] == "received"
    referral = await api.ok("GET", f"/api/v1/referrals/{taken['referral_id']}", "social_worker")
    assert referral["to_organisation_id"] in {
        api.world.org("mayoralty"),
        api.world.org("directorate"),
    }


async def test_a_message_that_cannot_be_mapped_is_kept_corrected_and_processed(
    api: Api,
) -> None:
    bad = document("canonical", "unmappable.json")
    r = await api.client.post(URL, json=bad, headers=api.headers("school_registry"))
    problem = problem_of(r, 422)
    assert problem["errors"][0]["pointer"] == "#/child"
    message_id = problem["inbox_message_id"]

    kept = await api.ok("GET", f"/api/v1/inbox/{message_id}", "school_registry")
    assert kept["status"] == "failed"
    assert kept["problem"]["status"] == 422
    assert '"Ana"' in kept["body"]
    failed = await api.ok("GET", "/api/v1/inbox?status=failed", "admin")
    assert [m["id"] for m in failed["items"]] == [message_id]
    # Another system does not see it.
    other = await api.call("GET", f"/api/v1/inbox/{message_id}", "clinic_records")
    assert other.status_code == 404

    fixed = await api.client.post(
        f"/api/v1/inbox/{message_id}/reprocess",
        json={"body": json.dumps(message("FIXED-1"))},
        headers=api.headers("admin"),
    )
    assert fixed.status_code == 201, fixed.text
    assert fixed.json()["message_id"] == message_id
    after = await api.ok("GET", f"/api/v1/inbox/{message_id}", "school_registry")
    assert after["status"] == "processed"
    assert after["attempts"] == 2
    assert after["corrected_by_id"] == api.world.person("admin")
    concern = await api.ok("GET", f"/api/v1/concerns/{after['concern_id']}", "teacher")
    assert concern["source_system"] == "school-registry"


async def test_reading_a_kept_message_is_in_the_access_log(api: Api, db: Db) -> None:
    """A kept message holds what the sender said about a child: reading it is a disclosure."""
    r = await api.client.post(URL, json=message(), headers=api.headers("school_registry"))
    answer = r.json()
    await api.ok("GET", f"/api/v1/inbox/{answer['message_id']}", "admin")
    await api.ok("GET", "/api/v1/inbox", "school_registry")
    shown = [e for e in await db.rows(AccessLogEntry) if e.resource_type == "inbox_message"]
    assert [(e.operation, e.resource_id, str(e.child_id)) for e in shown] == [
        ("read", answer["message_id"], answer["concerns"][0]["child_id"]),
        ("read", answer["message_id"], answer["concerns"][0]["child_id"]),
    ]
    assert [str(e.actor_id) for e in shown] == [api.world.person("admin"), "None"]


async def test_malformed_json_is_kept_and_refused(api: Api) -> None:
    r = await api.client.post(
        URL,
        content=b'{"external_id": ',
        headers={**api.headers("school_registry"), "Content-Type": "application/json"},
    )
    problem = problem_of(r, 422)
    assert "not valid JSON" in problem["detail"]
    kept = await api.ok("GET", f"/api/v1/inbox/{problem['inbox_message_id']}", "school_registry")
    assert kept["body"] == '{"external_id": '


async def test_people_may_not_push_and_systems_may_not_speak_for_others(api: Api) -> None:
    r = await api.client.post(URL, json=message(), headers=api.headers("teacher"))
    assert r.status_code == 403
    body = message(organisation_id=api.world.org("police"))
    r = await api.client.post(URL, json=body, headers=api.headers("school_registry"))
    assert problem_of(r, 403)["inbox_message_id"]
