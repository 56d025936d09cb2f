"""Every table, imported here so that `metadata` is complete for Alembic and the tests."""

from app.persistence.tables.access_log import AccessLogEntry
from app.persistence.tables.assessments import Assessment
from app.persistence.tables.attendance import AttendanceAlert, AttendanceEvent
from app.persistence.tables.break_glass import BreakGlassOpening
from app.persistence.tables.cases import Case, TeamMember
from app.persistence.tables.children import Child, ChildIdentifier, ChildInstitution, FamilyMember
from app.persistence.tables.concerns import Concern, ConcernIndicator, Observation
from app.persistence.tables.deadlines import Deadline, DeadlinePolicyRow
from app.persistence.tables.events import StoredEvent
from app.persistence.tables.idempotency import IdempotencyRecord
from app.persistence.tables.identity import ChildMerge, IdentityReview
from app.persistence.tables.intake import InboxMessage, OrganisationIdentifier
from app.persistence.tables.oauth import (
    OAuthAssertionJti,
    OAuthAuthorizationCode,
    OAuthClient,
    OAuthCredential,
    OAuthRefreshToken,
    OAuthRevokedAccessToken,
    OAuthSigningKey,
)
from app.persistence.tables.organisations import Organisation, Professional
from app.persistence.tables.plans import Plan, PlanAction, PlanObjective, Review, WellbeingRating
from app.persistence.tables.reference import Locality, Territory
from app.persistence.tables.referrals import Referral
from app.persistence.tables.sharing_bases import SharingBasis
from app.persistence.tables.webhooks import StatusEvent, WebhookDelivery, WebhookSubscription

__all__ = [
    "AccessLogEntry",
    "Assessment",
    "AttendanceAlert",
    "AttendanceEvent",
    "BreakGlassOpening",
    "Case",
    "Child",
    "ChildIdentifier",
    "ChildInstitution",
    "ChildMerge",
    "Concern",
    "ConcernIndicator",
    "Deadline",
    "DeadlinePolicyRow",
    "FamilyMember",
    "IdempotencyRecord",
    "IdentityReview",
    "InboxMessage",
    "Locality",
    "OAuthAssertionJti",
    "OAuthAuthorizationCode",
    "OAuthClient",
    "OAuthCredential",
    "OAuthRefreshToken",
    "OAuthRevokedAccessToken",
    "OAuthSigningKey",
    "Observation",
    "Organisation",
    "OrganisationIdentifier",
    "Plan",
    "PlanAction",
    "PlanObjective",
    "Professional",
    "Referral",
    "Review",
    "SharingBasis",
    "StatusEvent",
    "StoredEvent",
    "TeamMember",
    "Territory",
    "WebhookDelivery",
    "WebhookSubscription",
    "WellbeingRating",
]
