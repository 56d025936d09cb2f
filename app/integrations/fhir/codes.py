"""The FHIR vocabulary this service speaks: its own code systems and naming systems, and the
value sets of the FHIR R4 elements it reads or writes.

fhir.resources checks the shape of a resource, not its codes, so every code read is checked
against these tables (a wrong one is `code-invalid` with the element's expression), and every
code written is taken from them (the tests check the resources the service returns against them).
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.cases import CaseStage
from app.domain.concerns import ConcernStatus
from app.domain.legal_basis import ConsentGiver
from app.domain.referrals import ReferralStatus
from app.domain.vocabulary import Indicator, RiskCategory, Sex, Urgency

FHIR_VERSION = "4.0.1"
MEDIA_TYPE = "application/fhir+json"
ANSWER_MEDIA_TYPE = f"{MEDIA_TYPE}; fhirVersion=4.0"

BASE = "https://girfec.md/fhir"
IDNP_SYSTEM = f"{BASE}/sid/idnp"
"""NamingSystem of the Moldovan personal identification number (IDNP, 13 digits)."""
ORGANISATION_SYSTEM = f"{BASE}/sid/organisation"
"""NamingSystem of our organisation ids (the directory's UUIDs)."""
INDICATOR_SYSTEM = f"{BASE}/CodeSystem/wellbeing-indicator"
"""The eight well-being indicators (GIRFEC's SHANARRI), codes as in our API."""
RISK_CATEGORY_SYSTEM = f"{BASE}/CodeSystem/risk-category"
"""Risk situations of Law 140/2013 art. 8: a child-protection (stat) request names one."""
CONSENT_GIVER_SYSTEM = f"{BASE}/CodeSystem/consent-giver"
"""Who gave a consent, in relation to the child (parent, legal_representative, guardian, child)."""
BUSINESS_STATUS_SYSTEM = f"{BASE}/CodeSystem/referral-business-status"
"""Task.businessStatus: the referral's status, and once a case runs, the case's stage."""
OUTPUT_SYSTEM = f"{BASE}/CodeSystem/task-output"
V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
ISSUE_TYPE = "http://hl7.org/fhir/issue-type"

# ---- value sets of FHIR elements (R4) --------------------------------------------------------

BUNDLE_TYPES = frozenset(
    {
        "document",
        "message",
        "transaction",
        "transaction-response",
        "batch",
        "batch-response",
        "history",
        "searchset",
        "collection",
    }
)
HTTP_VERBS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"})
REQUEST_STATUS = frozenset(
    {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
)
REQUEST_INTENT = frozenset(
    {
        "proposal",
        "plan",
        "directive",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    }
)
REQUEST_PRIORITY = frozenset({"routine", "urgent", "asap", "stat"})
ADMINISTRATIVE_GENDER = frozenset({"male", "female", "other", "unknown"})
CONSENT_STATUS = frozenset(
    {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"}
)
TASK_STATUS = frozenset(
    {
        "draft",
        "requested",
        "received",
        "accepted",
        "rejected",
        "ready",
        "cancelled",
        "in-progress",
        "on-hold",
        "failed",
        "completed",
        "entered-in-error",
    }
)
TASK_INTENT = frozenset(
    {
        "unknown",
        "proposal",
        "plan",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    }
)
ISSUE_SEVERITY = frozenset({"fatal", "error", "warning", "information"})
ISSUE_TYPES = frozenset(
    {
        "invalid",
        "structure",
        "required",
        "value",
        "invariant",
        "security",
        "login",
        "unknown",
        "expired",
        "forbidden",
        "suppressed",
        "processing",
        "not-supported",
        "duplicate",
        "multiple-matches",
        "not-found",
        "deleted",
        "too-long",
        "code-invalid",
        "extension",
        "too-costly",
        "business-rule",
        "conflict",
        "transient",
        "lock-error",
        "no-store",
        "exception",
        "timeout",
        "incomplete",
        "throttled",
        "informational",
    }
)

# ---- what the codes mean here ----------------------------------------------------------------

ACCEPTED_INTENTS = frozenset({"order", "original-order"})
"""A clinic orders the referral; a proposal or plan is not a referral to act on."""
ACCEPTED_STATUS = frozenset({"active"})
"""Only an active request is taken in (a draft is not sent; a revoked one is withdrawn)."""

PRIORITY_URGENCY: Mapping[str, Urgency] = {
    "routine": Urgency.ROUTINE,
    "urgent": Urgency.PRIORITY,
    "asap": Urgency.PRIORITY,
    "stat": Urgency.CHILD_PROTECTION,
}
"""`stat` means "immediately": the child-protection path (GD 270/2014) is the one on which the
guardianship authority is told at once. `urgent` and `asap` ask for quicker help than usual,
which is our `priority`; neither is, by itself, a suspicion of violence or neglect."""
URGENCY_PRIORITY: Mapping[Urgency, str] = {
    Urgency.ROUTINE: "routine",
    Urgency.PRIORITY: "urgent",
    Urgency.CHILD_PROTECTION: "stat",
}

GENDER_SEX: Mapping[str, Sex] = {
    "male": Sex.MALE,
    "female": Sex.FEMALE,
    "other": Sex.UNKNOWN,
    "unknown": Sex.UNKNOWN,
}
"""The civil register records male or female; `other` is not a value it knows, so it is kept
as unknown rather than guessed."""

SEX_GENDER: Mapping[Sex, str] = {
    Sex.MALE: "male",
    Sex.FEMALE: "female",
    Sex.UNKNOWN: "unknown",
}

REQUEST_STATUS_OF: Mapping[ConcernStatus, str] = {
    ConcernStatus.RECORDED: "active",
    ConcernStatus.SINGLE_AGENCY_PLAN: "active",
    ConcernStatus.REFERRED: "active",
    ConcernStatus.CLOSED: "completed",
}
"""Our concern as the clinic's ServiceRequest: in force while it is being decided or acted on
(in the institution or by the referral), `completed` once closed. Its referral's own progress
is the Task."""

INDICATORS = frozenset(i.value for i in Indicator)
RISK_CATEGORIES = frozenset(r.value for r in RiskCategory)
CONSENT_GIVERS: Mapping[str, ConsentGiver] = {g.value: g for g in ConsentGiver}
ROLE_CODE_GIVER: Mapping[str, ConsentGiver] = {
    "PRN": ConsentGiver.PARENT,
    "MTH": ConsentGiver.PARENT,
    "FTH": ConsentGiver.PARENT,
    "NPRN": ConsentGiver.PARENT,
    "NMTH": ConsentGiver.PARENT,
    "NFTH": ConsentGiver.PARENT,
    "GUARD": ConsentGiver.GUARDIAN,
    "ONESELF": ConsentGiver.CHILD,
}
"""v3-RoleCode codes a clinic may already use for who consented."""

# ---- Task: our referral and case, as the SDOH referral-management Task shows them -------------

TASK_STATUS_OF: Mapping[ReferralStatus, str] = {
    ReferralStatus.RECEIVED: "received",
    ReferralStatus.ACCEPTED: "accepted",
    ReferralStatus.DECLINED: "rejected",
    ReferralStatus.REDIRECTED: "rejected",
    ReferralStatus.WITHDRAWN: "cancelled",
}
"""A redirected referral is `rejected` by the authority that had it (it will not do the work
itself): its reason is in `statusReason`, its `output` names the Task of the authority it was
sent on to, and that Task (same requester, same focus) carries on."""
CASE_TASK_STATUS: Mapping[CaseStage, str] = {
    # Accepting opens the case at its initial assessment: still `accepted`; the work is
    # `in-progress` from the complex assessment on, and `completed` when the case closes.
    CaseStage.INITIAL_ASSESSMENT: "accepted",
    CaseStage.COMPLEX_ASSESSMENT: "in-progress",
    CaseStage.PLANNING: "in-progress",
    CaseStage.IMPLEMENTATION_MONITORING: "in-progress",
    CaseStage.REVIEW: "in-progress",
    CaseStage.CLOSED: "completed",
}

BUSINESS_STATUS: Mapping[str, str] = {
    **{f"referral-{s.value}": f"Referral {s.value}" for s in ReferralStatus},
    **{f"case-{s.value}": f"Case: {s.value.replace('_', ' ')}" for s in CaseStage},
}
"""The code system of Task.businessStatus: `referral-<status>` until a case runs, then
`case-<stage>`."""

SEARCH_PARAMETERS: Mapping[str, str] = {
    "requester": "reference",
    "focus": "reference",
    "status": "token",
    "_lastUpdated": "date",
    "_count": "number",
}
SEARCH_DOCUMENTATION: Mapping[str, str] = {
    "_lastUpdated": "Prefixes gt, ge, lt, le, eq (none is eq); an instant with its zone or a "
    "day (UTC); repeat for a window. Other prefixes are refused (400, not-supported).",
    "status": "Task status codes, comma-separated.",
}
