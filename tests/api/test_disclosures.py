"""Every read of a child's records, single or listed, leaves its entries in the access log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import col

from app.domain.cases import CaseStage
from app.persistence.tables.access_log import AccessLogEntry
from tests.conftest import Db
from tests.factories import Api


@dataclass
class Records:
    """One record of each aggregate, all about one child."""

    child: str
    observation: str
    concern: str
    referral: str
    case: str
    assessment: str
    plan: str
    action: str
    review: str


async def one_of_each(api: Api) -> Records:
    plan = await api.plan(actions=[api.action_body()])
    plan = await api.activate_plan(plan)
    child_id = plan["child_id"]
    review = await api.review(plan)
    observation = await api.observation(child_id)
    referral = await api.referral(concern=await api.concern(child_id=child_id))
    case = await api.case(child_id=child_id, stage=CaseStage.INITIAL_ASSESSMENT)
    assessment = await api.assessment(case)
    return Records(
        child=child_id,
        observation=observation["id"],
        concern=referral["concern_id"],
        referral=referral["id"],
        case=case["id"],
        assessment=assessment["id"],
        plan=plan["id"],
        action=plan["actions"][0]["id"],
        review=review["id"],
    )


@dataclass(frozen=True)
class Read:
    """A read endpoint: its URL (formatted with the records' ids), who asks, what it logs."""

    url: str
    operation: str
    resource_type: str
    record: str
    """The field of `Records` whose id the answer must include."""
    who: str = "teacher"
    params: tuple[tuple[str, str], ...] = ()


READS = [
    Read("/observations/{observation}", "read", "observation", "observation"),
    Read("/observations", "list", "observation", "observation", params=(("child_id", "child"),)),
    Read("/concerns/{concern}", "read", "concern", "concern"),
    Read("/concerns", "list", "concern", "concern", params=(("child_id", "child"),)),
    Read("/referrals/{referral}", "read", "referral", "referral"),
    Read("/referrals", "list", "referral", "referral"),
    Read("/referrals/{referral}/history", "read", "referral_history", "referral"),
    Read("/cases/{case}", "read", "case", "case", "social_worker"),
    Read("/cases", "list", "case", "case", "social_worker"),
    Read("/cases/{case}/team", "list", "team_member", "case", "social_worker"),
    Read("/assessments/{assessment}", "read", "assessment", "assessment", "social_worker"),
    Read("/assessments", "list", "assessment", "assessment", "social_worker"),
    Read("/plans/{plan}", "read", "plan", "plan"),
    Read("/plans", "list", "plan", "plan"),
    Read("/plans/{plan}/actions/{action}", "read", "plan_action", "action"),
    Read("/plan-actions", "list", "plan_action", "action", "doctor"),
    Read("/plans/{plan}/reviews", "list", "review", "review"),
]


def _items(body: Any) -> list[dict[str, Any]]:
    return list(body["items"] if isinstance(body, dict) else body)


@pytest.mark.parametrize("read", READS, ids=lambda r: f"{r.operation} {r.url}")
async def test_each_read_of_a_childs_record_is_disclosed(api: Api, db: Db, read: Read) -> None:
    records = await one_of_each(api)
    written = await db.rows(AccessLogEntry)
    assert {w.operation for w in written} <= {"create", "update", "action"}, (
        "before the read, only the writes that made the records are on record"
    )
    ids = vars(records)
    request_id = f"req-{uuid.uuid4()}"
    params = {name: ids[field] for name, field in read.params}
    body = await api.ok(
        "GET",
        "/api/v1" + read.url.format(**ids),
        read.who,
        params=params,
        headers={"X-Request-ID": request_id},
    )

    rows = await db.rows(
        AccessLogEntry,
        col(AccessLogEntry.request_id) == request_id,
        order_by=col(AccessLogEntry.id),
    )
    seen = sorted((r.operation, r.resource_type, r.resource_id, r.child_id) for r in rows)
    child = uuid.UUID(records.child)
    actor = uuid.UUID(api.world.person(read.who))
    assert {r.actor_id for r in rows} == {actor}
    mine = (read.operation, read.resource_type, ids[read.record], child)
    if read.operation == "read":
        # One entry, even where the record embeds others (a case shows its team): the embedded
        # rows are disclosed as part of that read.
        expected = [mine]
    else:
        items = _items(body)
        expected = [(read.operation, read.resource_type, i["id"], child) for i in items]
        if read.resource_type != "team_member":
            assert mine in expected, "the record made for this test is listed"
        assert len(rows) == len(items) > 0, "one entry per row shown, none for rows not shown"
    assert seen == sorted(expected)
