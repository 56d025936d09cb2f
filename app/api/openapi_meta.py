"""Text for the OpenAPI document: the overview and one description per tag."""

from typing import Any

DESCRIPTION = """
A headless service for Moldova's National Practice Model for child well-being
(*Getting it right — TOGETHER — for every child*, Government Decision 143/2018).

Professionals in education, health, public order and social assistance record **concerns**
about a child on the eight well-being indicators, act inside their institution (a
single-agency **plan**), or **refer** to the local guardianship authority; social assistance
runs **cases** (assessment, plan, review, closure) with a team around the child.

### Conventions
* **Who is calling** — until OAuth sign-in lands, send `X-Actor-Id: <professional id>`.
* **Errors** are RFC 9457 `application/problem+json` with a stable `type` (`/problems/<code>`);
  validation problems list each bad field with a JSON pointer.
* **Concurrency** — every record has an `ETag`; every change needs `If-Match` (412 when stale,
  428 when missing).
* **Retries** — send `Idempotency-Key` on a POST: the same key and body replay the first answer;
  the same key with another body is refused.
* **Lists** are newest first, paged with `limit` and `cursor` (`next_cursor` of the previous page).
* **State changes** are actions (`POST /referrals/{id}/accept` ...). A 409 names the actions
  that are legal now; every record also lists its `legal_actions`.
"""

TAGS = [
    {
        "name": "reference",
        "description": (
            "Indicators, protective factors, sectors, territories and other vocabularies, in "
            "Romanian, Russian and English."
        ),
    },
    {
        "name": "organisations",
        "description": (
            "Schools, clinics, police units, mayoralties (local guardianship authorities), "
            "directorates and service providers, and their professionals."
        ),
    },
    {
        "name": "children",
        "description": (
            "Children, their identifiers in sector systems, family and caregivers, "
            "institutions attended, chronology and well-being trajectory."
        ),
    },
    {
        "name": "observations",
        "description": ("Routine monitoring of a child on the eight indicators."),
    },
    {
        "name": "concerns",
        "description": (
            "A professional's record that a child's well-being is at risk, and the decision: "
            "act in the institution or refer."
        ),
    },
    {
        "name": "referrals",
        "description": (
            "A concern referred to a guardianship authority: received, accepted, declined, "
            "redirected or withdrawn."
        ),
    },
    {
        "name": "cases",
        "description": (
            "Cases run by social assistance: stages, lead professional, team around the "
            "child, closure and reopening."
        ),
    },
    {
        "name": "assessments",
        "description": (
            "Initial and complex assessments: indicator ratings, My World Triangle, "
            "protective factors, resilience matrix; approved by a supervisor."
        ),
    },
    {
        "name": "plans",
        "description": (
            "Single-agency plans and children's plans: objectives, actions and reviews."
        ),
    },
    {
        "name": "deadlines",
        "description": (
            "The deadline policy (durations set by law, kept as data) and overdue items."
        ),
    },
    {
        "name": "events",
        "description": ("The stored domain events, in order: what changed, when and by whom."),
    },
    {
        "name": "problems",
        "description": ("The catalogue of problem types returned in errors."),
    },
]


def document_middleware_behaviour(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare what the middleware does for every operation, which FastAPI cannot see:
    the Idempotency-Key header on POST, the 413 body limit and the X-Request-ID header."""
    for item in schema.get("paths", {}).values():
        for method, op in item.items():
            params = op.setdefault("parameters", [])
            params.append(
                {
                    "name": "X-Request-ID",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "maxLength": 100},
                    "description": "Your id for this request; echoed back and put in problems.",
                }
            )
            if method == "post":
                params.append(
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                        "description": "Makes a retry safe: the same key and body replay the "
                        "first answer (with `Idempotent-Replayed: true`); the same key with "
                        "another body is 422. Keys are kept 24 hours, per caller.",
                    }
                )
            if "requestBody" in op:
                op["responses"].setdefault(
                    "413",
                    {
                        "description": "The request body is too large",
                        "content": {
                            "application/problem+json": {
                                "schema": {"$ref": "#/components/schemas/Problem"}
                            }
                        },
                    },
                )
    return schema
