"""The machinery of the authorization matrix (`tests/api/test_authorization_matrix.py`).

One scenario, built through the API as the professionals who would build it; every principal of
the test world (and three that must be refused: no token, a token lacking the route's scope);
for every operation a call with its path parameters filled from the scenario, and the answer
classified as `allowed`, `refused` or `hidden`.

The calls are made so that nothing the matrix depends on changes when authorization passes:
changes carry a stale `If-Match` (412 after the object-level check), creations carry an invalid
body (422 after the route table), and the few changes without `If-Match` name something that
does not exist or break a rule checked after the record was opened (422 or 409), or add a row that
changes nobody's access (a family member, a note, an objective, a review; the event feed is
therefore judged on the scenario's own events).
"""

from __future__ import annotations

import re
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from app.auth.tokens import issue_access_token
from app.persistence.uow import UnitOfWork
from tests.conftest import Db
from tests.factories import TEST_APP, Api, due_in, review_body

Outcome = Literal["allowed", "refused", "hidden"]
Route = tuple[str, str]

V1 = "/api/v1"

PEOPLE = (
    "admin",
    "teacher",
    "doctor",
    "officer",
    "social_worker",
    "supervisor",
    "ungheni_worker",
    "dpo",
)
SYSTEMS = ("school_registry", "clinic_records", "police_records")
UNSCOPED = "unscoped"
"""The social worker (who may do most things) with a token granted only `directory:read`."""
ANONYMOUS = "anonymous"
"""No token at all."""
PRINCIPALS = (*PEOPLE, *SYSTEMS, UNSCOPED, ANONYMOUS)

NOT_API = re.compile(r"^/(oauth|\.well-known)/|^/(docs|redoc|openapi\.json)(/|$)")
"""The sign-in endpoints (they authenticate the client themselves) and FastAPI's documentation."""


def app_operations(app: FastAPI) -> set[Route]:
    """Every (method, full path) the running app answers, except sign-in and documentation."""
    found: set[Route] = set()
    for ctx in iter_route_contexts(app.routes):
        path = ctx.path
        if path is None or NOT_API.search(path):
            continue
        for method in ctx.methods or ():
            if method != "HEAD":
                found.add((method, path))
    return found


# ---- the scenario ----------------------------------------------------------------------------


@dataclass
class Scenario:
    """Ids of the records each route is called on."""

    child_id: str = ""
    concern_id: str = ""
    referral_id: str = ""
    sharing_basis_id: str = ""
    case_id: str = ""
    lead_member_id: str = ""
    assessment_id: str = ""
    plan_id: str = ""
    action_id: str = ""
    observation_id: str = ""
    ungheni_child_id: str = ""
    opening_id: str = ""
    inbox_message_id: str = ""
    """A school registry's message that could not be mapped, kept in the inbox."""
    subscription_id: str = ""
    delivery_id: str = ""
    identity_review_id: str = ""
    """An open identity review of Călărași (decided once, its merge reverted)."""
    merge_id: str = ""
    """That review's merge, already reverted: reverting it again is 409 for those allowed."""
    last_position: int = 0
    """The last event of the scenario: the feed is judged on the scenario's own events, not on
    the rows the matrix's own calls add."""
    identifier: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


