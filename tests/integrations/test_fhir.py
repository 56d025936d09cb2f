"""HL7 FHIR R4 for clinics, through HTTP as the clinic's records system: referrals in (a
transaction Bundle, a ServiceRequest), their progress back as Tasks, errors as OperationOutcome."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.task import Task

from app.domain.cases import CaseAction
from app.domain.deadlines import utcnow
from app.integrations.fhir import codes
from app.persistence.tables.concerns import Concern
from app.persistence.tables.referrals import Referral
from tests.conftest import Db
from tests.factories import Api, an_idnp
from tests.fixture_files import fhir

BASE = "/fhir/r4"
FHIR = {"Content-Type": "application/fhir+json"}


def fixture(name: str, idnp: str | None = None) -> dict[str, Any]:
    return fhir(name, idnp or an_idnp())


async def push(api: Api, body: Any, url: str = BASE, who: str = "clinic_records") -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return await api.client.post(url, content=content, headers={**api.headers(who), **FHIR})


def outcome_of(r: httpx.Response, status: int) -> dict[str, Any]:
    """The OperationOutcome of an error answer: a valid resource with codes from the value sets."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/fhir+json")
    body = dict(r.json())
    OperationOutcome.model_validate(body)
    for issue in body["issue"]:
        assert issue["severity"] in codes.ISSUE_SEVERITY
        assert issue["code"] in codes.ISSUE_TYPES
    return body


def check_task(task: dict[str, Any]) -> None:
    Task.model_validate(task)
    assert task["status"] in codes.TASK_STATUS
    assert task["intent"] in codes.TASK_INTENT
    (coding,) = task["businessStatus"]["coding"]
    assert coding["system"] == codes.BUSINESS_STATUS_SYSTEM
    assert coding["code"] in codes.BUSINESS_STATUS


async def task_of(api: Api, referral_id: str) -> dict[str, Any]:
    r = await api.call("GET", f"{BASE}/Task/{referral_id}", "clinic_records")
    assert r.status_code == 200, r.text
    task = dict(r.json())
    check_task(task)
    return task


async def test_a_transaction_becomes_one_concern_and_its_referral(api: Api, db: Db) -> None:
    idnp = an_idnp()
    known = await api.child("doctor", idnp=idnp, given_name="Ana", family_name="Rusu")
    r = await push(api, fixture("transaction-bundle", idnp))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/fhir+json; fhirVersion=4.0"
    answer = r.json()
    Bundle.model_validate(answer)
    assert answer["type"] == "transaction-response"
    statuses = [e["response"]["status"] for e in answer["entry"]]
    # One entry per entry sent, in order: Patient, ServiceRequest, Condition, Observation, Consent.
    assert statuses == ["200 OK", "201 Created", "200 OK", "200 OK", "200 OK"]
    patient, request, condition, observation, consent = (e["response"] for e in answer["entry"])
    assert patient["location"] == f"Patient/{known['id']}"
    concern_id = request["location"].removeprefix("ServiceRequest/")
    for folded in (condition, observation):
        assert "location" not in folded
        (issue,) = folded["outcome"]["issue"]
        assert issue["severity"] == "information"
        assert "folded" in issue["diagnostics"]
    assert "legal basis" in consent["outcome"]["issue"][0]["diagnostics"]

    concern = await api.ok("GET", f"/api/v1/concerns/{concern_id}", "doctor")
    assert concern["child_id"] == known["id"]
    assert concern["urgency"] == "priority"
    assert concern["indicators"] == ["healthy", "nurtured"]
    assert concern["external_id"] == "CS-CAL-2025-001207"
    assert "Malnutriție ușoară" in concern["description"]
    assert "24.5 kg" in concern["description"]
    (referral,) = await db.rows(Referral)
    assert referral.to_organisation_id == api.world.organisations["mayoralty"]
    shown = await api.ok("GET", f"/api/v1/referrals/{referral.id}", "social_worker")
    assert shown["legal_basis"]["kind"] == "consent"
    assert shown["legal_basis"]["given_by_name"] == "Elena Rusu"

    inbox = await api.ok("GET", "/api/v1/inbox?channel=fhir.transaction", "clinic_records")
    (kept,) = inbox["items"]
    assert kept["status"] == "processed"
    assert '"CS-CAL-2025-001207"' in kept["body"]

    # Sent again: nothing new, every entry 200 OK.
    again = await push(api, fixture("transaction-bundle", idnp))
    assert [e["response"]["status"] for e in again.json()["entry"]] == ["200 OK"] * 5
    assert again.json()["entry"][1]["response"]["location"] == request["location"]
    assert len(await db.rows(Concern)) == 1
    assert len(await db.rows(Referral)) == 1


