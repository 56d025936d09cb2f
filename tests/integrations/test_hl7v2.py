"""HL7 v2 from a clinic, through HTTP as the clinic's records system; every answer an ACK, read
back with the `hl7` package."""

from __future__ import annotations

from typing import Any

import hl7

from app.persistence.tables.children import ChildIdentifier
from app.persistence.tables.concerns import Concern
from app.persistence.tables.intake import InboxMessage
from tests.conftest import Db
from tests.factories import Api, problem_of
from tests.fixture_files import text

URL = "/api/v1/integrations/hl7v2"
ER7 = "x-application/hl7-v2+er7"


async def send(api: Api, body: str, content_type: str = ER7) -> Any:
    return await api.client.post(
        URL,
        content=body.encode("utf-8"),
        headers={**api.headers("clinic_records"), "Content-Type": content_type},
    )


def ack_of(response: Any) -> hl7.Message:
    assert response.headers["content-type"].startswith(ER7)
    return hl7.parse(response.text)


def reason(ack: hl7.Message) -> str:
    """ERR-8, the user message, with HL7's escapes undone."""
    return str(ack.unescape(str(ack.segment("ERR")[8])))


def msa(ack: hl7.Message) -> tuple[str, str]:
    segment = ack.segment("MSA")
    return str(segment[1]), str(segment[2])


async def test_a_stat_referral_is_a_child_protection_concern_referred_at_once(
    api: Api, db: Db
) -> None:
    r = await send(api, text("hl7v2", "ref-i12-stat.hl7"))
    assert r.status_code == 200, r.text
    ack = ack_of(r)
    assert msa(ack) == ("AA", "MSG-000913")
    msh = ack.segment("MSH")
    # Sender and receiver swapped.
    assert (str(msh[3]), str(msh[4]), str(msh[5]), str(msh[6])) == (
        "GIRFEC",
        "MD",
        "SIA-AMP",
        "CS-CALARASI",
    )
    assert str(msh[9]) == "ACK^I12^ACK"
    concern_id = str(ack.segment("MSA")[3]).removeprefix("concern ")

    concern = await api.ok("GET", f"/api/v1/concerns/{concern_id}", "doctor")
    assert concern["urgency"] == "child_protection"
    assert concern["risk_category"] == "violence"
    assert concern["external_id"] == "CS-CAL-2025-000913"
    assert concern["organisation_id"] == api.world.org("clinic")
    assert "Trimis de: Svetlana Popova" in concern["description"]
    assert "Diagnostic: Abuz fizic, suspectat." in concern["description"]
    assert "Echimoze pe antebrațe" in concern["description"]
    assert "Explicații contradictorii" in concern["description"]
    assert concern["status"] == "referred"
    child = await api.ok("GET", f"/api/v1/children/{concern['child_id']}", "doctor")
    assert child["idnp"] == "2014003012342"
    assert (child["given_name"], child["family_name"], child["sex"]) == ("Ana", "Rusu", "female")

    # Sent again: accepted, nothing new.
    again = await send(api, text("hl7v2", "ref-i12-stat.hl7"))
    assert msa(ack_of(again)) == ("AA", "MSG-000913")
    assert len(await db.rows(Concern)) == 1
    (kept, repeat) = sorted(await db.rows(InboxMessage), key=lambda m: m.created_at)
    assert kept.channel == "hl7v2"
    assert repeat.status == "duplicate"


async def test_a_routine_referral_with_line_feeds_is_the_clinics_concern(api: Api) -> None:
    r = await send(api, text("hl7v2", "ref-i12-routine.hl7"), "text/plain")
    assert r.status_code == 200, r.text
    concern_id = str(ack_of(r).segment("MSA")[3]).removeprefix("concern ")
    concern = await api.ok("GET", f"/api/v1/concerns/{concern_id}", "doctor")
    assert concern["urgency"] == "routine"
    assert concern["risk_category"] is None
    # Not referred: off the child-protection path the family's consent is needed first.
    assert concern["status"] == "recorded"
    assert "Adresa: str. Independenței 3, Călărași." in concern["description"]