async def build_scenario(api: Api, app: FastAPI, db: Db) -> Scenario:
    """A child of Călărași registered by her school; the teacher's routine concern referred on
    the mother's consent to the mayoralty, accepted by the social worker into a case she leads;
    the family doctor on the team on the same consent; an initial assessment; the child's plan
    with an action for the police, in force and reviewed; the teacher's observation and note; an
    overdue case deadline. And a child of Ungheni, registered by the Ungheni social worker, whose
    record the police officer opened by breaking the glass."""
    s = Scenario(identifier={"system": "urn:md:siime:elev", "value": f"E-{uuid.uuid4().hex[:8]}"})
    child = await api.child("teacher", identifiers=[s.identifier])
    s.child_id = child["id"]
    concern = await api.concern("teacher", child["id"])
    s.concern_id = concern["id"]
    referral = await api.referral("teacher", concern=concern)
    s.referral_id = referral["id"]
    s.sharing_basis_id = referral["legal_basis"]["id"]
    lead = {"lead_professional_id": api.world.person("social_worker")}
    r = await api.act(f"{V1}/referrals/{s.referral_id}/accept", "social_worker", lead, version=1)
    assert r.status_code == 200, r.text
    s.case_id = r.json()["case_id"]
    team = f"{V1}/cases/{s.case_id}/team"
    doctor = {
        "professional_id": api.world.person("doctor"),
        "role": "medic de familie",
        "sharing_basis_id": s.sharing_basis_id,
    }
    await api.ok("POST", team, "social_worker", json=doctor, expect=201)
    [s.lead_member_id] = [
        m["id"]
        for m in await api.ok("GET", team, "social_worker")
        if m["professional_id"] == api.world.person("social_worker")
    ]
    case = await api.ok("GET", f"{V1}/cases/{s.case_id}", "social_worker")
    s.assessment_id = (await api.assessment(case))["id"]
    case = await api.ok("GET", f"{V1}/cases/{s.case_id}", "social_worker")
    r = await api.act(
        f"{V1}/cases/{s.case_id}/start-planning", "social_worker", version=case["version"]
    )
    assert r.status_code == 200, r.text
    police_action = api.action_body(
        description="Vizite de prevenție la domiciliu",
        service=None,
        responsible_organisation_id=api.world.org("police"),
        responsible_professional_id=api.world.person("officer"),
    )
    plan = await api.plan("social_worker", case_id=s.case_id, actions=[police_action])
    s.plan_id = plan["id"]
    [s.action_id] = [a["id"] for a in plan["actions"]]
    plan = await api.activate_plan(plan, "social_worker")
    await api.review(plan, "social_worker")
    s.observation_id = (await api.observation(s.child_id, "teacher"))["id"]
    await api.note(s.child_id, "Bunica a venit la ședința cu părinții.")
    await db.make_overdue("case", s.case_id)

    ungheni = await api.child(
        "ungheni_worker", given_name="Ion", family_name="Cojocaru", territory_code="ungheni"
    )
    s.ungheni_child_id = ungheni["id"]
    glass = {"X-Break-Glass-Reason": "Copil găsit singur noaptea în gară, fără acte."}
    r = await api.client.get(
        f"{V1}/children/{s.ungheni_child_id}",
        headers=api.headers("officer", **{k: _ascii(v) for k, v in glass.items()}),
    )
    assert r.status_code == 200, r.text
    openings = await api.ok("GET", f"{V1}/break-glass-openings", "dpo")
    [s.opening_id] = [o["id"] for o in openings["items"]]

    r = await api.client.post(
        f"{V1}/integrations/concerns",
        json={"external_id": "MATRIX-1", "child": {"given_name": "Ana"}},
        headers=api.headers("school_registry"),
    )
    assert r.status_code == 422, r.text
    s.inbox_message_id = r.json()["inbox_message_id"]
    # The school's register subscribes to webhooks and sends a concern of its own, so there is a
    # delivery to read and send again (the subscription changes nobody's access to anything).
    hook = {"url": "https://185.108.182.10/girfec/webhooks"}
    subscription = await api.ok("POST", f"{V1}/webhooks", "school_registry", json=hook)
    s.subscription_id = subscription["id"]
    await api.concern("school_registry")
    deliveries = f"{V1}/webhooks/{s.subscription_id}/deliveries"
    [s.delivery_id] = [
        d["id"] for d in (await api.ok("GET", deliveries, "school_registry"))["items"]
    ]

    await _identity_review(api, s)

    s.last_position = max(e.position or 0 for e in await db.events())
    s.tokens = {who: api.world.tokens[who] for who in (*PEOPLE, *SYSTEMS)}
    async with UnitOfWork(app.state.session_factory) as uow:
        s.tokens[UNSCOPED] = await issue_access_token(
            uow,
            client_id=TEST_APP,
            scopes=["directory:read"],
            professional_id=uuid.UUID(api.world.person("social_worker")),
        )
        await uow.commit()
    return s


