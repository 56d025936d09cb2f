"""Realistic test data: one factory per aggregate, used by every API test.

The world is two districts (Călărași and Ungheni) with a school, a family doctors' centre, a police
unit, the mayoralty (local guardianship authority) and the social-assistance directorate, each with
its professionals. Every other aggregate (child, concern, referral, case, assessment, plan, review,
observation, note) is made through the HTTP API, as the professional who would make it, so a test
starts from states the service really produces.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from joserfc.jwk import RSAKey

from app.auth.scopes import API_SCOPES, SYSTEM_DEFAULT_SCOPES
from app.auth.tokens import issue_access_token
from app.domain.assessments import AssessmentAction, AssessmentStatus
from app.domain.cases import CaseAction, CaseStage
from app.domain.idnp import make_idnp
from app.domain.oauth_clients import ClientKind, NewClient
from app.domain.organisations import NewOrganisation, NewProfessional
from app.domain.plans import today
from app.domain.vocabulary import Indicator, OrganisationKind, Role
from app.persistence.uow import UnitOfWork
from app.services import oauth_clients, organisations


@dataclass
class World:
    organisations: dict[str, uuid.UUID] = field(default_factory=dict)
    people: dict[str, uuid.UUID] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    """An access token for each person and system, signed by the app's own key set."""

    def org(self, name: str) -> str:
        return str(self.organisations[name])

    def person(self, name: str) -> str:
        return str(self.people[name])


_ORGANISATIONS = {
    "ministry": (
        "Ministerul Muncii și Protecției Sociale",
        OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE,
        "chisinau",
    ),
    "school": ("Liceul Teoretic „Mihai Eminescu” Călărași", OrganisationKind.SCHOOL, "calarasi"),
    "clinic": ("Centrul de Sănătate Călărași", OrganisationKind.FAMILY_DOCTORS_CENTRE, "calarasi"),
    "police": ("Inspectoratul de Poliție Călărași", OrganisationKind.POLICE_UNIT, "calarasi"),
    "mayoralty": ("Primăria orașului Călărași", OrganisationKind.MAYORALTY, "calarasi"),
    "directorate": (
        "Direcția Asistență Socială și Protecție a Familiei Călărași",
        OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE,
        "calarasi",
    ),
    "ungheni_mayoralty": ("Primăria municipiului Ungheni", OrganisationKind.MAYORALTY, "ungheni"),
}

_PEOPLE = {
    "admin": ("ministry", "Ion", "Administratorul", [Role.ADMINISTRATOR]),
    "teacher": ("school", "Maria", "Ciobanu", [Role.DESIGNATED_PERSON, Role.TEACHER]),
    "doctor": ("clinic", "Svetlana", "Popova", [Role.DESIGNATED_PERSON, Role.HEALTH_WORKER]),
    "officer": ("police", "Vasile", "Țurcanu", [Role.POLICE_OFFICER]),
    "social_worker": ("mayoralty", "Elena", "Munteanu", [Role.SOCIAL_WORKER, Role.CASE_MANAGER]),
    "supervisor": ("directorate", "Natalia", "Rotari", [Role.SUPERVISOR, Role.CASE_MANAGER]),
    "ungheni_worker": ("ungheni_mayoralty", "Andrei", "Lungu", [Role.SOCIAL_WORKER]),
    "dpo": ("directorate", "Tatiana", "Ceban", [Role.DATA_PROTECTION_OFFICER]),
}


TEST_APP = "girfec-tests"
"""The sign-in client the test professionals' tokens are issued to."""
SYSTEMS = {"school_registry": "school", "clinic_records": "clinic", "police_records": "police"}
"""Sector systems (machine clients) and the organisation each acts for."""
PROFESSIONAL_SCOPES = sorted(API_SCOPES)
SYSTEM_KEY = RSAKey.generate_key(2048, parameters={"kid": "test-systems", "alg": "RS256"})
"""The sector systems prove themselves with this key (private_key_jwt): made once per run, and it
spares every test the deliberate slowness of hashing a client secret with argon2."""


