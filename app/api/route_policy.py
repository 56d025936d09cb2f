"""Which capability each operation needs, and who may call it: the route table, in one place.

Every operation of the API has one line here: the OAuth scope its token must carry, and which
kinds of principal may call it — professionals, sector systems (machine clients acting for their
organisation), or both — and, for a few, the role a professional must hold. What a caller then
sees of a record is the object-level policy's business (`app.domain.access_policy`).

An operation without a line is refused to everyone (deny by default), and the authorization
matrix test fails the suite for it, so a new endpoint cannot ship without a decision here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from app.domain.vocabulary import Role

PrincipalKind = Literal["professional", "system"]
PEOPLE: frozenset[PrincipalKind] = frozenset({"professional"})
ANYONE: frozenset[PrincipalKind] = frozenset({"professional", "system"})
SYSTEMS: frozenset[PrincipalKind] = frozenset({"system"})


@dataclass(frozen=True)
class RouteRule:
    scope: str
    principals: frozenset[PrincipalKind] = PEOPLE
    roles: frozenset[Role] | None = None
    """A professional must hold one of these; None: any professional (then the object policy)."""


def _people(scope: str, *roles: Role) -> RouteRule:
    return RouteRule(scope, PEOPLE, frozenset(roles) if roles else None)


def _anyone(scope: str) -> RouteRule:
    return RouteRule(scope, ANYONE)


def _systems(scope: str) -> RouteRule:
    return RouteRule(scope, SYSTEMS)


ADMIN = _people("admin", Role.ADMINISTRATOR)
AUDIT = _people("audit:read", Role.DATA_PROTECTION_OFFICER, Role.CASE_MANAGER)
DPO = _people("audit:read", Role.DATA_PROTECTION_OFFICER)
_IDENTITY_ROLES = (Role.SOCIAL_WORKER, Role.CASE_MANAGER, Role.SUPERVISOR)
IDENTITY_READ = _people("children:read", *_IDENTITY_ROLES)
IDENTITY_WRITE = _people("children:write", *_IDENTITY_ROLES)

V1 = "/api/v1"

ROUTES: Mapping[tuple[str, str], RouteRule] = {
    # Reference data and the directory of organisations and professionals.
    ("GET", f"{V1}/reference/territories"): _anyone("directory:read"),
    ("GET", f"{V1}/reference/territories/{{code}}/localities"): _anyone("directory:read"),
    ("GET", f"{V1}/reference/{{vocabulary}}"): _anyone("directory:read"),
    ("POST", f"{V1}/organisations"): ADMIN,
    ("GET", f"{V1}/organisations"): _anyone("directory:read"),
    ("GET", f"{V1}/organisations/{{organisation_id}}"): _anyone("directory:read"),
    ("POST", f"{V1}/professionals"): ADMIN,
    ("GET", f"{V1}/professionals"): _people("directory:read"),
    ("GET", f"{V1}/professionals/me"): _people("directory:read"),
    ("GET", f"{V1}/professionals/{{professional_id}}"): _people("directory:read"),
    ("GET", f"{V1}/deadline-policy"): _anyone("directory:read"),
    ("PUT", f"{V1}/deadline-policy/{{kind}}/{{urgency}}"): ADMIN,
    # Children: sector systems register and find the children they report on.
    ("POST", f"{V1}/children"): _anyone("children:write"),
    ("GET", f"{V1}/children"): _anyone("children:read"),
    ("GET", f"{V1}/children/{{child_id}}"): _anyone("children:read"),
    ("PATCH", f"{V1}/children/{{child_id}}"): _people("children:write"),
    ("POST", f"{V1}/children/{{child_id}}/identifiers"): _anyone("children:write"),
    ("GET", f"{V1}/children/{{child_id}}/family-members"): _people("children:read"),
    ("POST", f"{V1}/children/{{child_id}}/family-members"): _people("children:write"),
    ("GET", f"{V1}/children/{{child_id}}/institutions"): _people("children:read"),
    ("POST", f"{V1}/children/{{child_id}}/institutions"): _people("children:write"),
    ("GET", f"{V1}/children/{{child_id}}/chronology"): _people("cases:read"),
    ("POST", f"{V1}/children/{{child_id}}/notes"): _people("cases:write"),
    ("GET", f"{V1}/children/{{child_id}}/wellbeing"): _people("cases:read"),
    ("GET", f"{V1}/children/{{child_id}}/disclosures"): AUDIT,
    ("GET", f"{V1}/children/{{child_id}}/export"): DPO,
    ("GET", f"{V1}/break-glass-openings"): DPO,
    ("GET", f"{V1}/break-glass-openings/{{opening_id}}"): DPO,
    ("POST", f"{V1}/break-glass-openings/{{opening_id}}/review"): DPO,
    # Observations stay with the professional's institution.
    ("POST", f"{V1}/observations"): _people("concerns:write"),
    ("GET", f"{V1}/observations"): _people("concerns:read"),
    ("GET", f"{V1}/observations/{{observation_id}}"): _people("concerns:read"),
    # Concerns: raised by professionals and by sector systems; the raiser follows its status.
    ("POST", f"{V1}/concerns"): _anyone("concerns:write"),
    ("GET", f"{V1}/concerns"): _anyone("concerns:read"),
    ("GET", f"{V1}/concerns/{{concern_id}}"): _anyone("concerns:read"),
    ("PATCH", f"{V1}/concerns/{{concern_id}}"): _people("concerns:write"),
    ("POST", f"{V1}/concerns/{{concern_id}}/act-in-institution"): _people("concerns:write"),
    ("POST", f"{V1}/concerns/{{concern_id}}/close"): _people("concerns:write"),
    ("GET", f"{V1}/concerns/{{concern_id}}/status"): _anyone("status:read"),
    # Referrals to the guardianship authority.
    ("POST", f"{V1}/referrals"): _anyone("referrals:write"),
    ("GET", f"{V1}/referrals"): _anyone("referrals:read"),
    ("GET", f"{V1}/referrals/{{referral_id}}"): _anyone("referrals:read"),
    ("GET", f"{V1}/referrals/{{referral_id}}/history"): _anyone("referrals:read"),
    ("POST", f"{V1}/referrals/{{referral_id}}/accept"): _people("referrals:write"),
    ("POST", f"{V1}/referrals/{{referral_id}}/decline"): _people("referrals:write"),
    ("POST", f"{V1}/referrals/{{referral_id}}/redirect"): _people("referrals:write"),
    ("POST", f"{V1}/referrals/{{referral_id}}/withdraw"): _anyone("referrals:write"),
    ("POST", f"{V1}/referrals/{{referral_id}}/assign"): _people("referrals:write"),
    ("GET", f"{V1}/sharing-bases/{{sharing_basis_id}}"): _people("referrals:read"),
    # Sector adapters: systems push what they saw; the inbox keeps every message they sent.
    ("POST", f"{V1}/integrations/concerns"): _systems("concerns:write"),
    ("POST", f"{V1}/integrations/school/concerns"): _systems("concerns:write"),
    ("POST", f"{V1}/integrations/school/attendance"): _systems("concerns:write"),
    ("POST", f"{V1}/integrations/police/incidents"): _systems("concerns:write"),
    ("POST", f"{V1}/integrations/hl7v2"): _systems("concerns:write"),
    ("GET", f"{V1}/inbox"): _anyone("concerns:read"),
    # Identity: the territory's social workers decide whether two records are one child.
    ("GET", f"{V1}/identity-reviews"): IDENTITY_READ,
    ("GET", f"{V1}/identity-reviews/{{review_id}}"): IDENTITY_READ,
    ("POST", f"{V1}/identity-reviews/{{review_id}}/decide"): IDENTITY_WRITE,
    ("POST", f"{V1}/child-merges/{{merge_id}}/revert"): IDENTITY_WRITE,
    ("GET", f"{V1}/children/{{child_id}}/merges"): _people("children:read"),
    ("GET", f"{V1}/inbox/{{message_id}}"): _anyone("concerns:read"),
    ("POST", f"{V1}/inbox/{{message_id}}/reprocess"): _anyone("concerns:write"),
    ("POST", f"{V1}/sharing-bases/{{sharing_basis_id}}/withdraw"): _people("referrals:write"),
    # HL7 FHIR R4 for clinics: referrals in, their progress back as Tasks (the requester's own).
    ("POST", "/fhir/r4"): _systems("concerns:write"),
    ("POST", "/fhir/r4/ServiceRequest"): _systems("concerns:write"),
    ("GET", "/fhir/r4/Task"): _systems("status:read"),
    ("GET", "/fhir/r4/Task/{task_id}"): _systems("status:read"),
    ("GET", "/fhir/r4/Patient/{patient_id}"): _systems("children:read"),
    ("GET", "/fhir/r4/ServiceRequest/{service_request_id}"): _systems("concerns:read"),
    # Cases, assessments, plans: the work of professionals.
    ("POST", f"{V1}/cases"): _people("cases:write"),
    ("GET", f"{V1}/cases"): _people("cases:read"),
    ("GET", f"{V1}/cases/{{case_id}}"): _people("cases:read"),
    ("PATCH", f"{V1}/cases/{{case_id}}"): _people("cases:write"),
    ("POST", f"{V1}/cases/{{case_id}}/start-complex-assessment"): _people("cases:write"),
    ("POST", f"{V1}/cases/{{case_id}}/start-planning"): _people("cases:write"),
    ("POST", f"{V1}/cases/{{case_id}}/start-implementation"): _people("cases:write"),
    ("POST", f"{V1}/cases/{{case_id}}/start-review"): _people("cases:write"),
    ("POST", f"{V1}/cases/{{case_id}}/close"): _people("cases:write"),
    ("POST", f"{V1}/cases/{{case_id}}/reopen"): _people("cases:write"),
    ("GET", f"{V1}/cases/{{case_id}}/team"): _people("cases:read"),
    ("POST", f"{V1}/cases/{{case_id}}/team"): _people("cases:write"),
    ("DELETE", f"{V1}/cases/{{case_id}}/team/{{member_id}}"): _people("cases:write"),
    ("POST", f"{V1}/assessments"): _people("cases:write"),
    ("GET", f"{V1}/assessments"): _people("cases:read"),
    ("GET", f"{V1}/assessments/{{assessment_id}}"): _people("cases:read"),
    ("PATCH", f"{V1}/assessments/{{assessment_id}}"): _people("cases:write"),
    ("POST", f"{V1}/assessments/{{assessment_id}}/submit"): _people("cases:write"),
    ("POST", f"{V1}/assessments/{{assessment_id}}/approve"): _people("cases:write"),
    ("POST", f"{V1}/assessments/{{assessment_id}}/return"): _people("cases:write"),
    ("POST", f"{V1}/assessments/{{assessment_id}}/revise"): _people("cases:write"),
    ("POST", f"{V1}/plans"): _people("cases:write"),
    ("GET", f"{V1}/plans"): _people("cases:read"),
    ("GET", f"{V1}/plans/{{plan_id}}"): _people("cases:read"),
    ("PATCH", f"{V1}/plans/{{plan_id}}"): _people("cases:write"),
    ("POST", f"{V1}/plans/{{plan_id}}/activate"): _people("cases:write"),
    ("POST", f"{V1}/plans/{{plan_id}}/complete"): _people("cases:write"),
    ("POST", f"{V1}/plans/{{plan_id}}/cancel"): _people("cases:write"),
    ("POST", f"{V1}/plans/{{plan_id}}/objectives"): _people("cases:write"),
    ("POST", f"{V1}/plans/{{plan_id}}/actions"): _people("cases:write"),
    ("GET", f"{V1}/plans/{{plan_id}}/actions/{{action_id}}"): _people("cases:read"),
    ("POST", f"{V1}/plans/{{plan_id}}/actions/{{action_id}}/start"): _people("cases:write"),
    ("POST", f"{V1}/plans/{{plan_id}}/actions/{{action_id}}/complete"): _people("cases:write"),
    ("POST", f"{V1}/plans/{{plan_id}}/actions/{{action_id}}/cancel"): _people("cases:write"),
    ("GET", f"{V1}/plan-actions"): _people("cases:read"),
    ("POST", f"{V1}/plans/{{plan_id}}/reviews"): _people("cases:write"),
    ("GET", f"{V1}/plans/{{plan_id}}/reviews"): _people("cases:read"),
    # Status back: what is late, and what happened.
    ("GET", f"{V1}/deadlines/overdue"): _people("status:read"),
    ("GET", f"{V1}/events"): _anyone("events:read"),
    # Status events of sector systems: the pull feed, and webhooks a system manages for itself
    # (an administrator may read them all: the service refuses other professionals).
    ("GET", f"{V1}/status-events"): _systems("status:read"),
    ("POST", f"{V1}/webhooks"): _systems("webhooks:manage"),
    ("GET", f"{V1}/webhooks"): _anyone("webhooks:manage"),
    ("GET", f"{V1}/webhooks/{{subscription_id}}"): _anyone("webhooks:manage"),
    ("PATCH", f"{V1}/webhooks/{{subscription_id}}"): _systems("webhooks:manage"),
    ("DELETE", f"{V1}/webhooks/{{subscription_id}}"): _systems("webhooks:manage"),
    ("POST", f"{V1}/webhooks/{{subscription_id}}/rotate-secret"): _systems("webhooks:manage"),
    ("GET", f"{V1}/webhooks/{{subscription_id}}/deliveries"): _anyone("webhooks:manage"),
    ("POST", f"{V1}/webhooks/{{subscription_id}}/deliveries/{{delivery_id}}/redeliver"): _systems(
        "webhooks:manage"
    ),
    # Administration: OAuth clients, signing keys, professionals' roles and access.
    ("GET", f"{V1}/admin/clients"): ADMIN,
    ("POST", f"{V1}/admin/clients"): ADMIN,
    ("GET", f"{V1}/admin/clients/{{client_id}}"): ADMIN,
    ("POST", f"{V1}/admin/clients/{{client_id}}/rotate-secret"): ADMIN,
    ("PUT", f"{V1}/admin/clients/{{client_id}}/keys"): ADMIN,
    ("POST", f"{V1}/admin/clients/{{client_id}}/revoke"): ADMIN,
    ("GET", f"{V1}/admin/signing-keys"): ADMIN,
    ("POST", f"{V1}/admin/signing-keys/rotate"): ADMIN,
    ("POST", f"{V1}/admin/signing-keys/{{kid}}/retire"): ADMIN,
    ("PUT", f"{V1}/admin/professionals/{{professional_id}}/roles"): ADMIN,
    ("POST", f"{V1}/admin/professionals/{{professional_id}}/deactivate"): ADMIN,
    ("POST", f"{V1}/admin/professionals/{{professional_id}}/activate"): ADMIN,
    ("GET", f"{V1}/admin/organisations/{{organisation_id}}/identifiers"): ADMIN,
    ("POST", f"{V1}/admin/organisations/{{organisation_id}}/identifiers"): ADMIN,
    (
        "DELETE",
        f"{V1}/admin/organisations/{{organisation_id}}/identifiers/{{identifier_id}}",
    ): ADMIN,
}

PUBLIC: Mapping[tuple[str, str], str] = {
    ("GET", "/problems"): "The catalogue of error types: documentation, no data.",
    ("GET", "/problems/{code}"): "One error type's documentation, no data.",
    ("GET", "/graphiql"): "The GraphiQL page: a tool, no data (it asks /graphql with a token).",
    ("GET", "/graphiql/static/{name}"): "GraphiQL's bundled scripts and styles, no data.",
    ("GET", "/fhir/r4/metadata"): "The FHIR CapabilityStatement: what the server supports and "
    "how to get a token, no data (FHIR clients read it before authenticating).",
}
"""Operations that need no token, each with the reason. OAuth's own endpoints authenticate the
client themselves and are listed by the sign-in module."""


_WEBHOOKS = "Integration plumbing of a sector system (where its status events are pushed); no "
_WEBHOOKS += "person acts on it through an app, so GraphQL does not mirror it."
MACHINE_ONLY: Mapping[tuple[str, str], str] = {
    ("POST", f"{V1}/integrations/concerns"): "Sector systems push in their own shapes; people "
    "record concerns through the concern mutations.",
    ("POST", f"{V1}/integrations/school/concerns"): "A school registry's OneRoster-style "
    "message; people record concerns through the concern mutations.",
    ("POST", f"{V1}/integrations/school/attendance"): "Attendance batches (JSON or CSV) from "
    "school registries: bulk machine input with no counterpart in people's apps.",
    ("POST", f"{V1}/integrations/police/incidents"): "A police records system's incident report "
    "(NIEM-style XML or JSON); an officer records a concern through the concern mutations.",
    ("POST", f"{V1}/integrations/hl7v2"): "A clinic system's HL7 v2 message (referral, patient "
    "registration), answered with an HL7 ACK; a doctor records a concern through the concern "
    "mutations.",
    ("POST", f"{V1}/inbox/{{message_id}}/reprocess"): "Correcting a sector system's message is "
    "integration work, done by the sender or an administrator over REST.",
    ("POST", f"{V1}/webhooks"): _WEBHOOKS,
    ("PATCH", f"{V1}/webhooks/{{subscription_id}}"): _WEBHOOKS,
    ("DELETE", f"{V1}/webhooks/{{subscription_id}}"): _WEBHOOKS,
    ("POST", f"{V1}/webhooks/{{subscription_id}}/rotate-secret"): _WEBHOOKS,
    ("POST", f"{V1}/webhooks/{{subscription_id}}/deliveries/{{delivery_id}}/redeliver"): _WEBHOOKS,
    ("POST", "/fhir/r4"): "Clinics' systems send referrals in FHIR; people record concerns "
    "and referrals through the concern and referral mutations.",
    ("POST", "/fhir/r4/ServiceRequest"): "Clinics' systems send referrals in FHIR; people "
    "record concerns and referrals through the concern and referral mutations.",
}
"""Writes that sector systems (machines) make, which the GraphQL API for people's apps does not
mirror; each with the reason."""


PER_FIELD: Mapping[tuple[str, str], str] = {
    ("POST", "/graphql"): "A token is required; each GraphQL field answers to the rule of the "
    "REST operation it mirrors (`app.api.graphql.permissions`).",
    ("GET", "/graphql"): "A token is required; GET runs no operation (queries go by POST, so a "
    "link cannot change anything), and the WebSocket checks the token in connection_init.",
}
"""Endpoints whose rule is applied per field, to the REST operation each field mirrors."""