async def _identity_review(api: Api, s: Scenario) -> None:
    """Two pupils «Ion Lungu» a day apart in two villages of Călărași: a review for the
    territory, decided "same" and the merge reverted, so the review is open again."""
    pupil = {
        "given_name": "Ion",
        "family_name": "Lungu",
        "birth_date": "2015-06-10",
        "sex": "male",
        "territory_code": "calarasi",
        "locality_code": "calarasi/calarasi",
    }
    answers = []
    for n, (day, place) in enumerate((("10", "calarasi"), ("11", "bahmut"))):
        child = {**pupil, "birth_date": f"2015-06-{day}", "locality_code": f"calarasi/{place}"}
        r = await api.client.post(
            f"{V1}/integrations/concerns",
            json={
                "external_id": f"MATRIX-ID-{n}",
                "child": {**child, "identifier": f"E-MATRIX-{n}"},
                "indicators": ["achieving"],
                "description": "Absențe repetate fără motiv.",
                "observed_at": "2025-03-14T09:30:00+02:00",
                "urgency": "routine",
            },
            headers=api.headers("school_registry"),
        )
        assert r.status_code == 201, r.text
        answers.append(r.json()["concerns"][0])
    s.identity_review_id = answers[1]["review_id"]
    url = f"{V1}/identity-reviews/{s.identity_review_id}/decide"
    r = await api.act(url, "social_worker", {"decision": "same"}, version=1)
    assert r.status_code == 200, r.text
    s.merge_id = r.json()["merge_id"]
    await api.ok("POST", f"{V1}/child-merges/{s.merge_id}/revert", "social_worker")


def _ascii(text: str) -> str:
    """HTTP headers are ASCII: Romanian text is percent-encoded, as the API asks."""
    return urllib.parse.quote(text, safe=" ,.")


# ---- how each route is called ----------------------------------------------------------------

STALE = '"999"'
"""A version no scenario record reaches: a change that passes authorization is 412."""


@dataclass(frozen=True)
class Call:
    """How to call one operation: its body, query, and for a list how to find the scenario's
    record among the items (a list that leaves it out is the list's way of hiding it)."""

    body: Any = None
    params: dict[str, Any] | None = None
    finds: Callable[[Any, Scenario], bool] | None = None


def _ids(key: str = "id", items: str | None = "items") -> Callable[[Any, Scenario], set[str]]:
    def pick(answer: Any, _: Scenario) -> set[str]:
        rows = answer[items] if items else answer
        return {str(row[key]) for row in rows}

    return pick


def _lists(attribute: str, key: str = "id", items: str | None = "items") -> Call:
    pick = _ids(key, items)
    return Call(
        params={"limit": 200},
        finds=lambda answer, s: getattr(s, attribute) in pick(answer, s),
    )


CREATE = Call(body={})
"""A creation with an empty body: 422 once the route table has let the caller through."""