async def test_a_service_request_alone_finds_the_child_by_the_clinics_record_number(
    api: Api,
) -> None:
    first = await push(api, fixture("transaction-bundle"))
    patient = first.json()["entry"][0]["response"]
    assert patient["status"] == "201 Created"
    r = await push(api, fixture("service-request"), f"{BASE}/ServiceRequest")
    assert r.status_code == 201, r.text
    assert r.json()["id"] == r.headers["Location"].removeprefix("ServiceRequest/")
    concern = await api.ok("GET", f"/api/v1/concerns/{r.json()['id']}", "doctor")
    assert f"Patient/{concern['child_id']}" == patient["location"]
    assert concern["urgency"] == "routine"
    again = await push(api, fixture("service-request"), f"{BASE}/ServiceRequest")
    assert again.status_code == 200
    assert again.json()["id"] == r.json()["id"]


async def test_a_child_protection_referral_rests_on_the_exemption(api: Api) -> None:
    r = await push(api, fixture("child-protection"))
    assert r.status_code == 200, r.text
    location = r.json()["entry"][1]["response"]["location"]
    concern = await api.ok(
        "GET", f"/api/v1/{location.replace('ServiceRequest', 'concerns')}", "doctor"
    )
    assert concern["urgency"] == "child_protection"
    assert concern["risk_category"] == "violence"
    referrals = await api.ok(
        "GET", f"/api/v1/referrals?concern_id={concern['id']}", "social_worker"
    )
    (referral,) = referrals["items"]
    assert referral["legal_basis"]["kind"] == "child_protection_exemption"
    task = await task_of(api, referral["id"])
    assert task["priority"] == "stat"
    assert task["focus"]["reference"] == location


async def test_the_task_follows_the_referral_and_the_case(api: Api) -> None:
    r = await push(api, fixture("transaction-bundle"))
    concern_id = r.json()["entry"][1]["response"]["location"].removeprefix("ServiceRequest/")
    referrals = await api.ok("GET", f"/api/v1/referrals?concern_id={concern_id}", "social_worker")
    (referral,) = referrals["items"]
    task = await task_of(api, referral["id"])
    assert task["status"] == "received"
    assert task["businessStatus"]["coding"][0]["code"] == "referral-received"
    assert task["requester"]["reference"] == f"Organization/{api.world.org('clinic')}"
    assert task["owner"]["reference"] == f"Organization/{api.world.org('mayoralty')}"
    assert task["for"]["reference"] == f"Patient/{referral['child_id']}"
    assert task["focus"]["reference"] == f"ServiceRequest/{concern_id}"
    before = task["lastModified"]

    lead = {"lead_professional_id": api.world.person("social_worker")}
    accepted = await api.act(
        f"/api/v1/referrals/{referral['id']}/accept",
        "social_worker",
        lead,
        version=referral["version"],
    )
    assert accepted.status_code == 200, accepted.text
    task = await task_of(api, referral["id"])
    assert task["status"] == "accepted"
    assert task["businessStatus"]["coding"][0]["code"] == "case-initial_assessment"
    assert task["lastModified"] > before

    case = await api.ok("GET", f"/api/v1/cases/{accepted.json()['case_id']}", "social_worker")
    case = await api.move_case(case, CaseAction.START_COMPLEX_ASSESSMENT)
    task = await task_of(api, referral["id"])
    assert task["status"] == "in-progress"
    assert task["businessStatus"]["coding"][0]["code"] == "case-complex_assessment"

    await api.move_case(case, CaseAction.CLOSE, "social_worker")
    task = await task_of(api, referral["id"])
    assert task["status"] == "completed"
    assert task["businessStatus"]["coding"][0]["code"] == "case-closed"


