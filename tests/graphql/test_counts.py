"""Dashboard counts through GraphQL: grouped in the database over what the caller may see, with
every group of fewer than five records suppressed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from gql.transport.exceptions import TransportQueryError

from app.domain.cases import CaseStage
from app.domain.deadlines import utcnow
from tests.factories import Api
from tests.graphql.conftest import GraphQL

pytestmark = pytest.mark.db

GROUPS = "by minimum groups { territoryCode indicator stage month count suppressed }"
CONCERN_COUNTS = f"""query($by: [CountDimension!]!, $filter: CountFilterInput) {{
  concernCounts(by: $by, filter: $filter) {{ {GROUPS} }}
}}"""
CASE_COUNTS = f"""query($by: [CountDimension!]!, $filter: CountFilterInput) {{
  caseCounts(by: $by, filter: $filter) {{ {GROUPS} }}
}}"""


def _shown(counts: dict[str, Any], dimension: str) -> dict[str, int | None]:
    """Each group's count (None: suppressed) by its value on one dimension."""
    return {g[dimension]: g["count"] for g in counts["groups"]}


async def _refused(graphql: GraphQL, who: str, document: str, **variables: Any) -> dict[str, Any]:
    with pytest.raises(TransportQueryError) as caught:
        await graphql(who, document, **variables)
    [error] = caught.value.errors or []
    return dict(error)


@pytest.fixture
async def concerns(api: Api) -> list[dict[str, Any]]:
    """Eight concerns raised by the school: six about achieving and included, five of them
    referred to Ungheni's mayoralty; two about safety, kept in the school."""
    raised = [await api.concern() for _ in range(6)]
    for concern in raised[:5]:
        await api.referral(concern=concern, to="ungheni_mayoralty")
    raised += [await api.concern(indicators=["safe"]) for _ in range(2)]
    return raised


async def test_a_group_of_five_or_more_shows_its_count_and_a_smaller_one_is_suppressed(
    graphql: GraphQL, concerns: list[dict[str, Any]]
) -> None:
    counts = (await graphql("teacher", CONCERN_COUNTS, by=["INDICATOR"]))["concernCounts"]
    assert counts["by"] == ["INDICATOR"]
    assert counts["minimum"] == 5
    assert _shown(counts, "indicator") == {"achieving": 6, "included": 6, "safe": None}
    [safe] = [g for g in counts["groups"] if g["indicator"] == "safe"]
    assert safe["suppressed"] is True
    assert all(not g["suppressed"] for g in counts["groups"] if g["count"] is not None)
    assert all(g["territoryCode"] is None and g["month"] is None for g in counts["groups"])


async def test_counts_cover_only_what_the_caller_may_see(
    graphql: GraphQL, concerns: list[dict[str, Any]]
) -> None:
    by_indicator = {
        who: _shown(
            (await graphql(who, CONCERN_COUNTS, by=["INDICATOR"]))["concernCounts"], "indicator"
        )
        for who in ("teacher", "ungheni_worker", "social_worker", "doctor")
    }
    assert by_indicator["teacher"] == {"achieving": 6, "included": 6, "safe": None}
    # Ungheni's mayoralty received five of the referrals, and nothing about safety.
    assert by_indicator["ungheni_worker"] == {"achieving": 5, "included": 5}
    # Neither Călărași's mayoralty nor the clinic was told of any of these concerns.
    assert by_indicator["social_worker"] == {}
    assert by_indicator["doctor"] == {}
    # A sector system counts what its institution may list.
    registry = await graphql("school_registry", CONCERN_COUNTS, by=["INDICATOR"])
    assert _shown(registry["concernCounts"], "indicator") == by_indicator["teacher"]


async def test_concerns_by_territory_and_month_and_within_a_period(
    graphql: GraphQL, concerns: list[dict[str, Any]]
) -> None:
    month = utcnow().strftime("%Y-%m")
    counts = await graphql("ungheni_worker", CONCERN_COUNTS, by=["TERRITORY", "MONTH"])
    # The territory of a concern is its recording institution's, not the receiver's.
    assert [
        (g["territoryCode"], g["month"], g["count"]) for g in counts["concernCounts"]["groups"]
    ] == [("calarasi", month, 5)]
    today = utcnow().date()
    within = {"createdFrom": today.isoformat(), "territoryCode": "calarasi"}
    counted = await graphql("teacher", CONCERN_COUNTS, by=["MONTH"], filter=within)
    assert _shown(counted["concernCounts"], "month") == {month: 8}
    before = {"createdBefore": today.isoformat()}
    counted = await graphql("teacher", CONCERN_COUNTS, by=["MONTH"], filter=before)
    assert counted["concernCounts"]["groups"] == []
    elsewhere = {"territoryCode": "ungheni"}
    counted = await graphql("teacher", CONCERN_COUNTS, by=["MONTH"], filter=elsewhere)
    assert counted["concernCounts"]["groups"] == []
    routine = {"urgency": "ROUTINE"}
    counted = await graphql("teacher", CONCERN_COUNTS, by=[], filter=routine)
    assert [g["count"] for g in counted["concernCounts"]["groups"]] == [8]


async def test_dimensions_and_filters_that_do_not_apply_are_refused(
    graphql: GraphQL,
) -> None:
    error = await _refused(graphql, "teacher", CONCERN_COUNTS, by=["MONTH", "STAGE"])
    assert error["extensions"]["code"] == "validation-error"
    assert [e["field"] for e in error["extensions"]["errors"]] == [["by"]]
    error = await _refused(graphql, "social_worker", CASE_COUNTS, by=["INDICATOR"])
    assert [e["field"] for e in error["extensions"]["errors"]] == [["by"]]
    today = utcnow().date()
    backwards = {
        "createdFrom": today.isoformat(),
        "createdBefore": (today - timedelta(days=1)).isoformat(),
    }
    error = await _refused(graphql, "teacher", CONCERN_COUNTS, by=["MONTH"], filter=backwards)
    assert error["extensions"]["code"] == "validation-error"
    assert error["extensions"]["errors"][0]["field"][0] == "filter"


async def test_cases_by_stage_month_and_territory_for_those_who_may_see_them(
    api: Api, graphql: GraphQL
) -> None:
    for _ in range(5):
        await api.case()
    await api.case(stage=CaseStage.PLANNING)
    month = utcnow().strftime("%Y-%m")

    by_stage = (await graphql("social_worker", CASE_COUNTS, by=["STAGE"]))["caseCounts"]
    assert _shown(by_stage, "stage") == {"initial_assessment": 5, "planning": None}
    assert [g["suppressed"] for g in by_stage["groups"]] == [False, True]

    both = await graphql("supervisor", CASE_COUNTS, by=["TERRITORY", "MONTH"])
    assert [(g["territoryCode"], g["month"], g["count"]) for g in both["caseCounts"]["groups"]] == [
        ("calarasi", month, 6)
    ]
    ungheni = await graphql("ungheni_worker", CASE_COUNTS, by=["STAGE"])
    assert ungheni["caseCounts"]["groups"] == []
    planning = {"createdFrom": utcnow().date().isoformat()}
    counted = await graphql("social_worker", CASE_COUNTS, by=["MONTH"], filter=planning)
    assert _shown(counted["caseCounts"], "month") == {month: 6}

    error = await _refused(graphql, "school_registry", CASE_COUNTS, by=["STAGE"])
    assert error["extensions"]["code"] == "forbidden"