CALLS: dict[Route, Call] = {
    ("PATCH", f"{V1}/children/{{child_id}}"): Call(body={"address": "str. Ștefan cel Mare 3"}),
    ("POST", f"{V1}/children/{{child_id}}/identifiers"): Call(body="identifier"),
    ("POST", f"{V1}/children/{{child_id}}/family-members"): Call(
        body={"given_name": "Valentina", "family_name": "Rusu", "relationship": "grandmother"}
    ),
    ("POST", f"{V1}/children/{{child_id}}/institutions"): Call(
        body={"organisation_id": str(uuid.UUID(int=1)), "since": "2024-09-01"}
    ),
    ("POST", f"{V1}/children/{{child_id}}/notes"): Call(body={"text": "Discuție cu bunica."}),
    ("POST", f"{V1}/break-glass-openings/{{opening_id}}/review"): Call(
        body={"outcome": "justified", "note": "Copilul era singur noaptea."}
    ),
    ("PATCH", f"{V1}/concerns/{{concern_id}}"): Call(body={"description": "Absențe repetate."}),
    ("POST", f"{V1}/concerns/{{concern_id}}/close"): Call(body={"reason": "Rezolvat."}),
    ("POST", f"{V1}/referrals/{{referral_id}}/decline"): Call(body={"reason": "Nu e necesar."}),
    ("POST", f"{V1}/referrals/{{referral_id}}/redirect"): Call(body="redirect"),
    ("POST", f"{V1}/referrals/{{referral_id}}/withdraw"): Call(body={"reason": "Din greșeală."}),
    ("POST", f"{V1}/referrals/{{referral_id}}/assign"): Call(body="assign"),
    ("POST", f"{V1}/sharing-bases/{{sharing_basis_id}}/withdraw"): Call(
        body={"reason": "Mama a retras consimțământul."}
    ),
    ("PATCH", f"{V1}/cases/{{case_id}}"): Call(body={"level_of_need": "multi_agency"}),
    ("POST", f"{V1}/cases/{{case_id}}/close"): Call(body={"reason": "objectives_achieved"}),
    ("POST", f"{V1}/cases/{{case_id}}/reopen"): Call(body={"reason": "O nouă sesizare."}),
    # No legal basis on a routine case: refused (422) after the case was opened, nobody joins.
    ("POST", f"{V1}/cases/{{case_id}}/team"): Call(
        body={"professional_id": str(uuid.UUID(int=2)), "role": "diriginte"}
    ),
    ("PATCH", f"{V1}/assessments/{{assessment_id}}"): Call(body={"child_views": "Vreau acasă."}),
    ("POST", f"{V1}/assessments/{{assessment_id}}/return"): Call(body={"reason": "Incomplet."}),
    ("PATCH", f"{V1}/plans/{{plan_id}}"): Call(body={"review_interval_days": 60}),
    ("POST", f"{V1}/plans/{{plan_id}}/cancel"): Call(body={"reason": "Familia s-a mutat."}),
    ("POST", f"{V1}/plans/{{plan_id}}/objectives"): Call(
        body={"indicator": "safe", "description": "Un mediu sigur acasă"}
    ),
    # An organisation that does not exist: 422 after the plan was opened, no action added.
    ("POST", f"{V1}/plans/{{plan_id}}/actions"): Call(body="unknown_action"),
    ("POST", f"{V1}/plans/{{plan_id}}/reviews"): Call(body="review"),
    # Lists: the scenario's record among the items, or hidden.
    ("GET", f"{V1}/children"): _lists("child_id"),
    ("GET", f"{V1}/observations"): _lists("observation_id"),
    ("GET", f"{V1}/concerns"): _lists("concern_id"),
    ("GET", f"{V1}/referrals"): _lists("referral_id"),
    ("GET", f"{V1}/cases"): _lists("case_id"),
    ("GET", f"{V1}/assessments"): _lists("assessment_id"),
    ("GET", f"{V1}/plans"): _lists("plan_id"),
    ("GET", f"{V1}/plan-actions"): _lists("action_id"),
    ("GET", f"{V1}/break-glass-openings"): _lists("opening_id"),
    ("GET", f"{V1}/inbox"): _lists("inbox_message_id"),
    ("GET", "/fhir/r4/Task"): Call(
        params={"_count": 100},
        finds=lambda answer, s: (
            s.referral_id in {e["resource"]["id"] for e in answer.get("entry", [])}
        ),
    ),
    ("GET", f"{V1}/identity-reviews"): _lists("identity_review_id"),
    ("POST", f"{V1}/identity-reviews/{{review_id}}/decide"): Call(body={"decision": "different"}),
    ("GET", f"{V1}/deadlines/overdue"): Call(
        finds=lambda answer, s: s.case_id in {d["subject_id"] for d in answer}
    ),
    ("PATCH", f"{V1}/webhooks/{{subscription_id}}"): Call(body={"description": "Registrul"}),
    ("GET", f"{V1}/webhooks"): _lists("subscription_id"),
    ("GET", f"{V1}/webhooks/{{subscription_id}}/deliveries"): _lists("delivery_id"),
    ("GET", f"{V1}/status-events"): Call(
        params={"limit": 500}, finds=lambda answer, s: bool(answer["items"])
    ),
    ("GET", f"{V1}/events"): Call(
        params={"limit": 500},
        finds=lambda answer, s: any(
            e["child_id"] == s.child_id and e["position"] <= s.last_position
            for e in answer["items"]
        ),
    ),
}
CREATIONS = {
    ("POST", f"{V1}/organisations"),
    ("POST", f"{V1}/professionals"),
    ("PUT", f"{V1}/deadline-policy/{{kind}}/{{urgency}}"),
    ("POST", f"{V1}/children"),
    ("POST", f"{V1}/observations"),
    ("POST", f"{V1}/concerns"),
    ("POST", f"{V1}/referrals"),
    ("POST", f"{V1}/cases"),
    ("POST", f"{V1}/assessments"),
    ("POST", f"{V1}/plans"),
    ("POST", f"{V1}/admin/clients"),
    ("POST", f"{V1}/integrations/concerns"),
    ("POST", f"{V1}/integrations/school/concerns"),
    ("POST", f"{V1}/integrations/school/attendance"),
    ("POST", f"{V1}/admin/organisations/{{organisation_id}}/identifiers"),
    ("POST", f"{V1}/integrations/police/incidents"),
    ("POST", f"{V1}/integrations/hl7v2"),
    ("POST", f"{V1}/inbox/{{message_id}}/reprocess"),
    ("POST", f"{V1}/webhooks"),
    ("PUT", f"{V1}/admin/professionals/{{professional_id}}/roles"),
    ("POST", "/fhir/r4"),
    ("POST", "/fhir/r4/ServiceRequest"),
}


