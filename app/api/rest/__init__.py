"""REST API v1: one router module per concept, all under /api/v1."""

from fastapi import APIRouter

from app.api.rest import (
    access_log,
    admin,
    assessments,
    break_glass,
    cases,
    children,
    chronology,
    concern_status,
    concerns,
    deadlines,
    events,
    hl7v2,
    identity,
    intake,
    observations,
    organisation_identifiers,
    organisations,
    plans,
    police,
    problems_catalogue,
    reference,
    referrals,
    school,
    sharing_bases,
    status_events,
    subject_access,
    webhooks,
)

v1 = APIRouter(prefix="/api/v1")
for module in (
    reference,
    organisations,
    children,
    chronology,
    access_log,
    break_glass,
    subject_access,
    observations,
    concerns,
    concern_status,
    referrals,
    cases,
    sharing_bases,
    assessments,
    plans,
    deadlines,
    events,
    intake,
    status_events,
    webhooks,
    identity,
    school,
    police,
    hl7v2,
    admin,
    organisation_identifiers,
):
    v1.include_router(module.router)

api_router = APIRouter()
api_router.include_router(v1)
api_router.include_router(problems_catalogue.router)
