"""The authorization matrix: every operation of the API × every kind of principal → allowed,
refused (401/403) or hidden (404, or a list that leaves the record out).

The operations come from the running app, so an endpoint without a line in the route table
(`app.api.route_policy.ROUTES`) fails the suite, and so does one without a line here.

The expectations below are written from the practice model, not read from the route table or the
access policy: who, in this story, should be able to reach each operation on its record. The
first run found four policy gaps (any team member could change the team, an action's holder could
rewrite the whole plan, plan actions and overdue items were unscoped); the code was fixed, and a
disagreement now simply fails.

What the calls can tell (see `tests.matrix`): a change carries a stale If-Match, so "allowed"
means the route table let the caller through, the record was visible to them and they may make
that change (412 comes after both checks; "refused" is a 403 from either); a creation carries an
empty body, so "allowed" means the route table let the caller through.

The story (`tests.matrix.build_scenario`): Ana, a child of Călărași registered by her school; the
teacher's routine concern, referred on the mother's consent to the Călărași mayoralty; accepted by
the social worker into a case she leads, with the family doctor on the team; an initial
assessment; the child's plan, in force and reviewed, with an action for the police; the teacher's
observation and note; an overdue case deadline. And a child of Ungheni known only to the Ungheni
social worker, whose record the police officer opened by breaking the glass.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from app.api.route_policy import PER_FIELD, PUBLIC, ROUTES
from tests import matrix
from tests.conftest import Db, _empty_mutable_tables
from tests.factories import Api, build_world
from tests.matrix import (
    PRINCIPALS,
    Answer,
    Outcome,
    Route,
    Scenario,
    app_operations,
    ask,
    build_scenario,
)

pytestmark = pytest.mark.db

V1 = "/api/v1"

# ---- who is who -------------------------------------------------------------------------------

PEOPLE = frozenset(matrix.PEOPLE)
"""admin (ministry), teacher (school), doctor (clinic), officer (police), social_worker
(Călărași mayoralty), supervisor (Călărași directorate), ungheni_worker (Ungheni mayoralty), dpo
(the directorate's data protection officer)."""
SYSTEMS = frozenset(matrix.SYSTEMS)
"""The school's register, the clinic's records and the police unit's records, acting for their
organisation. The police unit holds an action of Ana's plan, but its system sees no more than the
school's or the clinic's: systems read no plan, case or referral, and the police did not register
Ana or raise her concern."""
EVERYONE = PEOPLE | SYSTEMS
UNSCOPED = frozenset({"unscoped"})
"""The social worker with a token granted only directory:read."""

SOCIAL = frozenset({"social_worker", "supervisor"})
"""The social worker who leads the case (mayoralty) and the supervisor of Călărași
(directorate): social assistance of the child's territory."""
CASE_TEAM = SOCIAL | {"doctor"}
"""Those running the case: social assistance, and the family doctor on the team."""
PLAN_PEOPLE = CASE_TEAM | {"officer"}
"""Those who see the child's plan: the case's people and the police, who hold one of its
actions."""
CHILD_PEOPLE = CASE_TEAM | {"teacher"}
"""Professionals who know Ana: her school (registered her, raised the concern), the team."""
REFERRAL_PEOPLE = CHILD_PEOPLE
"""The referrer (the school), the receiver (the mayoralty), the team, the territory."""
SCHOOL = frozenset({"teacher", "school_registry"})
DPO = frozenset({"dpo"})
ADMIN = frozenset({"admin"})


@dataclass(frozen=True)
class Expect:
    allowed: frozenset[str]
    hidden: frozenset[str] = frozenset()
    """Everyone else is refused."""

    def of(self, who: str) -> Outcome:
        if who in self.allowed:
            return "allowed"
        return "hidden" if who in self.hidden else "refused"


def expect(allowed: Iterable[str], hidden: Iterable[str] = ()) -> Expect:
    allowed, hidden = frozenset(allowed), frozenset(hidden)
    assert not allowed & hidden
    return Expect(allowed, hidden)


def seen_by(who: Iterable[str], among: frozenset[str] = PEOPLE) -> Expect:
    """The route is open to `among`; of them, `who` see the record and the rest do not."""
    who = frozenset(who)
    return expect(who, among - who)


def acts(who: Iterable[str], seen: frozenset[str], among: frozenset[str] = PEOPLE) -> Expect:
    """A change: `who` may make it; the others who see the record are refused (403, checked
    before the version, so a stale ETag tells nobody what they may not do); the rest of `among`
    do not see it."""
    who = frozenset(who)
    assert who <= seen
    return expect(who, among - seen)


DIRECTORY = expect(EVERYONE | UNSCOPED)
"""Reference data and the directory: every principal, with the directory scope alone."""
DIRECTORY_PEOPLE = expect(PEOPLE | UNSCOPED)

EXPECTED: dict[Route, Expect] = {
    # ---- reference data and the directory ----
    ("GET", f"{V1}/reference/territories"): DIRECTORY,
    ("GET", f"{V1}/reference/territories/{{code}}/localities"): DIRECTORY,
    ("GET", f"{V1}/reference/{{vocabulary}}"): DIRECTORY,
    ("GET", f"{V1}/organisations"): DIRECTORY,
    ("GET", f"{V1}/organisations/{{organisation_id}}"): DIRECTORY,
    ("GET", f"{V1}/professionals"): DIRECTORY_PEOPLE,
    ("GET", f"{V1}/professionals/me"): DIRECTORY_PEOPLE,
    ("GET", f"{V1}/professionals/{{professional_id}}"): DIRECTORY_PEOPLE,
    ("GET", f"{V1}/deadline-policy"): DIRECTORY,
    ("POST", f"{V1}/organisations"): expect(ADMIN),
    ("POST", f"{V1}/professionals"): expect(ADMIN),
    ("PUT", f"{V1}/deadline-policy/{{kind}}/{{urgency}}"): expect(ADMIN),
    # ---- administration: the administrator alone (no such client or key: 404 for them) ----
    ("GET", f"{V1}/admin/clients"): expect(ADMIN),
    ("POST", f"{V1}/admin/clients"): expect(ADMIN),
    ("GET", f"{V1}/admin/clients/{{client_id}}"): expect((), ADMIN),
    ("POST", f"{V1}/admin/clients/{{client_id}}/rotate-secret"): expect((), ADMIN),
    # No body at all: refused as invalid (422) before the client is looked up.
    ("PUT", f"{V1}/admin/clients/{{client_id}}/keys"): expect(ADMIN),
    ("POST", f"{V1}/admin/clients/{{client_id}}/revoke"): expect((), ADMIN),
    ("GET", f"{V1}/admin/signing-keys"): expect(ADMIN),
    ("POST", f"{V1}/admin/signing-keys/rotate"): expect(ADMIN),
    ("POST", f"{V1}/admin/signing-keys/{{kid}}/retire"): expect((), ADMIN),
    ("PUT", f"{V1}/admin/professionals/{{professional_id}}/roles"): expect(ADMIN),
    ("POST", f"{V1}/admin/professionals/{{professional_id}}/deactivate"): expect(ADMIN),
    ("POST", f"{V1}/admin/professionals/{{professional_id}}/activate"): expect(ADMIN),
    ("GET", f"{V1}/admin/organisations/{{organisation_id}}/identifiers"): expect(ADMIN),
    ("POST", f"{V1}/admin/organisations/{{organisation_id}}/identifiers"): expect(ADMIN),
    ("DELETE", f"{V1}/admin/organisations/{{organisation_id}}/identifiers/{{identifier_id}}"): (
        expect((), ADMIN)
    ),
    # ---- the child ----
    ("POST", f"{V1}/children"): expect(EVERYONE),
    ("GET", f"{V1}/children"): seen_by(CHILD_PEOPLE | SCHOOL, EVERYONE),
    ("GET", f"{V1}/children/{{child_id}}"): seen_by(CHILD_PEOPLE | SCHOOL, EVERYONE),
    ("PATCH", f"{V1}/children/{{child_id}}"): seen_by(CHILD_PEOPLE),
    ("POST", f"{V1}/children/{{child_id}}/identifiers"): seen_by(CHILD_PEOPLE | SCHOOL, EVERYONE),
    ("GET", f"{V1}/children/{{child_id}}/family-members"): seen_by(CHILD_PEOPLE),
    ("POST", f"{V1}/children/{{child_id}}/family-members"): seen_by(CHILD_PEOPLE),
    ("GET", f"{V1}/children/{{child_id}}/institutions"): seen_by(CHILD_PEOPLE),
    ("POST", f"{V1}/children/{{child_id}}/institutions"): seen_by(CHILD_PEOPLE),
    # The whole history for social assistance; the designated persons of the school and the
    # clinic see their own institution's part of it.
    ("GET", f"{V1}/children/{{child_id}}/chronology"): seen_by(CHILD_PEOPLE),
    ("GET", f"{V1}/children/{{child_id}}/wellbeing"): seen_by(CHILD_PEOPLE),
    ("POST", f"{V1}/children/{{child_id}}/notes"): seen_by(CHILD_PEOPLE),
    # The access log and the subject-access export: the data protection officer for any child,
    # a case manager for the children whose case they run; nobody else, by role.
    ("GET", f"{V1}/children/{{child_id}}/disclosures"): expect(DPO | SOCIAL),
    ("GET", f"{V1}/children/{{child_id}}/export"): expect(DPO),
    ("GET", f"{V1}/break-glass-openings"): expect(DPO),
    ("GET", f"{V1}/break-glass-openings/{{opening_id}}"): expect(DPO),
    ("POST", f"{V1}/break-glass-openings/{{opening_id}}/review"): expect(DPO),
    # Identity reviews and merges: the social workers, case managers and supervisors of the
    # known child's territory (Călărași); Ungheni's social worker does not see them.
    ("GET", f"{V1}/identity-reviews"): expect(SOCIAL, {"ungheni_worker"}),
    ("GET", f"{V1}/identity-reviews/{{review_id}}"): expect(SOCIAL, {"ungheni_worker"}),
    ("POST", f"{V1}/identity-reviews/{{review_id}}/decide"): expect(SOCIAL, {"ungheni_worker"}),
    ("POST", f"{V1}/child-merges/{{merge_id}}/revert"): expect(SOCIAL, {"ungheni_worker"}),
    ("GET", f"{V1}/children/{{child_id}}/merges"): seen_by(CHILD_PEOPLE),
    # ---- observations stay in the school ----
    ("POST", f"{V1}/observations"): expect(PEOPLE),
    ("GET", f"{V1}/observations"): seen_by({"teacher"}),
    ("GET", f"{V1}/observations/{{observation_id}}"): seen_by({"teacher"}),
    # ---- the concern ----
    ("POST", f"{V1}/concerns"): expect(EVERYONE),
    ("GET", f"{V1}/concerns"): seen_by(CHILD_PEOPLE | SCHOOL, EVERYONE),
    ("GET", f"{V1}/concerns/{{concern_id}}"): seen_by(CHILD_PEOPLE | SCHOOL, EVERYONE),
    ("PATCH", f"{V1}/concerns/{{concern_id}}"): acts({"teacher"}, CHILD_PEOPLE),
    ("POST", f"{V1}/concerns/{{concern_id}}/act-in-institution"): acts({"teacher"}, CHILD_PEOPLE),
    ("POST", f"{V1}/concerns/{{concern_id}}/close"): acts({"teacher"}, CHILD_PEOPLE),
    # What followed is told to the institution that raised it; those who see the concern for
    # another reason read the referral and the case themselves (403).
    ("GET", f"{V1}/concerns/{{concern_id}}/status"): expect(
        SCHOOL, EVERYONE - SCHOOL - CHILD_PEOPLE
    ),
    # ---- the referral ----
    ("POST", f"{V1}/referrals"): expect(EVERYONE),
    # Sector systems follow a referral through the concern's status, not by reading it.
    ("GET", f"{V1}/referrals"): seen_by(REFERRAL_PEOPLE),
    ("GET", f"{V1}/referrals/{{referral_id}}"): seen_by(REFERRAL_PEOPLE),
    ("GET", f"{V1}/referrals/{{referral_id}}/history"): seen_by(REFERRAL_PEOPLE),
    ("POST", f"{V1}/referrals/{{referral_id}}/accept"): acts({"social_worker"}, REFERRAL_PEOPLE),
    ("POST", f"{V1}/referrals/{{referral_id}}/decline"): acts({"social_worker"}, REFERRAL_PEOPLE),
    ("POST", f"{V1}/referrals/{{referral_id}}/redirect"): acts({"social_worker"}, REFERRAL_PEOPLE),
    ("POST", f"{V1}/referrals/{{referral_id}}/assign"): acts({"social_worker"}, REFERRAL_PEOPLE),
    ("POST", f"{V1}/referrals/{{referral_id}}/withdraw"): acts(
        SCHOOL, REFERRAL_PEOPLE | SCHOOL, EVERYONE
    ),
    # The consent is seen with the child.
    ("GET", f"{V1}/sharing-bases/{{sharing_basis_id}}"): seen_by(CHILD_PEOPLE),
    # The family withdraws through a social worker or the professional who took the consent.
    ("POST", f"{V1}/sharing-bases/{{sharing_basis_id}}/withdraw"): acts(
        SOCIAL | {"teacher"}, CHILD_PEOPLE
    ),
    # ---- the case: social assistance and the team ----
    ("POST", f"{V1}/cases"): expect(PEOPLE),
    ("GET", f"{V1}/cases"): seen_by(CASE_TEAM),
    ("GET", f"{V1}/cases/{{case_id}}"): seen_by(CASE_TEAM),
    ("PATCH", f"{V1}/cases/{{case_id}}"): acts(SOCIAL, CASE_TEAM),
    ("POST", f"{V1}/cases/{{case_id}}/start-complex-assessment"): acts(SOCIAL, CASE_TEAM),
    ("POST", f"{V1}/cases/{{case_id}}/start-planning"): acts(SOCIAL, CASE_TEAM),
    ("POST", f"{V1}/cases/{{case_id}}/start-implementation"): acts(SOCIAL, CASE_TEAM),
    ("POST", f"{V1}/cases/{{case_id}}/start-review"): acts(SOCIAL, CASE_TEAM),
    ("POST", f"{V1}/cases/{{case_id}}/close"): acts(SOCIAL, CASE_TEAM),
    ("POST", f"{V1}/cases/{{case_id}}/reopen"): acts(SOCIAL, CASE_TEAM),
    ("GET", f"{V1}/cases/{{case_id}}/team"): seen_by(CASE_TEAM),
    # Who joins or leaves the team decides who reads the case file: that is for the responsible
    # authority, not for a member.
    ("POST", f"{V1}/cases/{{case_id}}/team"): expect(SOCIAL, PEOPLE - CASE_TEAM),
    ("DELETE", f"{V1}/cases/{{case_id}}/team/{{member_id}}"): expect(SOCIAL, PEOPLE - CASE_TEAM),
    # ---- assessments: social assistance only (the doctor on the team sees the plan) ----
    ("POST", f"{V1}/assessments"): expect(PEOPLE),
    ("GET", f"{V1}/assessments"): seen_by(SOCIAL),
    ("GET", f"{V1}/assessments/{{assessment_id}}"): seen_by(SOCIAL),
    ("PATCH", f"{V1}/assessments/{{assessment_id}}"): seen_by(SOCIAL),
    ("POST", f"{V1}/assessments/{{assessment_id}}/submit"): seen_by(SOCIAL),
    ("POST", f"{V1}/assessments/{{assessment_id}}/approve"): seen_by(SOCIAL),
    ("POST", f"{V1}/assessments/{{assessment_id}}/return"): seen_by(SOCIAL),
    ("POST", f"{V1}/assessments/{{assessment_id}}/revise"): seen_by(SOCIAL),
    # ---- the child's plan: the case's people write it; the police, who hold an action, see
    # it and move their action, but do not rewrite, review or end the plan ----
    ("POST", f"{V1}/plans"): expect(PEOPLE),
    ("GET", f"{V1}/plans"): seen_by(PLAN_PEOPLE),
    ("GET", f"{V1}/plans/{{plan_id}}"): seen_by(PLAN_PEOPLE),
    ("PATCH", f"{V1}/plans/{{plan_id}}"): acts(SOCIAL, PLAN_PEOPLE),
    ("POST", f"{V1}/plans/{{plan_id}}/activate"): acts(SOCIAL, PLAN_PEOPLE),
    ("POST", f"{V1}/plans/{{plan_id}}/complete"): acts(SOCIAL, PLAN_PEOPLE),
    ("POST", f"{V1}/plans/{{plan_id}}/cancel"): acts(SOCIAL, PLAN_PEOPLE),
    ("POST", f"{V1}/plans/{{plan_id}}/objectives"): acts(SOCIAL, PLAN_PEOPLE),
    ("POST", f"{V1}/plans/{{plan_id}}/actions"): acts(SOCIAL, PLAN_PEOPLE),
    ("POST", f"{V1}/plans/{{plan_id}}/reviews"): acts(SOCIAL, PLAN_PEOPLE),
    ("GET", f"{V1}/plans/{{plan_id}}/reviews"): seen_by(PLAN_PEOPLE),
    ("GET", f"{V1}/plans/{{plan_id}}/actions/{{action_id}}"): seen_by(PLAN_PEOPLE),
    ("POST", f"{V1}/plans/{{plan_id}}/actions/{{action_id}}/start"): acts(
        SOCIAL | {"officer"}, PLAN_PEOPLE
    ),
    ("POST", f"{V1}/plans/{{plan_id}}/actions/{{action_id}}/complete"): acts(
        SOCIAL | {"officer"}, PLAN_PEOPLE
    ),
    ("POST", f"{V1}/plans/{{plan_id}}/actions/{{action_id}}/cancel"): acts(
        SOCIAL | {"officer"}, PLAN_PEOPLE
    ),
    ("GET", f"{V1}/plan-actions"): seen_by(PLAN_PEOPLE),
    # ---- sector adapters: systems push; the inbox is the sender's and the administrator's ----
    ("POST", f"{V1}/integrations/concerns"): expect(SYSTEMS),
    ("POST", f"{V1}/integrations/school/concerns"): expect(SYSTEMS),
    ("POST", f"{V1}/integrations/school/attendance"): expect(SYSTEMS),
    ("POST", f"{V1}/integrations/police/incidents"): expect(SYSTEMS),
    # A JSON body is not HL7: 415 once the route table has let a system through.
    ("POST", f"{V1}/integrations/hl7v2"): expect(SYSTEMS),
    ("GET", f"{V1}/inbox"): seen_by(ADMIN | {"school_registry"}, EVERYONE),
    ("GET", f"{V1}/inbox/{{message_id}}"): seen_by(ADMIN | {"school_registry"}, EVERYONE),
    ("POST", f"{V1}/inbox/{{message_id}}/reprocess"): seen_by(
        ADMIN | {"school_registry"}, EVERYONE
    ),
    # ---- FHIR R4: clinics' systems send referrals; a Task is its requester's alone ----
    # The scenario's referral was made by the school: its register sees the Task, the clinic's
    # records (another requester) do not; people use the REST and GraphQL APIs.
    ("POST", "/fhir/r4"): expect(SYSTEMS),
    ("POST", "/fhir/r4/ServiceRequest"): expect(SYSTEMS),
    ("GET", "/fhir/r4/Task"): seen_by({"school_registry"}, SYSTEMS),
    ("GET", "/fhir/r4/Task/{task_id}"): seen_by({"school_registry"}, SYSTEMS),
    # The school registered Ana (the access policy shows her to its system, as over REST); the
    # concern is the school's: only its organisation's system reads it as a ServiceRequest.
    ("GET", "/fhir/r4/Patient/{patient_id}"): seen_by({"school_registry"}, SYSTEMS),
    ("GET", "/fhir/r4/ServiceRequest/{service_request_id}"): seen_by({"school_registry"}, SYSTEMS),
    # ---- status back ----
    # The late case stage is the lead's and her authority's, overseen by the territory's
    # supervisor; the rest of the team has no deadline in it.
    ("GET", f"{V1}/deadlines/overdue"): seen_by(SOCIAL),
    # The feed tells each organisation what involves it: the school (its concern and
    # referral), the mayoralty, the clinic and the police (the team and the plan's action).
    ("GET", f"{V1}/events"): seen_by({"teacher", "doctor", "officer", "social_worker"}),
    # A sector system's own status events and webhooks: the school's register has a
    # subscription and a concern of its own; the clinic's records see none of it. The
    # administrator reads every subscription but changes none. The police unit's system hears
    # of the plan action asked of the police (`action.assigned`), and nothing else.
    ("GET", f"{V1}/status-events"): seen_by({"school_registry", "police_records"}, SYSTEMS),
    ("POST", f"{V1}/webhooks"): expect(SYSTEMS),
    ("GET", f"{V1}/webhooks"): seen_by(ADMIN | {"school_registry"}, SYSTEMS | ADMIN),
    ("GET", f"{V1}/webhooks/{{subscription_id}}"): seen_by(
        ADMIN | {"school_registry"}, SYSTEMS | ADMIN
    ),
    ("PATCH", f"{V1}/webhooks/{{subscription_id}}"): seen_by({"school_registry"}, SYSTEMS),
    ("DELETE", f"{V1}/webhooks/{{subscription_id}}"): seen_by({"school_registry"}, SYSTEMS),
    ("POST", f"{V1}/webhooks/{{subscription_id}}/rotate-secret"): seen_by(
        {"school_registry"}, SYSTEMS
    ),
    ("GET", f"{V1}/webhooks/{{subscription_id}}/deliveries"): seen_by(
        ADMIN | {"school_registry"}, SYSTEMS | ADMIN
    ),
    ("POST", f"{V1}/webhooks/{{subscription_id}}/deliveries/{{delivery_id}}/redeliver"): seen_by(
        {"school_registry"}, SYSTEMS
    ),
}


# ---- completeness -----------------------------------------------------------------------------


def test_every_operation_has_a_line_in_the_route_table(app: FastAPI) -> None:
    served = app_operations(app)
    declared = set(ROUTES) | set(PUBLIC) | set(PER_FIELD)
    assert not set(ROUTES) & set(PUBLIC), "an operation is both in ROUTES and PUBLIC"
    missing = sorted(served - declared)
    assert not missing, f"operations without an access rule in app/api/route_policy.py: {missing}"
    stale = sorted(declared - served)
    assert not stale, f"access rules for operations the app no longer has: {stale}"


def test_every_route_has_a_line_in_the_matrix() -> None:
    missing = sorted(set(ROUTES) - set(EXPECTED))
    assert not missing, f"routes without a line in EXPECTED (who may call them?): {missing}"
    stale = sorted(set(EXPECTED) - set(ROUTES))
    assert not stale, f"lines in EXPECTED for routes the route table no longer has: {stale}"
    for expected in EXPECTED.values():
        assert expected.allowed | expected.hidden <= set(PRINCIPALS)


# ---- the matrix -------------------------------------------------------------------------------


@dataclass
class Story:
    api: Api
    scenario: Scenario


@pytest.fixture(scope="module")
async def story(app: FastAPI, engine: AsyncEngine) -> AsyncIterator[Story]:
    """The scenario is built once per backend: no call of the matrix changes anyone's access to
    it (see `tests.matrix`). The tables are emptied after, as after every other test."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        try:
            api = Api(client, await build_world(app, client))
            yield Story(api, await build_scenario(api, app, Db(app)))
        finally:
            await _empty_mutable_tables(engine)


def _route_id(route: Route) -> str:
    return f"{route[0]} {route[1]}"


@pytest.mark.parametrize("route", [pytest.param(r, id=_route_id(r)) for r in ROUTES])
async def test_who_may_call_it(story: Story, route: Route) -> None:
    expected = EXPECTED[route]
    answers: dict[str, Answer] = {}
    for who in PRINCIPALS:
        answers[who] = await ask(story.api, story.scenario, route, who)
    wrong = [
        f"  {_route_id(route)} as {who}: expected {expected.of(who)}, got {answer.outcome} "
        f"({answer.status}) {answer.excerpt}"
        for who, answer in answers.items()
        if answer.outcome != expected.of(who)
    ]
    assert not wrong, "authorization differs from the matrix:\n" + "\n".join(wrong)