async def build_world(app: FastAPI, client: httpx.AsyncClient) -> World:
    world = World()
    async with UnitOfWork(app.state.session_factory) as uow:
        for key, (name, kind, territory) in _ORGANISATIONS.items():
            org = await organisations.create_organisation(
                uow, None, NewOrganisation(name=name, kind=kind, territory_code=territory)
            )
            world.organisations[key] = org.id
        for key, (org_key, given, family, roles) in _PEOPLE.items():
            person = await organisations.create_professional(
                uow,
                None,
                NewProfessional(
                    organisation_id=world.organisations[org_key],
                    given_name=given,
                    family_name=family,
                    email=f"{key}@example.md",
                    roles=roles,
                ),
            )
            world.people[key] = person.id
        await oauth_clients.register_client(
            uow,
            None,
            NewClient(
                client_id=TEST_APP,
                name="Test suite",
                kind=ClientKind.PUBLIC,
                redirect_uris=["http://127.0.0.1/callback"],
                scopes=PROFESSIONAL_SCOPES,
            ),
        )
        for key, person_id in world.people.items():
            world.tokens[key] = await issue_access_token(
                uow, client_id=TEST_APP, scopes=PROFESSIONAL_SCOPES, professional_id=person_id
            )
        for key, org_key in SYSTEMS.items():
            await oauth_clients.register_client(
                uow,
                None,
                NewClient(
                    client_id=key.replace("_", "-"),
                    name=key,
                    kind=ClientKind.SYSTEM,
                    organisation_id=world.organisations[org_key],
                    jwks={"keys": [SYSTEM_KEY.as_dict(private=False)]},
                ),
            )
            world.tokens[key] = await issue_access_token(
                uow,
                client_id=key.replace("_", "-"),
                scopes=SYSTEM_DEFAULT_SCOPES,
                professional_id=None,
            )
        await uow.commit()
    return world


_serial = iter(range(10**6))


def an_idnp() -> str:
    return make_idnp(f"2014{next(_serial):08d}")


# ---- legal basis for sharing (referrals and team members) ---------------------------------

DEFAULT_BASIS: dict[str, Any] = {}
"""Marks "the usual basis": a parent's consent, or nothing on the child-protection path."""


def consent_body(**overrides: Any) -> dict[str, Any]:
    """A mother's consent, given today for a year."""
    body: dict[str, Any] = {
        "kind": "consent",
        "given_by_name": "Elena Rusu",
        "given_by_relationship": "parent",
        "given_at": today().isoformat(),
        "purpose": "Referirea la autoritatea tutelară și sprijinul echipei din jurul copilului.",
        "valid_until": due_in(365),
    }
    body.update(overrides)
    return body


def basis_of(urgency: str, legal_basis: dict[str, Any] | None) -> dict[str, Any]:
    """The `legal_basis` field of a referral or team member body, or none."""
    if legal_basis is DEFAULT_BASIS:
        return {} if urgency == "child_protection" else {"legal_basis": consent_body()}
    return {} if legal_basis is None else {"legal_basis": legal_basis}


