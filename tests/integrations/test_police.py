"""The police adapter, through HTTP as the police unit's records system: NIEM-style XML and its
JSON twin, one child-protection concern and one immediate referral per child involved."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
import xmlschema

from app.integrations.police import xml
from app.integrations.police.model import AdultRelationship, AdultRole, ChildRole, IncidentKind
from app.persistence.tables.concerns import Concern
from app.persistence.tables.intake import InboxMessage
from app.persistence.tables.referrals import Referral
from tests.conftest import Db
from tests.factories import Api, problem_of
from tests.fixture_files import text

URL = "/api/v1/integrations/police/incidents"
XML = "application/xml"


async def push(api: Api, name: str, content_type: str = XML, body: str | None = None) -> Any:
    return await api.client.post(
        URL,
        content=(body if body is not None else text("police", name)).encode("utf-8"),
        headers={**api.headers("police_records"), "Content-Type": content_type},
    )


async def test_the_xml_and_the_json_of_one_incident_are_one_concern(api: Api, db: Db) -> None:
    first = await push(api, "incident.xml")
    assert first.status_code == 201, first.text
    (taken,) = first.json()["concerns"]
    assert taken["external_id"] == "IP-CAL-2025-000317/PERS-88120"
    assert taken["match"] == "new"
    assert taken["referral_status"] == "received"
    # Referred the moment it arrived: the concern's own decision clock does not run.
    assert taken["concern_status"] == "referred"
    assert await db.deadlines(taken["concern_id"], open_only=True) == []

    concern = await api.ok("GET", f"/api/v1/concerns/{taken['concern_id']}", "officer")
    assert concern["urgency"] == "child_protection"
    assert concern["risk_category"] == "violence"
    assert concern["indicators"] == ["safe", "nurtured"]
    assert concern["organisation_id"] == api.world.org("police")
    assert concern["source_system"] == "police-records"
    # A factual summary: the kind, the child's role, the adults; not the officer's narrative.
    description = concern["description"]
    assert "violență în familie" in description
    assert "Rolul copilului: martor" in description
    assert "Gheorghe Țurcan (tatăl) — presupus agresor" in description
    assert "Lilia Țurcan (mama) — victimă" in description
    assert "Vasile Țurcanu, insigna 0417" in description
    assert "ebrietate" not in description

    # The guardianship authority is notified at once, on the child-protection exemption, and
    # its answer is due within 24 hours.
    referral = await api.ok("GET", f"/api/v1/referrals/{taken['referral_id']}", "social_worker")
    assert referral["to_organisation_id"] == api.world.org("mayoralty")
    assert referral["legal_basis"]["kind"] == "child_protection_exemption"
    due = datetime.fromisoformat(referral["due_at"])
    created = datetime.fromisoformat(referral["created_at"])
    assert (due - created).total_seconds() == 24 * 3600

    child = await api.ok("GET", f"/api/v1/children/{taken['child_id']}", "officer")
    assert (child["given_name"], child["family_name"]) == ("Mihaela", "Țurcan")
    assert child["idnp"] == "2013004170015"

    # The same incident from the same system, now as JSON: a repeat, nothing new.
    again = await push(api, "incident.json", "application/json")
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "duplicate"
    (repeat,) = again.json()["concerns"]
    assert repeat["concern_id"] == taken["concern_id"]
    assert repeat["replayed"]
    assert len(await db.rows(Concern)) == 1
    assert len(await db.rows(Referral)) == 1
    channels = {m.channel for m in await db.rows(InboxMessage)}
    assert channels == {"police.xml", "police.json"}


async def test_two_children_are_two_concerns_and_two_referrals_once(api: Api, db: Db) -> None:
    r = await push(api, "two-children.xml", "text/xml; charset=utf-8")
    assert r.status_code == 201, r.text
    taken = r.json()["concerns"]
    assert [t["external_id"] for t in taken] == [
        "IP-CAL-2025-000402/PERS-90211",
        "IP-CAL-2025-000402/PERS-90212",
    ]
    assert len({t["child_id"] for t in taken}) == 2
    assert all(t["referral_status"] == "received" for t in taken)
    for t in taken:
        concern = await api.ok("GET", f"/api/v1/concerns/{t['concern_id']}", "officer")
        assert concern["urgency"] == "child_protection"
        assert concern["risk_category"] == "without_care"
        assert "Alți copii implicați în incident: 1." in concern["description"]
        # The other child is not named in this child's concern.
        assert ("Alexandra" in concern["description"]) is False

    again = await push(api, "two-children.xml")
    assert again.status_code == 200
    assert all(t["replayed"] for t in again.json()["concerns"])
    assert len(await db.rows(Concern)) == 2
    assert len(await db.rows(Referral)) == 2

    # The police system's next report finds the children by its own person ids.
    as_json = {
        "incident_id": "IP-CAL-2025-000450",
        "occurred_at": "2025-03-25T10:00:00+02:00",
        "kind": "child_missing",
        "place": {"territory_code": "calarasi"},
        "children": [
            {
                "person_id": "PERS-90211",
                "given_name": "Dumitru",
                "family_name": "Ceban",
                "role": "missing_person",
            }
        ],
        "reporting_unit": {"name": "Inspectoratul de Poliție Călărași"},
        "officer": {"name": "Vasile Țurcanu"},
    }
    later = await push(api, "", "application/json", json.dumps(as_json))
    assert later.status_code == 201, later.text
    (found,) = later.json()["concerns"]
    assert found["match"] == "identifier"
    assert found["child_id"] == taken[0]["child_id"]


async def test_a_report_not_valid_against_the_schema_is_kept_and_refused(api: Api, db: Db) -> None:
    r = await push(api, "invalid.xml")
    problem = problem_of(r, 422)
    assert problem["type"] == "/problems/validation-error"
    (error,) = problem["errors"]
    assert error["path"] == "/pi:IncidentReport/pi:InvolvedChild/nc:PersonIDNP"
    assert "pattern" in error["detail"]
    kept = await api.ok("GET", f"/api/v1/inbox/{problem['inbox_message_id']}", "police_records")
    assert kept["status"] == "failed"
    assert kept["channel"] == "police.xml"
    assert kept["problem"]["errors"][0]["pointer"] == error["path"]
    assert await db.rows(Concern) == []

    # Corrected through the inbox, it is processed by the same adapter.
    fixed = text("police", "invalid.xml").replace(
        "<nc:PersonIDNP>20130041700</nc:PersonIDNP>",
        "<nc:PersonIDNP>2015004170020</nc:PersonIDNP>",
    )
    # A child not known before is registered, so needs a birth date: the next refusal says so.
    r = await api.client.post(
        f"/api/v1/inbox/{problem['inbox_message_id']}/reprocess",
        json={"body": fixed},
        headers=api.headers("police_records"),
    )
    assert problem_of(r, 422)["errors"][0]["pointer"] == "#/child/birth_date"
    fixed = fixed.replace(
        "</nc:PersonName>",
        "</nc:PersonName><nc:PersonBirthDate><nc:Date>2015-01-09</nc:Date></nc:PersonBirthDate>",
    )
    r = await api.client.post(
        f"/api/v1/inbox/{problem['inbox_message_id']}/reprocess",
        json={"body": fixed},
        headers=api.headers("police_records"),
    )
    assert r.status_code == 201, r.text
    (taken,) = r.json()["concerns"]
    concern = await api.ok("GET", f"/api/v1/concerns/{taken['concern_id']}", "officer")
    assert concern["risk_category"] == "violence"
    assert concern["indicators"] == ["safe", "healthy"]


async def test_a_field_the_schema_allows_but_the_service_refuses_points_at_it(api: Api) -> None:
    wrong_check_digit = text("police", "incident.xml").replace("2013004170015", "2013004170016")
    problem = problem_of(await push(api, "", body=wrong_check_digit), 422)
    assert problem["errors"][0]["pointer"] == "#/children/0/idnp"


ATTACKS = {
    "attack-doctype.xml": "DOCTYPE",
    "attack-xxe.xml": "DOCTYPE",
    "attack-billion-laughs.xml": "DOCTYPE",
    "attack-schema-location.xml": "Schema location",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
async def test_unsafe_xml_is_refused_before_anything_is_expanded_or_fetched(
    api: Api, db: Db, name: str
) -> None:
    problem = problem_of(await push(api, name), 400)
    assert problem["type"] == "/problems/unsafe-xml"
    assert ATTACKS[name] in problem["detail"]
    assert "root:" not in json.dumps(problem)  # nothing of /etc/passwd
    kept = await api.ok("GET", f"/api/v1/inbox/{problem['inbox_message_id']}", "police_records")
    assert kept["status"] == "failed"
    assert kept["problem"]["type"] == "/problems/unsafe-xml"
    assert await db.rows(Concern) == []


async def test_the_schema_location_refused_is_named(api: Api) -> None:
    problem = problem_of(await push(api, "attack-schema-location.xml"), 400)
    assert problem["errors"][0]["path"] == "/pi:IncidentReport/@xsi:schemaLocation"


async def test_malformed_xml_and_other_media_types(api: Api, db: Db) -> None:
    problem = problem_of(await push(api, "", body="<pi:IncidentReport"), 422)
    assert "not well-formed XML" in problem["detail"]
    r = await push(api, "incident.json", "text/csv")
    problem = problem_of(r, 415)
    assert problem["type"] == "/problems/unsupported-media-type"
    # Refused before it was kept: only the malformed message is in the inbox.
    assert len(await db.rows(InboxMessage)) == 1


async def test_only_systems_report_incidents(api: Api) -> None:
    r = await api.client.post(
        URL,
        content=text("police", "incident.xml").encode(),
        headers={**api.headers("officer"), "Content-Type": XML},
    )
    assert r.status_code == 403


def test_the_schema_and_the_json_model_share_their_codes() -> None:
    schema = xml.schema()

    def enumeration(type_name: str) -> set[str]:
        simple = schema.maps.types[f"{{{xml.J}}}{type_name}"]
        assert isinstance(simple, xmlschema.validators.XsdAtomicRestriction)
        return {str(v) for v in simple.enumeration or ()}

    assert enumeration("IncidentCategoryCodeType") == {k.value for k in IncidentKind}
    assert enumeration("ChildRoleCodeType") == {r.value for r in ChildRole}
    assert enumeration("AdultRoleCodeType") == {r.value for r in AdultRole}
    assert enumeration("RelationshipCodeType") == {r.value for r in AdultRelationship}


def test_the_fixtures_are_valid_and_the_attacks_never_reach_the_validator() -> None:
    for name in ("incident.xml", "two-children.xml"):
        xml.validate(xml.parse_safely(text("police", name)))