async def test_a_registration_links_the_clinics_id_and_an_update_finds_the_child(
    api: Api, db: Db
) -> None:
    r = await send(api, text("hl7v2", "adt-a04.hl7"))
    assert r.status_code == 200, r.text
    ack = ack_of(r)
    assert msa(ack) == ("AA", "MSG-000800")
    assert str(ack.segment("MSH")[9]) == "ACK^A04^ACK"
    child_id = str(ack.segment("MSA")[3]).removeprefix("child ")
    (link,) = await db.rows(ChildIdentifier)
    assert (str(link.child_id), link.system, link.value) == (
        child_id,
        "clinic-records",
        "FM-77001",
    )
    assert await db.rows(Concern) == []

    update = await send(api, text("hl7v2", "adt-a08.hl7"))
    assert msa(ack_of(update)) == ("AA", "MSG-000801")
    assert str(ack_of(update).segment("MSA")[3]) == f"child {child_id}"
    assert len(await db.rows(ChildIdentifier)) == 1


async def test_an_unsupported_message_type_is_rejected(api: Api, db: Db) -> None:
    r = await send(api, text("hl7v2", "oru-r01-unsupported.hl7"))
    assert r.status_code == 400
    ack = ack_of(r)
    assert msa(ack) == ("AR", "MSG-000999")
    err = ack.segment("ERR")
    assert str(err[2]) == "MSH^1^9"
    assert str(err[3]).startswith("200^Unsupported message type")
    assert "ORU^R01 is not taken here" in reason(ack)
    # Refused, but kept: nothing received is lost.
    (kept,) = await db.rows(InboxMessage)
    assert kept.status == "failed"


async def test_a_message_without_msh_is_rejected(api: Api) -> None:
    r = await send(api, text("hl7v2", "no-msh.hl7"))
    assert r.status_code == 400
    ack = ack_of(r)
    assert msa(ack)[0] == "AR"
    assert "MSH" in reason(ack)


async def test_a_referral_that_cannot_be_processed_is_kept_and_answered_ae(
    api: Api, db: Db
) -> None:
    r = await send(api, text("hl7v2", "ref-i12-no-id.hl7"))
    assert r.status_code == 422
    ack = ack_of(r)
    assert msa(ack) == ("AE", "MSG-000914")
    err = ack.segment("ERR")
    assert str(err[2]) == "RF1^1^6"
    assert str(err[3]).startswith("101^Required field missing")
    (kept,) = await db.rows(InboxMessage)
    assert kept.status == "failed"
    assert await db.rows(Concern) == []


async def test_a_stat_referral_without_a_risk_category_is_answered_ae(api: Api) -> None:
    body = text("hl7v2", "ref-i12-stat.hl7").replace(
        "violence^Suspiciune de violență^GIRFEC-RISK", ""
    )
    r = await send(api, body)
    assert r.status_code == 422
    ack = ack_of(r)
    assert str(ack.segment("ERR")[2]) == "RF1^1^10"
    assert "risk category" in reason(ack)


async def test_other_media_types_and_people_are_refused(api: Api) -> None:
    problem = problem_of(await send(api, text("hl7v2", "adt-a04.hl7"), "application/json"), 415)
    assert problem["type"] == "/problems/unsupported-media-type"
    r = await api.client.post(
        URL,
        content=text("hl7v2", "adt-a04.hl7").encode(),
        headers={**api.headers("doctor"), "Content-Type": ER7},
    )
    assert r.status_code == 403


async def test_a_new_patient_without_a_birth_date_is_answered_ae_at_pid_7(api: Api) -> None:
    body = text("hl7v2", "adt-a04.hl7").replace("FM-77001", "FM-77002").replace("|20190815|", "||")
    r = await send(api, body)
    assert r.status_code == 422
    ack = ack_of(r)
    assert msa(ack) == ("AE", "MSG-000800")
    assert str(ack.segment("ERR")[2]) == "PID^1^7"


async def test_every_message_is_kept_in_the_inbox_with_what_became_of_it(api: Api, db: Db) -> None:
    """Registrations and refused messages are kept as referrals are: nothing received is lost."""
    registered = await send(api, text("hl7v2", "adt-a04.hl7"))
    assert msa(ack_of(registered))[0] == "AA"
    refused = await send(api, text("hl7v2", "oru-r01-unsupported.hl7"))
    assert msa(ack_of(refused))[0] == "AR"
    kept = await db.rows(InboxMessage, order_by=InboxMessage.created_at)
    assert [m.status for m in kept] == ["processed", "failed"]
    assert kept[0].body.startswith("MSH|")
    assert kept[1].problem is not None
    assert "ORU^R01" in kept[1].problem["detail"]
