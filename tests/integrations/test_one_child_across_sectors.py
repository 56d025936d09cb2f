"""The same child reported by the school's registry, the clinic's records and the police, each in
its own standard and as its own OAuth client, ends as one child record (or, when it is not sure,
one review task for a social worker); messages sent again create nothing; each sender hears only
of its own concern."""

from __future__ import annotations

import json
from typing import Any

import httpx

from app.persistence.tables.children import Child
from app.persistence.tables.concerns import Concern
from tests.conftest import Db
from tests.factories import Api, an_idnp
from tests.fixture_files import document, fhir
from tests.school_registry import CONCERNS, link_school

FHIR = "/fhir/r4"
POLICE = "/api/v1/integrations/police/incidents"
BIRTH = "2012-04-10"


async def from_school(api: Api, idnp: str) -> httpx.Response:
    message = document("school", "concern.json")
    message["student"].update(idnp=idnp, birthDate=BIRTH)
    return await api.client.post(CONCERNS, json=message, headers=api.headers("school_registry"))


def clinic_bundle(birth_date: str = BIRTH, city: str = "Călărași") -> dict[str, Any]:
    """The clinic knows the boy without his IDNP, by a name typed without diacritics."""
    bundle = fhir("transaction-bundle", an_idnp())
    patient = bundle["entry"][0]["resource"]
    patient["identifier"] = [{"system": "urn:oid:1.2.498.1.7.1", "value": "FM-40021"}]
    patient.update(
        name=[{"use": "official", "family": "Capatina", "given": ["Stefan"]}],
        gender="male",
        birthDate=birth_date,
        address=[{"city": city, "district": "Călărași", "country": "MD"}],
    )
    return bundle


async def from_clinic(api: Api, bundle: dict[str, Any]) -> httpx.Response:
    return await api.client.post(
        FHIR,
        content=json.dumps(bundle).encode(),
        headers={**api.headers("clinic_records"), "Content-Type": "application/fhir+json"},
    )


async def from_police(api: Api, idnp: str) -> httpx.Response:
    incident = document("police", "incident.json")
    incident["children"] = [
        {
            "person_id": "PERS-90077",
            "idnp": idnp,
            "given_name": "Ștefan",
            "family_name": "Căpățînă",
            "birth_date": BIRTH,
            "sex": "male",
            "role": "victim",
        }
    ]
    return await api.client.post(POLICE, json=incident, headers=api.headers("police_records"))


def patient_of(answer: dict[str, Any]) -> str:
    location = str(answer["entry"][0]["response"]["location"])
    assert location.startswith("Patient/")
    return location.removeprefix("Patient/")


async def feed(api: Api, who: str) -> list[str]:
    events = await api.ok("GET", "/api/v1/status-events?limit=200", who)
    return [e["type"] for e in events["items"]]


async def test_school_clinic_and_police_report_one_child(api: Api, db: Db) -> None:
    await link_school(api)
    idnp = an_idnp()

    school = await from_school(api, idnp)
    assert school.status_code == 201, school.text
    (at_school,) = school.json()["concerns"]
    assert at_school["match"] == "new"
    child_id = at_school["child_id"]

    clinic = await from_clinic(api, clinic_bundle())
    assert clinic.status_code == 200, clinic.text
    assert patient_of(clinic.json()) == child_id
    assert clinic.json()["entry"][1]["response"]["status"] == "201 Created"

    police = await from_police(api, idnp)
    assert police.status_code == 201, police.text
    (at_police,) = police.json()["concerns"]
    assert at_police["match"] == "idnp"
    assert at_police["child_id"] == child_id
    assert at_police["referral_status"] == "received"

    children = await db.rows(Child)
    assert [str(c.id) for c in children] == [child_id]
    concerns = await db.rows(Concern)
    assert {str(c.child_id) for c in concerns} == {child_id}
    assert sorted(c.source_system or "" for c in concerns) == [
        "clinic-records",
        "police-records",
        "school-registry",
    ]
    # The clinic's and the police's referrals reach the guardianship authority.
    referrals = await api.ok("GET", f"/api/v1/referrals?child_id={child_id}", "social_worker")
    assert len(referrals["items"]) == 2

    # Each sender hears of its own concern, and only of it.
    assert await feed(api, "school_registry") == ["concern.received"]
    assert sorted(await feed(api, "clinic_records")) == ["concern.received", "referral.received"]
    assert sorted(await feed(api, "police_records")) == ["concern.received", "referral.received"]

    # Sent again, every message is a replay: nothing new anywhere.
    assert (await from_school(api, idnp)).json()["concerns"][0]["replayed"]
    again = await from_clinic(api, clinic_bundle())
    assert [e["response"]["status"] for e in again.json()["entry"]][:2] == ["200 OK", "200 OK"]
    assert (await from_police(api, idnp)).json()["concerns"][0]["replayed"]
    assert len(await db.rows(Child)) == 1
    assert len(await db.rows(Concern)) == 3


async def test_a_child_the_service_is_unsure_of_is_one_review_task(api: Api, db: Db) -> None:
    await link_school(api)
    school = await from_school(api, an_idnp())
    assert school.status_code == 201, school.text
    known = school.json()["concerns"][0]["child_id"]

    # A birth date one digit off: perhaps a typo, perhaps another boy of the same name.
    unsure = await from_clinic(api, clinic_bundle(birth_date="2012-04-11"))
    assert unsure.status_code == 200, unsure.text
    registered = patient_of(unsure.json())
    assert registered != known

    reviews = await api.ok("GET", "/api/v1/identity-reviews", "social_worker")
    (review,) = reviews["items"]
    assert {review["child_id"], review["candidate_id"]} == {registered, known}
    assert len(await db.rows(Child)) == 2
    # Sent again, the clinic's message makes no second child and no second review.
    await from_clinic(api, clinic_bundle(birth_date="2012-04-11"))
    assert len((await api.ok("GET", "/api/v1/identity-reviews", "social_worker"))["items"]) == 1
    assert len(await db.rows(Child)) == 2
