"""What a clinic can read back over FHIR R4, through HTTP as its records system: the Patient and
ServiceRequest a transaction-response's `location`s name, each entry's outcome saying what
became of it, and the Task search's `_lastUpdated` prefixes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.servicerequest import ServiceRequest
from sqlmodel import col

from app.integrations.fhir import codes
from app.persistence.tables.access_log import AccessLogEntry
from tests.conftest import Db
from tests.factories import Api, an_idnp
from tests.integrations.test_fhir import BASE, fixture, outcome_of, push, task_of

CONDITION_URL = "urn:uuid:7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
CONSENT_URL = "urn:uuid:d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70"


async def read(api: Api, location: str, who: str = "clinic_records") -> dict[str, Any]:
    r = await api.call("GET", f"{BASE}/{location}", who)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/fhir+json; fhirVersion=4.0"
    return dict(r.json())


def locations(answer: httpx.Response) -> tuple[str, str]:
    assert answer.status_code == 200, answer.text
    entries = answer.json()["entry"]
    return entries[0]["response"]["location"], entries[1]["response"]["location"]


def diagnostics(entry: dict[str, Any]) -> tuple[str, str]:
    (issue,) = entry["response"]["outcome"]["issue"]
    assert issue["code"] in codes.ISSUE_TYPES
    return issue["severity"], issue["diagnostics"]


def check_service_request(resource: dict[str, Any]) -> None:
    ServiceRequest.model_validate(resource)
    assert resource["status"] in codes.REQUEST_STATUS
    assert resource["intent"] in codes.REQUEST_INTENT
    assert resource["priority"] in codes.REQUEST_PRIORITY
    for concept in resource.get("category", []):
        for coding in concept["coding"]:
            assert coding["system"] == codes.INDICATOR_SYSTEM
            assert coding["code"] in codes.INDICATORS
    for concept in resource.get("reasonCode", []):
        for coding in concept["coding"]:
            assert coding["system"] == codes.RISK_CATEGORY_SYSTEM
            assert coding["code"] in codes.RISK_CATEGORIES


# ---- the locations can be read -----------------------------------------------------------------


async def test_the_patient_location_reads_the_child_as_the_clinic_may_know_them(
    api: Api, db: Db
) -> None:
    idnp = an_idnp()
    # The school knew Ana first, with its own pupil number and her address: not the clinic's.
    await api.child(
        "teacher",
        idnp=idnp,
        given_name="Ana",
        family_name="Rusu",
        identifiers=[{"system": "urn:md:siime:elev", "value": "E-40117"}],
    )
    patient_at, _ = locations(await push(api, fixture("transaction-bundle", idnp)))

    patient = await read(api, patient_at)
    Patient.model_validate(patient)
    assert patient["resourceType"] == "Patient"
    assert f"Patient/{patient['id']}" == patient_at
    assert patient["gender"] in codes.ADMINISTRATIVE_GENDER
    assert patient["gender"] == "female"
    assert patient["identifier"] == [
        {"system": codes.IDNP_SYSTEM, "value": idnp},
        {"system": "urn:oid:1.2.498.1.7.1", "value": "FM-88213"},
    ]
    assert patient["name"] == [{"use": "official", "family": "Rusu", "given": ["Ana"]}]
    assert set(patient) == {
        "resourceType",
        "id",
        "meta",
        "identifier",
        "name",
        "gender",
        "birthDate",
    }

    # The read went through the access policy and is in the access log, as the clinic's.
    logged = await db.rows(
        AccessLogEntry,
        col(AccessLogEntry.client_id) == "clinic-records",
        col(AccessLogEntry.operation) == "read",
        col(AccessLogEntry.resource_type) == "child",
        col(AccessLogEntry.resource_id) == patient["id"],
    )
    assert len(logged) == 1

    # The police's system has no reason to see Ana: 404, as for a child that does not exist.
    hidden = await api.call("GET", f"{BASE}/{patient_at}", "police_records")
    assert outcome_of(hidden, 404)["issue"][0]["code"] == "not-found"
    nothing = await api.call("GET", f"{BASE}/Patient/not-an-id", "clinic_records")
    assert outcome_of(nothing, 404)["issue"][0]["code"] == "not-found"
    # A person uses the REST API.
    person = await api.call("GET", f"{BASE}/{patient_at}", "doctor")
    assert outcome_of(person, 403)["issue"][0]["code"] == "forbidden"


async def test_the_service_request_location_reads_the_concern_for_its_sender_only(
    api: Api,
) -> None:
    patient_at, request_at = locations(await push(api, fixture("transaction-bundle")))

    resource = await read(api, request_at)
    check_service_request(resource)
    assert f"ServiceRequest/{resource['id']}" == request_at
    assert resource["status"] == "active"
    assert resource["intent"] == "order"
    assert resource["priority"] == "urgent"
    assert resource["subject"] == {"reference": patient_at}
    clinic = f"Organization/{api.world.org('clinic')}"
    assert resource["requester"] == {"reference": clinic}
    (identifier,) = resource["identifier"]
    assert identifier["value"] == "CS-CAL-2025-001207"
    assert identifier["assigner"] == {"reference": clinic}
    # authoredOn as sent (11:20 at +02:00), in UTC.
    assert resource["authoredOn"] == "2026-11-10T09:20:00Z"
    assert [c["code"] for c in resource["category"][0]["coding"]] == ["healthy", "nurtured"]
    assert "Malnutriție ușoară" in resource["note"][0]["text"]

    # Another system reads nothing: 404, as for a request that does not exist.
    for who in ("school_registry", "police_records"):
        hidden = await api.call("GET", f"{BASE}/{request_at}", who)
        issue = outcome_of(hidden, 404)["issue"][0]
        assert issue["code"] == "not-found"

    # A child-protection referral: stat, with its risk category.
    _, stat_at = locations(await push(api, fixture("child-protection")))
    stat = await read(api, stat_at)
    check_service_request(stat)
    assert stat["priority"] == "stat"
    assert stat["reasonCode"][0]["coding"][0]["code"] == "violence"


async def test_a_concern_the_clinics_doctor_closed_is_a_completed_service_request(
    api: Api,
) -> None:
    """Any concern of the clinic reads as a ServiceRequest, one raised by its doctor too (it
    carries no identifier then: the clinic's system did not send it)."""
    concern = await api.concern("doctor", status="closed")
    resource = await read(api, f"ServiceRequest/{concern['id']}")
    check_service_request(resource)
    assert resource["status"] == "completed"
    assert resource["requester"] == {"reference": f"Organization/{api.world.org('clinic')}"}
    assert "identifier" not in resource
    assert resource["subject"] == {"reference": f"Patient/{concern['child_id']}"}


# ---- each entry's outcome says what became of it ----------------------------------------------


async def test_each_entry_says_what_became_of_it(api: Api) -> None:
    body = fixture("transaction-bundle")
    # A Condition nothing references (a clinic's export carries the whole visit).
    body["entry"].append(
        {
            "fullUrl": CONDITION_URL,
            "resource": {
                "resourceType": "Condition",
                "code": {"text": "Rinofaringită acută"},
                "subject": {"reference": body["entry"][0]["fullUrl"]},
            },
            "request": {"method": "POST", "url": "Condition"},
        }
    )
    r = await push(api, body)
    assert r.status_code == 200, r.text
    patient, request, condition, observation, consent, unreferenced = r.json()["entry"]
    assert patient["response"]["status"] == "201 Created"
    for folded in (condition, observation):
        severity, said = diagnostics(folded)
        assert severity == "information"
        assert "folded into the concern's description" in said
    assert diagnostics(consent) == (
        "information",
        "Recorded as the referral's legal basis (the family's consent), not stored as a "
        "Consent resource.",
    )
    severity, said = diagnostics(unreferenced)
    assert severity == "warning"
    assert said.startswith("Ignored: nothing was taken from this Condition.")
    assert unreferenced["response"]["status"] == "200 OK"
    assert "location" not in unreferenced["response"]

    concern_id = request["response"]["location"].removeprefix("ServiceRequest/")
    concern = await api.ok("GET", f"/api/v1/concerns/{concern_id}", "doctor")
    assert "Malnutriție ușoară" in concern["description"]
    assert "Rinofaringită" not in concern["description"]


async def test_a_referenced_condition_without_text_says_nothing_was_taken(api: Api) -> None:
    body = fixture("transaction-bundle")
    del body["entry"][2]["resource"]["code"]
    r = await push(api, body)
    assert r.status_code == 200, r.text
    severity, said = diagnostics(r.json()["entry"][2])
    assert severity == "warning"
    assert "carries no text" in said


async def test_a_consent_on_the_child_protection_path_is_not_needed(api: Api) -> None:
    body = fixture("child-protection")
    consent = fixture("transaction-bundle")["entry"][4]
    consent["resource"]["patient"] = {"reference": body["entry"][0]["fullUrl"]}
    body["entry"].append(consent)
    body["entry"][1]["resource"]["supportingInfo"] = [{"reference": CONSENT_URL}]
    r = await push(api, body)
    assert r.status_code == 200, r.text
    severity, said = diagnostics(r.json()["entry"][2])
    assert severity == "information"
    assert said.startswith("Not needed and not recorded")
    assert "child-protection exemption" in said

    concern_id = r.json()["entry"][1]["response"]["location"].removeprefix("ServiceRequest/")
    (referral,) = (
        await api.ok("GET", f"/api/v1/referrals?concern_id={concern_id}", "social_worker")
    )["items"]
    assert referral["legal_basis"]["kind"] == "child_protection_exemption"


# ---- _lastUpdated -------------------------------------------------------------------------------


async def search(api: Api, *last_updated: str) -> httpx.Response:
    return await api.client.get(
        f"{BASE}/Task",
        params=[("_lastUpdated", value) for value in last_updated],
        headers=api.headers("clinic_records"),
    )


async def found(api: Api, *last_updated: str) -> set[str]:
    r = await search(api, *last_updated)
    assert r.status_code == 200, r.text
    return {e["resource"]["id"] for e in r.json().get("entry", [])}


async def test_last_updated_takes_each_prefix_and_a_day(api: Api) -> None:
    tasks = []
    for name in ("transaction-bundle", "child-protection"):
        _, request_at = locations(await push(api, fixture(name)))
        concern_id = request_at.removeprefix("ServiceRequest/")
        (referral,) = (
            await api.ok("GET", f"/api/v1/referrals?concern_id={concern_id}", "social_worker")
        )["items"]
        tasks.append(await task_of(api, referral["id"]))
    first, second = tasks
    one, two = first["id"], second["id"]
    t1, t2 = first["lastModified"], second["lastModified"]
    assert t1 < t2

    assert await found(api, f"gt{t1}") == {two}
    assert await found(api, f"ge{t1}") == {one, two}
    assert await found(api, f"lt{t2}") == {one}
    assert await found(api, f"le{t2}") == {one, two}
    assert await found(api, f"lt{t1}") == set()
    assert await found(api, f"eq{t1}") == {one}
    assert await found(api, t2) == {two}
    # Two values are a window.
    assert await found(api, f"ge{t1}", f"lt{t2}") == {one}

    today = datetime.now(UTC).date().isoformat()
    assert await found(api, today) == {one, two}
    assert await found(api, f"eq{today}") == {one, two}
    assert await found(api, f"ge{today}") == {one, two}
    assert await found(api, f"le{today}") == {one, two}
    assert await found(api, f"gt{today}") == set()
    assert await found(api, f"lt{today}") == set()


async def test_last_updated_refuses_other_prefixes_and_values(api: Api) -> None:
    for prefix in ("ne", "sa", "eb", "ap"):
        refused = await search(api, f"{prefix}2026-11-23T08:00:00Z")
        (issue,) = outcome_of(refused, 400)["issue"]
        assert issue["code"] == "not-supported"
        assert issue["expression"] == ["_lastUpdated"]
        assert f"The {prefix} prefix is not supported" in issue["diagnostics"]
    for value in ("gt2026-11-23T08:00:00", "geyesterday", "2026-13-01"):
        bad = await search(api, value)
        (issue,) = outcome_of(bad, 400)["issue"]
        assert issue["code"] == "value"
        assert issue["expression"] == ["_lastUpdated"]
