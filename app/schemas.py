"""JSON Schemas of the documents sector systems send, exported to `schemas/` for integrators
who validate before they send (and for code generators that do not read OpenAPI)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from app.domain.assessments import NewAssessment
from app.domain.cases import NewCase, NewTeamMember
from app.domain.children import NewChild, NewChildInstitution, NewFamilyMember
from app.domain.concerns import NewConcern, NewObservation
from app.domain.plans import NewAction, NewObjective, NewPlan, NewReview
from app.domain.referrals import NewReferral
from app.integrations.police.model import PoliceIncident

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS_DIR = ROOT / "schemas" / "json"

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


def export(target: Path = SCHEMAS_DIR) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, content in render().items():
        path = target / file_name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
