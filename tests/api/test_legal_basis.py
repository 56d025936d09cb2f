"""The legal basis for sharing over HTTP: consent or the child-protection exemption on every
referral and team membership, withdrawing a consent, and where the bases show."""

from __future__ import annotations

import uuid
from typing import Any

from app.domain.legal_basis import CHILD_PROTECTION_REFERENCE
from app.persistence.tables.access_log import AccessLogEntry
from tests.conftest import Db
from tests.factories import (
    CHILD_PROTECTION,
    REFERRAL_REASON,
    Api,
    consent_body,
    due_in,
    problem_of,
)

REFERRALS = "/api/v1/referrals"
BASES = "/api/v1/sharing-bases"


def referral_body(api: Api, concern: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "concern_id": concern["id"],
        "to_organisation_id": api.world.org("mayoralty"),
        "reason": REFERRAL_REASON,
        **extra,
    }


async def refused(api: Api, body: dict[str, Any], status: int = 422) -> dict[str, Any]:
    return problem_of(await api.call("POST", REFERRALS, json=body), status)


async def routine_case(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    """A routine referral made on the mother's consent, accepted with the social worker as lead:
    the case and the referral."""
    referral = await api.referral()
    lead = {"lead_professional_id": api.world.person("social_worker")}
    r = await api.act(f"{REFERRALS}/{referral['id']}/accept", "social_worker", lead, version=1)
    assert r.status_code == 200, r.text
    case = await api.ok("GET", f"/api/v1/cases/{r.json()['case_id']}", "social_worker")
    return case, r.json()


async def withdraw(api: Api, basis_id: str, version: int | str = 1) -> Any:
    body = {"reason": "Mama a retras consimțământul în scris la primărie."}
    return await api.act(f"{BASES}/{basis_id}/withdraw", "social_worker", body, version=version)


# ---- referring -------------------------------------------------------------------------------


async def test_a_routine_referral_without_a_basis_is_refused(api: Api) -> None:
    for urgency in ("routine", "priority"):
        concern = await api.concern(urgency=urgency)
        problem = await refused(api, referral_body(api, concern))
        assert problem["type"] == "/problems/legal-basis-required"
        [error] = problem["errors"]
        assert error["pointer"] == "#/legal_basis"
        assert "consent" in error["detail"]
        assert "child-protection path" in error["detail"]
        # Nothing changed: the concern can still be referred once the consent is obtained.
        unchanged = await api.ok("GET", f"/api/v1/concerns/{concern['id']}")
        assert unchanged["status"] == "recorded"
    listed = await api.client.get("/problems/legal-basis-required")
    assert listed.json()["status"] == 422


async def test_a_child_protection_referral_rests_on_the_exemption_by_default(
    api: Api, db: Db
) -> None:
    referral = await api.referral("doctor", to="directorate", **CHILD_PROTECTION)
    basis = referral["legal_basis"]
    assert basis["kind"] == "child_protection_exemption"
    assert basis["status"] == "active"
    assert "violence" in basis["grounds"]
    assert basis["legal_reference"] == CHILD_PROTECTION_REFERENCE
    assert basis["recorded_by_id"] == api.world.person("doctor")
    assert basis["given_by_name"] is None
    [event] = await db.events(type="referral.received")
    assert event.payload["legal_basis"] == {
        "id": basis["id"],
        "kind": "child_protection_exemption",
    }


async def test_a_consent_is_recorded_with_all_its_fields_and_shown_on_the_referral(
    api: Api,
) -> None:
    concern = await api.concern()
    consent = consent_body(
        given_by_name="Ion Rusu",
        given_by_relationship="guardian",
        given_at=due_in(-3),
        purpose="Evaluarea nevoilor familiei de către asistentul social.",
        valid_until=due_in(180),
    )
    r = await api.call("POST", REFERRALS, json=referral_body(api, concern, legal_basis=consent))
    assert r.status_code == 201, r.text
    shown = r.json()["legal_basis"]
    assert {k: shown[k] for k in consent} == consent
    assert shown["status"] == "active"
    assert shown["grounds"] is None
    assert shown["withdrawn_at"] is None
    assert shown["recorded_by_id"] == api.world.person("teacher")
    read = await api.ok("GET", f"{REFERRALS}/{r.json()['id']}")
    assert read["legal_basis"] == shown
    listed = await api.ok("GET", REFERRALS, params={"concern_id": concern["id"]})
    assert listed["items"][0]["legal_basis"] == shown
    [received] = await api.ok("GET", f"{REFERRALS}/{r.json()['id']}/history")
    assert received["payload"]["legal_basis"] == {"id": shown["id"], "kind": "consent"}


async def test_a_consent_without_an_end_stays_active(api: Api) -> None:
    consent = consent_body()
    del consent["valid_until"]
    referral = await api.referral(legal_basis=consent)
    assert referral["legal_basis"]["valid_until"] is None
    assert referral["legal_basis"]["status"] == "active"


async def test_an_expired_or_future_or_backwards_consent_is_refused(api: Api) -> None:
    concern = await api.concern()
    cases = {
        "#/legal_basis/valid_until": consent_body(given_at=due_in(-400), valid_until=due_in(-35)),
        "#/legal_basis/given_at": consent_body(given_at=due_in(5)),
        "#/legal_basis": consent_body(given_at=due_in(-3), valid_until=due_in(-3)),
    }
    for pointer, consent in cases.items():
        problem = await refused(api, referral_body(api, concern, legal_basis=consent))
        assert problem["type"] == "/problems/validation-error", pointer
        assert [e["pointer"] for e in problem["errors"]] == [pointer]
    expired = await refused(
        api, referral_body(api, concern, legal_basis=cases["#/legal_basis/valid_until"])
    )
    assert expired["errors"][0]["code"] == "consent_expired"
    assert "Obtain the family's consent again" in expired["detail"]


async def test_a_consent_needs_its_fields(api: Api) -> None:
    concern = await api.concern()
    bare = {"kind": "consent", "given_by_relationship": "parent"}
    problem = await refused(api, referral_body(api, concern, legal_basis=bare))
    pointers = {e["pointer"] for e in problem["errors"]}
    assert pointers == {
        "#/legal_basis/given_by_name",
        "#/legal_basis/given_at",
        "#/legal_basis/purpose",
    }
    stranger = consent_body(given_by_relationship="neighbour")
    problem = await refused(api, referral_body(api, concern, legal_basis=stranger))
    assert [e["pointer"] for e in problem["errors"]] == ["#/legal_basis/given_by_relationship"]


async def test_a_child_consents_alone_only_from_14(api: Api) -> None:
    young = await api.child(birth_date=due_in(-13 * 365))
    concern = await api.concern(child_id=young["id"])
    by_child = consent_body(given_by_name="Ana Rusu", given_by_relationship="child")
    problem = await refused(api, referral_body(api, concern, legal_basis=by_child))
    [error] = problem["errors"]
    assert error["pointer"] == "#/legal_basis/given_by_relationship"
    assert error["code"] == "child_too_young_to_consent"

    older = await api.child(birth_date=due_in(-15 * 365))
    concern = await api.concern(child_id=older["id"])
    referral = await api.referral(concern=concern, legal_basis=by_child)
    assert referral["legal_basis"]["given_by_relationship"] == "child"


async def test_the_exemption_is_refused_off_the_child_protection_path(api: Api) -> None:
    concern = await api.concern(urgency="priority")
    exemption = {"kind": "child_protection_exemption", "grounds": "Ni se pare grav."}
    problem = await refused(api, referral_body(api, concern, legal_basis=exemption))
    [error] = problem["errors"]
    assert error["pointer"] == "#/legal_basis/kind"
    assert error["code"] == "exemption_not_applicable"
    assert "child-protection path" in error["detail"]


async def test_an_exemption_given_on_the_path_keeps_its_grounds_and_reference(api: Api) -> None:
    exemption = {
        "kind": "child_protection_exemption",
        "grounds": "Copil lăsat fără supraveghere trei zile.",
        "legal_reference": "Legea nr. 140/2013, art. 8 alin. (1) lit. b)",
    }
    referral = await api.referral(legal_basis=exemption, **CHILD_PROTECTION)
    assert {k: referral["legal_basis"][k] for k in exemption} == exemption


async def test_a_recorded_consent_can_be_named_but_only_for_its_child(api: Api) -> None:
    first = await api.referral()
    consent_id = first["legal_basis"]["id"]
    again = await api.concern(child_id=first["child_id"])
    r = await api.call(
        "POST", REFERRALS, json=referral_body(api, again, sharing_basis_id=consent_id)
    )
    assert r.status_code == 201, r.text
    assert r.json()["legal_basis"]["id"] == consent_id

    other = await api.concern()
    for named in (consent_id, str(uuid.uuid4())):
        problem = await refused(api, referral_body(api, other, sharing_basis_id=named))
        assert [e["pointer"] for e in problem["errors"]] == ["#/sharing_basis_id"]
    both = referral_body(api, other, sharing_basis_id=consent_id, legal_basis=consent_body())
    assert (await refused(api, both))["errors"][0]["pointer"] == "#"


# ---- withdrawing a consent ---------------------------------------------------------------------


async def test_withdrawing_a_consent(api: Api, db: Db) -> None:
    referral = await api.referral()
    basis_id = referral["legal_basis"]["id"]
    read = await api.call("GET", f"{BASES}/{basis_id}", "social_worker")
    assert read.status_code == 200, read.text
    assert read.headers["ETag"] == '"1"'
    assert read.json()["legal_actions"] == ["withdraw"]
    assert read.json()["child_id"] == referral["child_id"]

    problem_of(
        await api.call(
            "POST", f"{BASES}/{basis_id}/withdraw", "social_worker", json={"reason": "Retras."}
        ),
        428,
    )
    assert problem_of(await withdraw(api, basis_id, version=7), 412)["current_version"] == 1
    r = await withdraw(api, basis_id)
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    withdrawn = r.json()
    assert withdrawn["status"] == "withdrawn"
    assert withdrawn["withdrawn_by_id"] == api.world.person("social_worker")
    assert withdrawn["withdrawal_reason"].startswith("Mama a retras")
    assert withdrawn["legal_actions"] == []

    shown = (await api.ok("GET", f"{REFERRALS}/{referral['id']}"))["legal_basis"]
    assert (shown["status"], shown["withdrawn_at"]) == ("withdrawn", withdrawn["withdrawn_at"])
    [event] = await db.events(type="sharing_basis.consent_withdrawn")
    assert str(event.aggregate_id) == basis_id
    assert str(event.child_id) == referral["child_id"]
    assert {str(o) for o in event.organisation_ids} == {
        api.world.org("school"),
        api.world.org("mayoralty"),
    }

    again = await withdraw(api, basis_id, version=2)
    assert problem_of(again, 409)["type"] == "/problems/illegal-transition"


async def test_a_withdrawn_consent_cannot_be_used_again(api: Api) -> None:
    referral = await api.referral()
    basis_id = referral["legal_basis"]["id"]
    assert (await withdraw(api, basis_id)).status_code == 200
    concern = await api.concern(child_id=referral["child_id"])
    problem = await refused(api, referral_body(api, concern, sharing_basis_id=basis_id))
    [error] = problem["errors"]
    assert (error["pointer"], error["code"]) == ("#/sharing_basis_id", "consent_withdrawn")
    # Nor may the authority go on with the referral that rests on it.
    r = await api.act(f"{REFERRALS}/{referral['id']}/accept", "social_worker", version=1)
    assert problem_of(r, 409)["legal_basis_status"] == "withdrawn"
    redirect = {"to_organisation_id": api.world.org("ungheni_mayoralty"), "reason": "S-au mutat."}
    r = await api.act(
        f"{REFERRALS}/{referral['id']}/redirect", "social_worker", redirect, version=1
    )
    assert problem_of(r, 409)["type"] == "/problems/conflict"
    r = await api.act(
        f"{REFERRALS}/{referral['id']}/decline",
        "social_worker",
        {"reason": "Fără acord."},
        version=1,
    )
    assert r.status_code == 200, r.text


async def test_the_exemption_cannot_be_withdrawn(api: Api) -> None:
    referral = await api.referral(**CHILD_PROTECTION)
    basis_id = referral["legal_basis"]["id"]
    assert (await api.ok("GET", f"{BASES}/{basis_id}", "social_worker"))["legal_actions"] == []
    problem = problem_of(await withdraw(api, basis_id), 409)
    assert problem["type"] == "/problems/illegal-transition"
    assert problem["legal_actions"] == []
    assert "child-protection exemption" in problem["detail"]


async def test_reading_a_basis_is_a_disclosure(api: Api, db: Db) -> None:
    referral = await api.referral()
    basis_id = referral["legal_basis"]["id"]
    await api.ok("GET", f"{BASES}/{basis_id}", "social_worker")
    [entry] = await db.rows(AccessLogEntry, AccessLogEntry.resource_type == "sharing_basis")
    assert (entry.operation, entry.resource_id, str(entry.child_id)) == (
        "read",
        basis_id,
        referral["child_id"],
    )
    assert problem_of(await api.call("GET", f"{BASES}/{uuid.uuid4()}"), 404)


# ---- redirecting -----------------------------------------------------------------------------


async def test_a_redirected_referral_carries_its_basis(api: Api) -> None:
    referral = await api.referral()
    body = {"to_organisation_id": api.world.org("ungheni_mayoralty"), "reason": "S-au mutat."}
    r = await api.act(f"{REFERRALS}/{referral['id']}/redirect", "social_worker", body, version=1)
    assert r.status_code == 200, r.text
    onward = await api.ok("GET", f"{REFERRALS}/{r.json()['redirected_to_id']}")
    assert onward["legal_basis"] == referral["legal_basis"]


# ---- the team around the child -----------------------------------------------------------------


async def test_a_team_member_on_a_routine_case_needs_a_consent(api: Api) -> None:
    case, referral = await routine_case(api)
    team = f"/api/v1/cases/{case['id']}/team"
    [lead] = case["team"]
    assert lead["legal_basis"]["id"] == referral["legal_basis"]["id"]
    member = {"professional_id": api.world.person("doctor"), "role": "medic de familie"}

    problem = problem_of(await api.call("POST", team, "social_worker", json=member), 422)
    assert problem["type"] == "/problems/legal-basis-required"
    assert problem["errors"][0]["pointer"] == "#/legal_basis"
    exemption = {"kind": "child_protection_exemption", "grounds": "Grav."}
    r = await api.call("POST", team, "social_worker", json={**member, "legal_basis": exemption})
    assert problem_of(r, 422)["errors"][0]["code"] == "exemption_not_applicable"

    on_the_referral = {**member, "sharing_basis_id": referral["legal_basis"]["id"]}
    joined = await api.ok("POST", team, "social_worker", json=on_the_referral, expect=201)
    assert joined["legal_basis"]["id"] == referral["legal_basis"]["id"]
    teacher = {"professional_id": api.world.person("teacher"), "role": "diriginte"}
    own = consent_body(given_by_name="Ana Rusu", given_by_relationship="legal_representative")
    added = await api.ok("POST", team, "social_worker", json={**teacher, "legal_basis": own})
    assert added["legal_basis"]["given_by_relationship"] == "legal_representative"

    listed = await api.ok("GET", team, "social_worker")
    assert all(m["legal_basis"]["kind"] == "consent" for m in listed)
    # Withdrawn, the consent shows so on every membership resting on it.
    assert (await withdraw(api, referral["legal_basis"]["id"])).status_code == 200
    read = await api.ok("GET", f"/api/v1/cases/{case['id']}", "social_worker")
    statuses = {m["professional_id"]: m["legal_basis"]["status"] for m in read["team"]}
    assert statuses == {
        api.world.person("social_worker"): "withdrawn",
        api.world.person("doctor"): "withdrawn",
        api.world.person("teacher"): "active",
    }
    # And access follows the basis: the doctor, on the family's withdrawn consent, no longer
    # sees the case; the teacher, on a consent still in force, does; the lead runs it still.
    case_url = f"/api/v1/cases/{case['id']}"
    assert problem_of(await api.call("GET", case_url, "doctor"), 404)["type"] == (
        "/problems/not-found"
    )
    await api.ok("GET", case_url, "teacher")
    # A member who leaves the team leaves the case file too.
    teacher_member = next(
        m for m in read["team"] if m["professional_id"] == api.world.person("teacher")
    )
    r = await api.call("DELETE", f"{team}/{teacher_member['id']}", "social_worker")
    assert r.status_code == 200, r.text
    assert (await api.call("GET", case_url, "teacher")).status_code == 404
    police = {"professional_id": api.world.person("officer"), "role": "inspector"}
    r = await api.call(
        "POST",
        team,
        "social_worker",
        json={**police, "sharing_basis_id": referral["legal_basis"]["id"]},
    )
    assert problem_of(r, 422)["errors"][0]["code"] == "consent_withdrawn"


async def test_a_team_member_on_a_child_protection_case_joins_on_the_exemption(
    api: Api,
) -> None:
    case = await api.case()
    [lead] = case["team"]
    assert lead["legal_basis"]["kind"] == "child_protection_exemption"
    assert lead["legal_basis"]["grounds"] == "Poliția a semnalat violență în familie"
    member = {"professional_id": api.world.person("teacher"), "role": "diriginte"}
    added = await api.ok(
        "POST", f"/api/v1/cases/{case['id']}/team", "social_worker", json=member, expect=201
    )
    assert added["legal_basis"]["kind"] == "child_protection_exemption"
    assert added["legal_basis"]["status"] == "active"


async def test_a_case_from_a_child_protection_referral_is_on_the_path(api: Api) -> None:
    referral = await api.referral(**CHILD_PROTECTION)
    r = await api.act(f"{REFERRALS}/{referral['id']}/accept", "social_worker", version=1)
    assert r.status_code == 200, r.text
    member = {"professional_id": api.world.person("doctor"), "role": "medic de familie"}
    added = await api.ok(
        "POST", f"/api/v1/cases/{r.json()['case_id']}/team", "social_worker", json=member
    )
    assert added["legal_basis"]["kind"] == "child_protection_exemption"


async def test_a_new_lead_joins_on_the_basis_of_the_case(api: Api) -> None:
    case, referral = await routine_case(api)
    r = await api.call(
        "PATCH",
        f"/api/v1/cases/{case['id']}",
        "social_worker",
        json={"lead_professional_id": api.world.person("supervisor")},
        headers={"If-Match": f'"{case["version"]}"'},
    )
    assert r.status_code == 200, r.text
    bases = {m["professional_id"]: m["legal_basis"]["id"] for m in r.json()["team"]}
    assert bases[api.world.person("supervisor")] == referral["legal_basis"]["id"]


# ---- the subject-access export -----------------------------------------------------------------


async def test_the_export_holds_the_childs_bases(api: Api) -> None:
    referral = await api.referral()
    consent_id = referral["legal_basis"]["id"]
    assert (await withdraw(api, consent_id)).status_code == 200
    concern = await api.concern(child_id=referral["child_id"], **CHILD_PROTECTION)
    protected = await api.referral(concern=concern)
    doc = await api.ok("GET", f"/api/v1/children/{referral['child_id']}/export", "dpo")
    rows = {row["id"]: row for row in doc["sharing_bases"]}
    assert set(rows) == {consent_id, protected["legal_basis"]["id"]}
    assert rows[consent_id]["withdrawal_reason"].startswith("Mama a retras")
    assert rows[protected["legal_basis"]["id"]]["kind"] == "child_protection_exemption"