def _body(name: Any, api: Api, s: Scenario) -> Any:
    """Bodies that need the world or the scenario."""
    if not isinstance(name, str):
        return name
    if name == "identifier":
        return s.identifier  # already the child's: 409 once the child was opened
    if name == "redirect":
        return {"to_organisation_id": api.world.org("ungheni_mayoralty"), "reason": "S-a mutat."}
    if name == "assign":
        return {"assignee_id": api.world.person("social_worker")}
    if name == "unknown_action":
        return {
            "description": "Vizită",
            "responsible_organisation_id": str(uuid.UUID(int=3)),
            "due_on": due_in(30),
        }
    if name == "review":
        return review_body()
    raise AssertionError(name)


PATH_VALUES: dict[str, Callable[[Api, Scenario], str]] = {
    "child_id": lambda api, s: s.child_id,
    "concern_id": lambda api, s: s.concern_id,
    "referral_id": lambda api, s: s.referral_id,
    "sharing_basis_id": lambda api, s: s.sharing_basis_id,
    "case_id": lambda api, s: s.case_id,
    "member_id": lambda api, s: s.lead_member_id,  # the lead cannot leave: 409, not a removal
    "assessment_id": lambda api, s: s.assessment_id,
    "plan_id": lambda api, s: s.plan_id,
    "action_id": lambda api, s: s.action_id,
    "observation_id": lambda api, s: s.observation_id,
    "opening_id": lambda api, s: s.opening_id,
    "message_id": lambda api, s: s.inbox_message_id,
    "subscription_id": lambda api, s: s.subscription_id,
    "delivery_id": lambda api, s: s.delivery_id,
    "task_id": lambda api, s: s.referral_id,
    "patient_id": lambda api, s: s.child_id,
    "service_request_id": lambda api, s: s.concern_id,
    "review_id": lambda api, s: s.identity_review_id,
    "merge_id": lambda api, s: s.merge_id,
    "organisation_id": lambda api, s: api.world.org("school"),
    "professional_id": lambda api, s: api.world.person("teacher"),
    "code": lambda api, s: "calarasi",
    "vocabulary": lambda api, s: "indicators",
    "kind": lambda api, s: "case.planning",
    "urgency": lambda api, s: "routine",
    # Administration: a client and a key that do not exist, so an administrator's call passes
    # the route table and changes nothing (404), while the scenario's clients keep working.
    "client_id": lambda api, s: "no-such-client",
    "kid": lambda api, s: "no-such-key",
    "identifier_id": lambda api, s: str(uuid.UUID(int=4)),
}


def url_of(path: str, api: Api, s: Scenario) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)](api, s), path)


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    status: int
    excerpt: str


def classify(response: httpx.Response, call: Call, s: Scenario) -> Outcome:
    if response.status_code in (401, 403):
        return "refused"
    if response.status_code == 404:
        return "hidden"
    if call.finds is not None and response.status_code == 200:
        return "allowed" if call.finds(response.json(), s) else "hidden"
    return "allowed"


async def ask(api: Api, s: Scenario, route: Route, who: str) -> Answer:
    method, path = route
    call = CALLS.get(route, CREATE if route in CREATIONS else Call())
    headers = {} if who == ANONYMOUS else {"Authorization": f"Bearer {s.tokens[who]}"}
    if method != "GET":
        headers["If-Match"] = STALE
    response = await api.client.request(
        method,
        url_of(path, api, s),
        params=call.params,
        json=_body(call.body, api, s) if method != "GET" else None,
        headers=headers,
    )
    return Answer(classify(response, call, s), response.status_code, response.text[:160])