class Api:
    """Calls the API as one of the world's professionals (default: the teacher)."""

    def __init__(self, client: httpx.AsyncClient, world: World) -> None:
        self.client = client
        self.world = world

    def headers(self, who: str = "teacher", **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.world.tokens[who]}", **extra}

    async def call(
        self,
        method: str,
        url: str,
        who: str = "teacher",
        *,
        json: Any = None,
        params: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        return await self.client.request(
            method, url, json=json, params=params, headers={**self.headers(who), **(headers or {})}
        )

    async def ok(
        self,
        method: str,
        url: str,
        who: str = "teacher",
        *,
        json: Any = None,
        params: Any = None,
        headers: dict[str, str] | None = None,
        expect: int | None = None,
    ) -> Any:
        response = await self.call(method, url, who, json=json, params=params, headers=headers)
        wanted = expect or (201 if method == "POST" and response.status_code == 201 else 200)
        assert response.status_code == wanted, response.text
        return response.json()

    async def act(
        self, url: str, who: str, body: Any = None, *, version: int | str
    ) -> httpx.Response:
        """A state-changing action with If-Match."""
        return await self.call(
            "POST", url, who, json=body or {}, headers={"If-Match": f'"{version}"'}
        )

    # ---- children ----------------------------------------------------------------------
    def child_body(self, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "given_name": "Ana",
            "family_name": "Rusu",
            "sex": "female",
            "birth_date": "2014-03-09",
            "idnp": an_idnp(),
            "territory_code": "calarasi",
            "languages": ["ro"],
        }
        body.update(overrides)
        return body

    async def child(self, who: str = "teacher", **overrides: Any) -> dict[str, Any]:
        return dict(
            await self.ok(
                "POST", "/api/v1/children", who, json=self.child_body(**overrides), expect=201
            )
        )

    async def note(self, child_id: str, text: str, **extra: Any) -> dict[str, Any]:
        """A note in the child's chronology, written by the teacher."""
        body = {"text": text, **extra}
        url = f"/api/v1/children/{child_id}/notes"
        return dict(await self.ok("POST", url, json=body, expect=201))

    async def observation(
        self, child_id: str, who: str = "teacher", **overrides: Any
    ) -> dict[str, Any]:
        body = observation_body(child_id, **overrides)
        return dict(await self.ok("POST", "/api/v1/observations", who, json=body, expect=201))

    # ---- concerns and referrals ----------------------------------------------------------
    async def concern(
        self,
        who: str = "teacher",
        child_id: str | None = None,
        *,
        status: str = "recorded",
        **overrides: Any,
    ) -> dict[str, Any]:
        """A concern raised by `who` (about a new child unless one is named), then brought to
        `status`: recorded, single_agency_plan (act in the institution), referred (to the
        mayoralty) or closed (no further action). Returns the concern as it then is."""
        if child_id is None:
            child_id = (await self.child(who))["id"]
        body = concern_body(child_id, **overrides)
        concern = dict(await self.ok("POST", "/api/v1/concerns", who, json=body, expect=201))
        url = f"/api/v1/concerns/{concern['id']}"
        if status == "single_agency_plan":
            r = await self.act(f"{url}/act-in-institution", who, version=concern["version"])
        elif status == "closed":
            reason = {"reason": "Rezolvat în discuția cu familia."}
            r = await self.act(f"{url}/close", who, reason, version=concern["version"])
        elif status == "referred":
            await self.referral(who, concern=concern)
            return dict(await self.ok("GET", url, who))
        else:
            assert status == "recorded", status
            return concern
        assert r.status_code == 200, r.text
        assert r.json()["status"] == status
        return dict(r.json())

    async def referral(
        self,
        who: str = "teacher",
        to: str = "mayoralty",
        concern: dict[str, Any] | None = None,
        legal_basis: dict[str, Any] | None = DEFAULT_BASIS,
        **concern_overrides: Any,
    ) -> dict[str, Any]:
        """A concern raised by `who` (or the one given), referred by them to the authority `to`
        on `legal_basis` (by default the parent's consent off the child-protection path, and
        the exemption the service records on it; `None` sends none)."""
        concern = concern or await self.concern(who, **concern_overrides)
        body = {
            "concern_id": concern["id"],
            "to_organisation_id": self.world.org(to),
            "reason": REFERRAL_REASON,
            **basis_of(concern["urgency"], legal_basis),
        }
        return dict(await self.ok("POST", "/api/v1/referrals", who, json=body, expect=201))

    # ---- cases and assessments ------------------------------------------------------------
    async def case(
        self,
        who: str = "social_worker",
        *,
        stage: CaseStage = CaseStage.INITIAL_ASSESSMENT,
        **overrides: Any,
    ) -> dict[str, Any]:
        """A child-protection case opened by `who`'s guardianship authority and led by the
        mayoralty's social worker, walked from initial assessment to `stage`."""
        if "child_id" not in overrides:
            child = await self.child(given_name="Mihai", family_name="Bîrcă")
            overrides["child_id"] = child["id"]
        body = {
            "lead_professional_id": self.world.person("social_worker"),
            "reason": "Poliția a semnalat violență în familie",
            **overrides,
        }
        case = dict(await self.ok("POST", "/api/v1/cases", who, json=body, expect=201))
        for action in CASE_PATH_TO[stage]:
            case = await self.move_case(case, action)
        assert case["stage"] == stage.value
        return case

    async def move_case(
        self, case: dict[str, Any], action: CaseAction, who: str | None = None, **body: Any
    ) -> dict[str, Any]:
        """Run a case action that must succeed; closing a child-protection case is the
        supervisor's."""
        who = who or ("supervisor" if action is CaseAction.CLOSE else "social_worker")
        url = f"/api/v1/cases/{case['id']}/{action.value}"
        sent = body or CASE_ACTION_BODIES.get(action)
        r = await self.act(url, who, sent, version=case["version"])
        assert r.status_code == 200, r.text
        assert r.headers["ETag"] == f'"{r.json()["version"]}"'
        return dict(r.json())

    async def assessment(
        self,
        case: dict[str, Any] | None = None,
        *,
        status: AssessmentStatus = AssessmentStatus.DRAFT,
        **fields: Any,
    ) -> dict[str, Any]:
        """A complete initial assessment by the lead social worker (of a new case unless one is
        given), brought from draft to `status`."""
        case = case or await self.case()
        body = {
            "case_id": case["id"],
            "kind": "initial",
            "indicator_ratings": ALL_RATED,
            "protective_factors": {
                "social_connections": {"rating": 4, "comment": "Bunica locuiește aproape"},
                "concrete_support": {"rating": 2},
            },
            "my_world_triangle": {
                "need_from_carers": {"keeping_me_safe": {"risks": "Violență în familie"}},
                "wider_world": {"school": {"strengths": "Învățătoarea o sprijină"}},
            },
            "resilience": {"resilience": 1, "environment": -2},
            "child_views": "Vreau să stau la bunica.",
            **fields,
        }
        url = "/api/v1/assessments"
        assessment = dict(await self.ok("POST", url, "social_worker", json=body, expect=201))
        for action in ASSESSMENT_PATH_TO[status]:
            assessment = await self.move_assessment(assessment, action)
        assert assessment["status"] == status.value
        return assessment

    async def move_assessment(
        self, assessment: dict[str, Any], action: AssessmentAction, who: str | None = None
    ) -> dict[str, Any]:
        """Run an assessment action that must succeed, as the professional whose it is."""
        url = f"/api/v1/assessments/{assessment['id']}/{action.value}"
        who = who or ASSESSMENT_ACTORS[action]
        if action is AssessmentAction.REVISE:
            return dict(await self.ok("POST", url, who, json={}, expect=201))
        body = ASSESSMENT_ACTION_BODIES.get(action)
        r = await self.act(url, who, body, version=assessment["version"])
        assert r.status_code == 200, r.text
        assert r.headers["ETag"] == f'"{r.json()["version"]}"'
        return dict(r.json())

    # ---- plans and reviews ----------------------------------------------------------------
    def action_body(self, **overrides: Any) -> dict[str, Any]:
        """A plan action the family doctor is responsible for, due in 30 days."""
        body: dict[str, Any] = {
            "description": "Consiliere psihologică săptămânală",
            "service": "Serviciul de suport familial",
            "responsible_organisation_id": self.world.org("clinic"),
            "responsible_professional_id": self.world.person("doctor"),
            "due_on": due_in(30),
        }
        body.update(overrides)
        return body

    async def plan(self, who: str = "teacher", **body: Any) -> dict[str, Any]:
        """A draft plan. Without a `concern_id` or `case_id` it is the single-agency plan of a new
        child's concern that `who`'s institution decided to meet itself."""
        if "concern_id" not in body and "case_id" not in body:
            concern = await self.concern(who, status="single_agency_plan")
            body["concern_id"] = concern["id"]
        return dict(await self.ok("POST", "/api/v1/plans", who, json=body, expect=201))

    async def activate_plan(self, plan: dict[str, Any], who: str = "teacher") -> dict[str, Any]:
        url = f"/api/v1/plans/{plan['id']}/activate"
        r = await self.act(url, who, version=plan["version"])
        assert r.status_code == 200, r.text
        return dict(r.json())

    async def review(
        self, plan: dict[str, Any], who: str = "teacher", **overrides: Any
    ) -> dict[str, Any]:
        url = f"/api/v1/plans/{plan['id']}/reviews"
        return dict(await self.ok("POST", url, who, json=review_body(**overrides), expect=201))


# ---- request bodies and constants ---------------------------------------------------------

REFERRAL_REASON = "Școala nu poate asigura singură sprijinul de care copilul are nevoie acasă."

CHILD_PROTECTION: dict[str, Any] = {
    "urgency": "child_protection",
    "risk_category": "violence",
    "indicators": ["safe", "nurtured"],
    "description": "Vânătăi pe brațe; evită să meargă acasă după ore.",
    "child_words": "Tata se supără când bea.",
}
"""Overrides that make a concern one of suspected violence."""


def concern_body(child_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "child_id": child_id,
        "indicators": ["achieving", "included"],
        "description": "Absentează des de la ore în ultima lună și stă izolat în pauze.",
        "observed_at": "2025-03-14T09:30:00+02:00",
        "child_words": "Nu mai vreau să vin la școală.",
        "urgency": "routine",
    }
    body.update(overrides)
    return body


def observation_body(child_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "child_id": child_id,
        "observed_on": "2025-03-14",
        "ratings": {"safe": 4, "healthy": 3, "achieving": 2},
        "notes": "Lipsește des de la ore; obosit dimineața.",
    }
    body.update(overrides)
    return body


def review_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "held_on": today().isoformat(),
        "progress": "Frecvența s-a îmbunătățit; bunica primește ajutor social.",
        "indicator_ratings": {
            "safe": {"rating": 3, "comment": "Acasă e mai liniște"},
            "achieving": {"rating": 2},
        },
        "protective_factors": {"concrete_support": {"rating": 4}},
        "child_views": "Îmi place la școală acum.",
        "decision": "continue",
    }
    body.update(overrides)
    return body