async def test_a_redirected_referral_points_at_the_task_that_carries_on(api: Api) -> None:
    r = await push(api, fixture("transaction-bundle"))
    concern_id = r.json()["entry"][1]["response"]["location"].removeprefix("ServiceRequest/")
    (referral,) = (
        await api.ok("GET", f"/api/v1/referrals?concern_id={concern_id}", "social_worker")
    )["items"]
    moved = await api.act(
        f"/api/v1/referrals/{referral['id']}/redirect",
        "social_worker",
        {
            "to_organisation_id": api.world.org("ungheni_mayoralty"),
            "reason": "Familia s-a mutat la Ungheni.",
        },
        version=referral["version"],
    )
    assert moved.status_code == 200, moved.text
    task = await task_of(api, referral["id"])
    assert task["status"] == "rejected"
    assert task["statusReason"]["text"] == "Familia s-a mutat la Ungheni."
    onward = task["output"][0]["valueReference"]["reference"].removeprefix("Task/")
    carried = await task_of(api, onward)
    assert carried["status"] == "received"
    assert carried["focus"] == task["focus"]
    assert carried["owner"]["reference"] == f"Organization/{api.world.org('ungheni_mayoralty')}"


async def test_declined_and_withdrawn_referrals_say_why(api: Api) -> None:
    first = await push(api, fixture("transaction-bundle"))
    body = fixture("service-request")
    body["identifier"][0]["value"] = "CS-CAL-2025-001312"
    second = await push(api, body, f"{BASE}/ServiceRequest")
    assert second.status_code == 201, second.text
    ids = []
    for concern_id in (
        first.json()["entry"][1]["response"]["location"].removeprefix("ServiceRequest/"),
        second.json()["id"],
    ):
        found = await api.ok("GET", f"/api/v1/referrals?concern_id={concern_id}", "social_worker")
        ids.append(found["items"][0]["id"])
    declined = await api.act(
        f"/api/v1/referrals/{ids[0]}/decline",
        "social_worker",
        {"reason": "Familia primește deja sprijin prin serviciul de sprijin familial."},
        version=1,
    )
    assert declined.status_code == 200, declined.text
    task = await task_of(api, ids[0])
    assert task["status"] == "rejected"
    assert task["statusReason"]["text"].startswith("Familia primește deja")

    withdrawn = await api.client.post(
        f"/api/v1/referrals/{ids[1]}/withdraw",
        json={"reason": "Trimisă din greșeală; o retragem."},
        headers={**api.headers("clinic_records"), "If-Match": '"1"'},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    task = await task_of(api, ids[1])
    assert task["status"] == "cancelled"
    assert task["statusReason"]["text"] == "Trimisă din greșeală; o retragem."

    cancelled = await api.call("GET", f"{BASE}/Task?status=cancelled", "clinic_records")
    assert [e["resource"]["id"] for e in cancelled.json()["entry"]] == [ids[1]]


async def test_search_by_requester_and_last_updated_returns_only_newer(api: Api) -> None:
    await push(api, fixture("transaction-bundle"))
    mark = utcnow()
    r = await push(api, fixture("child-protection"))
    assert r.status_code == 200, r.text
    clinic = api.world.org("clinic")
    everything = await api.call(
        "GET", f"{BASE}/Task?requester=Organization/{clinic}", "clinic_records"
    )
    assert everything.status_code == 200, everything.text
    bundle = everything.json()
    Bundle.model_validate(bundle)
    assert bundle["type"] == "searchset"
    assert len(bundle["entry"]) == 2
    for entry in bundle["entry"]:
        check_task(entry["resource"])
    since = (mark - timedelta(microseconds=1)).isoformat()
    newer = await api.client.get(
        f"{BASE}/Task",
        params={"requester": f"Organization/{clinic}", "_lastUpdated": f"gt{since}"},
        headers=api.headers("clinic_records"),
    )
    (only,) = newer.json()["entry"]
    assert only["resource"]["priority"] == "stat"
    # Paging: one a page, with a next link.
    paged = await api.call("GET", f"{BASE}/Task?_count=1", "clinic_records")
    links = {link["relation"]: link["url"] for link in paged.json()["link"]}
    assert len(paged.json()["entry"]) == 1
    following = await api.client.get(links["next"], headers=api.headers("clinic_records"))
    assert len(following.json()["entry"]) == 1
    assert (
        following.json()["entry"][0]["resource"]["id"] != paged.json()["entry"][0]["resource"]["id"]
    )
    # Another organisation as requester: nothing.
    other = await api.call(
        "GET", f"{BASE}/Task?requester=Organization/{api.world.org('school')}", "clinic_records"
    )
    assert other.json().get("entry", []) == []


async def test_another_system_cannot_read_the_task(api: Api) -> None:
    r = await push(api, fixture("child-protection"))
    concern_id = r.json()["entry"][1]["response"]["location"].removeprefix("ServiceRequest/")
    found = await api.ok("GET", f"/api/v1/referrals?concern_id={concern_id}", "social_worker")
    referral_id = found["items"][0]["id"]
    hidden = await api.call("GET", f"{BASE}/Task/{referral_id}", "school_registry")
    issue = outcome_of(hidden, 404)["issue"][0]
    assert issue["code"] == "not-found"
    listed = await api.call("GET", f"{BASE}/Task", "school_registry")
    assert listed.json().get("entry", []) == []


async def test_errors_are_operation_outcomes_pointing_at_the_element(api: Api) -> None:
    malformed = await push(api, b'{"resourceType": "Bundle", ')
    issue = outcome_of(malformed, 422)["issue"][0]
    assert issue["code"] == "structure"
    assert issue["expression"] == ["Bundle"]
    assert "inbox message" in issue["diagnostics"]

    wrong = await push(api, fixture("service-request"))
    issue = outcome_of(wrong, 422)["issue"][0]
    assert issue["expression"] == ["Bundle.resourceType"]

    bad_priority = fixture("transaction-bundle")
    bad_priority["entry"][1]["resource"]["priority"] = "whenever"
    issue = outcome_of(await push(api, bad_priority), 422)["issue"][0]
    assert issue["code"] == "code-invalid"
    assert issue["expression"] == ["Bundle.entry[1].resource.priority"]

    bad_gender = fixture("transaction-bundle")
    bad_gender["entry"][0]["resource"]["gender"] = "f"
    issue = outcome_of(await push(api, bad_gender), 422)["issue"][0]
    assert issue["expression"] == ["Bundle.entry[0].resource.gender"]

    no_id = fixture("transaction-bundle")
    del no_id["entry"][1]["resource"]["identifier"]
    issue = outcome_of(await push(api, no_id), 422)["issue"][0]
    assert issue["code"] == "required"
    assert issue["expression"] == ["Bundle.entry[1].resource.identifier"]

    bad_date = fixture("transaction-bundle")
    bad_date["entry"][0]["resource"]["birthDate"] = "01.03.2014"
    issue = outcome_of(await push(api, bad_date), 422)["issue"][0]
    assert issue["expression"] == ["Bundle.entry[0].resource.birthDate"]

    no_consent = fixture("transaction-bundle")
    no_consent["entry"][1]["resource"]["supportingInfo"] = []
    no_consent["entry"].pop()
    issue = outcome_of(await push(api, no_consent), 422)["issue"][0]
    assert issue["expression"] == ["Bundle.entry[1].resource.supportingInfo"]
    assert "consent" in issue["diagnostics"]

    not_fhir = await api.client.post(
        BASE,
        content=b"<Bundle/>",
        headers={**api.headers("clinic_records"), "Content-Type": "application/xml"},
    )
    assert outcome_of(not_fhir, 415)["issue"][0]["code"] == "not-supported"
    anonymous = await api.client.post(BASE, content=b"{}", headers=FHIR)
    assert outcome_of(anonymous, 401)["issue"][0]["code"] == "login"
    person = await push(api, fixture("child-protection"), who="doctor")
    assert outcome_of(person, 403)["issue"][0]["code"] == "forbidden"
    nowhere = await api.call("GET", f"{BASE}/Nothing", "clinic_records")
    outcome_of(nowhere, 404)
    # The REST API keeps problem+json.
    rest = await api.call("GET", "/api/v1/nothing", "clinic_records")
    assert rest.headers["content-type"] == "application/problem+json"


async def test_the_capability_statement_is_public(api: Api) -> None:
    r = await api.client.get(f"{BASE}/metadata")
    assert r.status_code == 200
    statement = r.json()
    CapabilityStatement.model_validate(statement)
    assert statement["fhirVersion"] == "4.0.1"
    (rest,) = statement["rest"]
    assert rest["mode"] == "server"
    kinds = {r["type"]: {i["code"] for i in r["interaction"]} for r in rest["resource"]}
    assert kinds == {
        "Patient": {"read"},
        "ServiceRequest": {"create", "read"},
        "Task": {"read", "search-type"},
    }
    (task,) = (r for r in rest["resource"] if r["type"] == "Task")
    (last_updated,) = (p for p in task["searchParam"] if p["name"] == "_lastUpdated")
    assert last_updated["type"] == "date"
    assert "gt, ge, lt, le, eq" in last_updated["documentation"]
    assert rest["security"]["service"][0]["coding"][0]["code"] == "OAuth"
