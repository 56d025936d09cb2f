"""A caseload screen costs the same number of SQL statements for 1 case as for 100: every
relation (child, referrals, team, plan actions) is loaded by a DataLoader, once per page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import event

from app.domain.text import search_key
from app.persistence.tables.cases import Case, TeamMember
from app.persistence.tables.children import Child
from app.persistence.tables.concerns import Concern
from app.persistence.tables.plans import Plan, PlanAction
from app.persistence.tables.referrals import Referral
from app.persistence.uow import UnitOfWork
from tests.factories import Api

pytestmark = pytest.mark.db

CASELOAD = """query {
  myCaseload(first: 100) {
    nodes {
      id stage
      child { givenName familyName }
      referrals { status fromOrganisation { name } }
      team { role professional { familyName } }
      planActions { description status }
    }
  }
}"""


async def add_cases(app: FastAPI, api: Api, count: int) -> None:
    """`count` cases led by the mayoralty's social worker, each with its child, the school's
    concern and accepted referral, a team of two and a plan of two actions. Written as rows: the
    subject here is reading them back, and 100 cases through the API would only be slow."""
    w = api.world
    school, mayoralty = w.organisations["school"], w.organisations["mayoralty"]
    teacher, worker = w.people["teacher"], w.people["social_worker"]
    now = datetime.now(UTC)
    rows: list[list[Any]] = [[], [], [], [], [], [], []]
    async with UnitOfWork(app.state.session_factory) as uow:
        for i in range(count):
            child = Child(
                given_name=f"Ion{i}",
                family_name="Cojocaru",
                search_name=search_key("Cojocaru", f"Ion{i}"),
                sex="male",
                birth_date=date(2015, 1, 1) + timedelta(days=i),
                territory_code="calarasi",
            )
            case = Case(
                child_id=child.id,
                territory_code="calarasi",
                responsible_organisation_id=mayoralty,
                lead_professional_id=worker,
                opened_via="referral",
                urgency="priority",
                level_of_need="multi_agency",
                stage="implementation_monitoring",
            )
            concern = Concern(
                child_id=child.id,
                raised_by_id=teacher,
                organisation_id=school,
                sector="education",
                description="Lipsește des de la ore și pare flămând.",
                observed_at=now,
                urgency="priority",
                status="referred",
            )
            referral = Referral(
                concern_id=concern.id,
                child_id=child.id,
                referred_by_id=teacher,
                from_organisation_id=school,
                to_organisation_id=mayoralty,
                urgency="priority",
                status="accepted",
                reason="Școala nu poate sprijini singură familia.",
                case_id=case.id,
            )
            plan = Plan(
                scope="multi_agency",
                case_id=case.id,
                child_id=child.id,
                organisation_id=mayoralty,
                lead_professional_id=worker,
                status="active",
            )
            members = [
                TeamMember(
                    case_id=case.id,
                    professional_id=p,
                    organisation_id=o,
                    role=r,
                )
                for p, o, r in ((worker, mayoralty, "lead"), (teacher, school, "education"))
            ]
            actions = [
                PlanAction(
                    plan_id=plan.id,
                    description=d,
                    responsible_organisation_id=o,
                    due_on=now.date() + timedelta(days=30),
                    status="planned",
                )
                for d, o in (
                    ("Meditații la matematică", school),
                    ("Vizită la domiciliu", mayoralty),
                )
            ]
            for table, made in zip(
                rows,
                ([child], [case], [concern], [referral], [plan], members, actions),
                strict=True,
            ):
                table.extend(made)
        for table in rows:  # parents before the rows that name them
            uow.session.add_all(table)
            await uow.session.flush()
        await uow.commit()


async def caseload(app: FastAPI, api: Api) -> tuple[list[dict[str, Any]], int]:
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        r = await api.client.post(
            "/graphql", json={"query": CASELOAD}, headers=api.headers("social_worker")
        )
    finally:
        event.remove(engine, "before_cursor_execute", count)
    body = r.json()
    assert "errors" not in body, body
    return body["data"]["myCaseload"]["nodes"], statements


async def test_a_caseload_of_100_cases_costs_the_statements_of_a_caseload_of_1(
    app: FastAPI, api: Api
) -> None:
    await add_cases(app, api, 1)
    one, for_one = await caseload(app, api)
    await add_cases(app, api, 99)
    hundred, for_hundred = await caseload(app, api)

    assert len(one) == 1
    assert len(hundred) == 100
    for case in hundred:
        assert case["child"]["familyName"] == "Cojocaru"
        assert [r["status"] for r in case["referrals"]] == ["accepted"]
        assert sorted(m["role"] for m in case["team"]) == ["education", "lead"]
        assert len(case["planActions"]) == 2
    assert for_hundred == for_one
    assert for_one < 25, f"{for_one} statements for one screen"
