"""The event feed through GraphQL: in order, resumable from a cursor, the caller's own only."""

from __future__ import annotations

import pytest
from gql.transport.exceptions import TransportQueryError

from tests.factories import Api
from tests.graphql.conftest import GraphQL

pytestmark = pytest.mark.db

FEED = """query($after: String, $first: Int!, $types: [String!]) {
  events(after: $after, first: $first, types: $types) {
    events { cursor type aggregateType aggregateId childId summary payload }
    endCursor
  }
}"""


async def test_the_feed_is_ordered_resumable_and_the_caller_s_own(
    api: Api, graphql: GraphQL
) -> None:
    concerns = [await api.concern(), await api.concern()]
    feed = (await graphql("teacher", FEED, first=100, types=["concern.recorded"]))["events"]
    assert [e["aggregateId"] for e in feed["events"]] == [c["id"] for c in concerns]
    assert [int(e["cursor"]) for e in feed["events"]] == sorted(
        int(e["cursor"]) for e in feed["events"]
    )
    rest = await api.ok("GET", "/api/v1/events", params={"type": "concern.recorded"})
    assert [e["cursor"] for e in feed["events"]] == [str(e["position"]) for e in rest["items"]]

    first = (await graphql("teacher", FEED, first=1, types=["concern.recorded"]))["events"]
    assert [e["aggregateId"] for e in first["events"]] == [concerns[0]["id"]]
    rest_of = await graphql(
        "teacher", FEED, after=first["endCursor"], first=100, types=["concern.recorded"]
    )
    assert [e["aggregateId"] for e in rest_of["events"]["events"]] == [concerns[1]["id"]]
    caught_up = await graphql("teacher", FEED, after=feed["endCursor"], first=100)
    assert caught_up["events"] == {"events": [], "endCursor": feed["endCursor"]}

    elsewhere = await graphql("ungheni_worker", FEED, first=100, types=["concern.recorded"])
    assert elsewhere["events"]["events"] == []


@pytest.mark.parametrize(
    ("after", "first", "field"),
    [("-1", 10, "after"), ("abc", 10, "after"), (str(2**63), 10, "after"), (None, 0, "first")],
)
async def test_a_bad_cursor_or_page_is_refused(
    graphql: GraphQL, after: str | None, first: int, field: str
) -> None:
    with pytest.raises(TransportQueryError) as refused:
        await graphql("teacher", FEED, after=after, first=first)
    [error] = refused.value.errors or []
    assert error["extensions"]["code"] == "validation-error"
    assert [e["field"] for e in error["extensions"]["errors"]] == [[field]]
