"""The demo data: loaded through the services, it populates the whole practice model, as the demo
users see it over the API, and loading it twice changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI

from app.auth.tokens import issue_access_token
from app.demo import DEMO_USERS, load_demo_data
from app.domain.cases import CaseStage
from app.domain.oauth_clients import ClientKind, NewClient
from app.domain.referrals import ReferralStatus
from app.persistence.uow import UnitOfWork
from app.services import oauth_clients
from tests.factories import PROFESSIONAL_SCOPES

USERS = {u.key: str(u.id) for u in DEMO_USERS}
COUNTED = (
    "children",
    "observations",
    "concerns",
    "referrals",
    "cases",
    "assessments",
    "plans",
    "plan-actions",
)


TOKENS: dict[str, str] = {}


async def _sign_in_demo_users(app: FastAPI) -> None:
    """Tokens for the demo users, issued by the app's own key set to a test client."""
    async with UnitOfWork(app.state.session_factory) as uow:
        await oauth_clients.register_client(
            uow,
            None,
            NewClient(
                client_id="demo-tests",
                name="Demo tests",
                kind=ClientKind.PUBLIC,
                redirect_uris=["http://127.0.0.1/callback"],
                scopes=PROFESSIONAL_SCOPES,
            ),
        )
        for key, professional_id in USERS.items():
            TOKENS[key] = await issue_access_token(
                uow,
                client_id="demo-tests",
                scopes=PROFESSIONAL_SCOPES,
                professional_id=uuid.UUID(professional_id),
            )
        await uow.commit()


async def _get(client: httpx.AsyncClient, url: str, who: str, **params: Any) -> Any:
    response = await client.get(
        url, params=params, headers={"Authorization": f"Bearer {TOKENS[who]}"}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def _all(
    client: httpx.AsyncClient, what: str, who: str = "social_worker", **params: Any
) -> list[dict[str, Any]]:
    """Every item of a list, following the cursor."""
    items: list[dict[str, Any]] = []
    query: dict[str, Any] = {"limit": 200, **params}
    while True:
        page = await _get(client, f"/api/v1/{what}", who, **query)
        items += page["items"]
        if page["next_cursor"] is None:
            return items
        query["cursor"] = page["next_cursor"]


async def _counts(client: httpx.AsyncClient) -> dict[str, int]:
    counts = {what: len(await _all(client, what)) for what in COUNTED}
    counts["events"] = 0
    while page := (await _get(client, "/api/v1/events", "social_worker", after=counts["events"]))[
        "items"
    ]:
        counts["events"] = page[-1]["position"]
    counts["overdue"] = len(await _get(client, "/api/v1/deadlines/overdue", "supervisor"))
    return counts


async def test_the_demo_populates_the_practice_model_once(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await load_demo_data(app.state.session_factory, children_per_district=2)
    await _sign_in_demo_users(app)

    # Each institution sees its own concerns; together they cover every sector.
    concerns = [
        c
        for who in ("designated_person", "family_doctor", "police_officer")
        for c in await _all(client, "concerns", who)
    ]
    assert {c["sector"] for c in concerns} == {"education", "health", "public_order"}
    assert {c["urgency"] for c in concerns} == {"routine", "priority", "child_protection"}
    assert all(c["risk_category"] for c in concerns if c["urgency"] == "child_protection")
    assert any(c["five_questions"] for c in concerns)
    assert {"recorded", "single_agency_plan", "referred", "closed"} <= {
        c["status"] for c in concerns
    }

    referrals = await _all(client, "referrals", "social_worker")
    assert {r["status"] for r in referrals} == {s.value for s in ReferralStatus}
    # `due_at` mirrors the open deadline, also on the rows whose clock the demo moved back.
    assert all((c["due_at"] is None) == (c["status"] != "recorded") for c in concerns)
    assert all((r["due_at"] is None) == (r["status"] != "received") for r in referrals)

    cases = await _all(client, "cases", "social_worker")
    assert {c["stage"] for c in cases} == {s.value for s in CaseStage}
    closed = [c for c in cases if c["stage"] == "closed"]
    assert closed[0]["closure_reason"]

    approved = await _all(client, "assessments", "supervisor", status="approved")
    assert approved
    waiting = await _all(client, "assessments", "supervisor", status="submitted")
    assert waiting

    trajectory = await _get(
        client, f"/api/v1/children/{approved[0]['child_id']}/wellbeing", "social_worker"
    )
    assert all(series["points"] for series in trajectory["indicators"].values())

    overdue = await _get(client, "/api/v1/deadlines/overdue", "supervisor")
    assert {"concern.decision", "referral.response", "plan.review"} <= {d["kind"] for d in overdue}

    before = await _counts(client)
    await load_demo_data(app.state.session_factory, children_per_district=2)
    assert await _counts(client) == before