# How to walk a fresh case (at initial assessment) to each stage.
CASE_PATH_TO: dict[CaseStage, list[CaseAction]] = {
    CaseStage.INITIAL_ASSESSMENT: [],
    CaseStage.COMPLEX_ASSESSMENT: [CaseAction.START_COMPLEX_ASSESSMENT],
    CaseStage.PLANNING: [CaseAction.START_PLANNING],
    CaseStage.IMPLEMENTATION_MONITORING: [
        CaseAction.START_PLANNING,
        CaseAction.START_IMPLEMENTATION,
    ],
    CaseStage.REVIEW: [
        CaseAction.START_PLANNING,
        CaseAction.START_IMPLEMENTATION,
        CaseAction.START_REVIEW,
    ],
    CaseStage.CLOSED: [CaseAction.CLOSE],
}

CASE_ACTION_BODIES: dict[CaseAction, dict[str, Any]] = {
    CaseAction.CLOSE: {"reason": "objectives_achieved"},
    CaseAction.REOPEN: {"reason": "Școala semnalează din nou absențe repetate"},
}

ALL_RATED: dict[str, Any] = {
    **{i.value: {"rating": 3} for i in Indicator},
    "safe": {"rating": 1, "comment": "Tatăl devine violent când consumă alcool"},
    "achieving": {"rating": 4},
}
"""Every indicator rated, as an assessment must be before it is submitted."""

