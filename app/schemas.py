"""JSON Schemas of the documents sector systems send (`schemas/json/`) and of the status events
they receive (`schemas/events/`), for integrators who validate what crosses the wire (and for
code generators that do not read OpenAPI)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from app.domain.assessments import NewAssessment
from app.domain.attendance import AttendanceEvent
from app.domain.cases import NewCase, NewTeamMember
from app.domain.children import NewChild, NewChildInstitution, NewFamilyMember
from app.domain.concerns import NewConcern, NewObservation
from app.domain.intake import InboundConcern
from app.domain.plans import NewAction, NewObjective, NewPlan, NewReview
from app.domain.referrals import NewReferral
from app.domain.status_events import PAYLOADS
from app.integrations.police.model import PoliceIncident
from app.integrations.school.concerns import SchoolConcern

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS_DIR = ROOT / "schemas" / "json"
EVENTS_DIR = ROOT / "schemas" / "events"
"""The `data` of each status event type sector systems receive (webhooks and the feed)."""

DOCUMENTS: dict[str, type[BaseModel]] = {
    "child": NewChild,
    "family-member": NewFamilyMember,
    "child-institution": NewChildInstitution,
    "observation": NewObservation,
    "concern": NewConcern,
    "referral": NewReferral,
    "case": NewCase,
    "team-member": NewTeamMember,
    "assessment": NewAssessment,
    "plan": NewPlan,
    "plan-objective": NewObjective,
    "plan-action": NewAction,
    "review": NewReview,
    "inbound-concern": InboundConcern,
    "school-concern": SchoolConcern,
    "school-attendance-event": AttendanceEvent,
    "police-incident": PoliceIncident,
}


def render() -> dict[str, str]:
    """File name -> content, for every exported document."""
    out = {}
    for name, model in DOCUMENTS.items():
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:girfec-md:schema:{name}",
            **model.model_json_schema(),
        }
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def render_events() -> dict[str, str]:
    """File name -> content, for the payload of every outbound status event type."""
    out = {}
    for event_type, model in PAYLOADS.items():
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:girfec-md:status-event:{event_type.value}",
            **model.model_json_schema(),
        }
        content = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        out[f"{event_type.value}.schema.json"] = content
    return out


def export(target: Path = SCHEMAS_DIR, events: Path = EVENTS_DIR) -> list[Path]:
    written = []
    for folder, rendered in ((target, render()), (events, render_events())):
        folder.mkdir(parents=True, exist_ok=True)
        for file_name, content in rendered.items():
            path = folder / file_name
            path.write_text(content, encoding="utf-8")
            written.append(path)
    return written