# How to bring a fresh draft assessment to each status.
ASSESSMENT_PATH_TO: dict[AssessmentStatus, list[AssessmentAction]] = {
    AssessmentStatus.DRAFT: [],
    AssessmentStatus.SUBMITTED: [AssessmentAction.SUBMIT],
    AssessmentStatus.APPROVED: [AssessmentAction.SUBMIT, AssessmentAction.APPROVE],
    AssessmentStatus.RETURNED: [AssessmentAction.SUBMIT, AssessmentAction.RETURN],
}

# Who may do what: deciding is the supervisor's.
ASSESSMENT_ACTORS: dict[AssessmentAction, str] = {
    AssessmentAction.SUBMIT: "social_worker",
    AssessmentAction.APPROVE: "supervisor",
    AssessmentAction.RETURN: "supervisor",
    AssessmentAction.REVISE: "social_worker",
}

ASSESSMENT_ACTION_BODIES: dict[AssessmentAction, dict[str, Any]] = {
    AssessmentAction.RETURN: {"reason": "Lipsesc opiniile copilului"},
}


# ---- small readers --------------------------------------------------------------------------


def at(stamp: str) -> datetime:
    """An ISO timestamp from a response, as an aware datetime."""
    return datetime.fromisoformat(stamp)


def due_in(days: int) -> str:
    """The ISO date `days` from today (negative: in the past)."""
    return (today() + timedelta(days=days)).isoformat()


def problem_of(r: httpx.Response, status: int) -> dict[str, Any]:
    """The problem document of a response that must have `status`."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    return dict(r.json())
