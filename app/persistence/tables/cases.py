import uuid
from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from app.persistence.base import Versioned, optional_timestamp, timestamp, uuid_pk


class Case(Versioned, table=True):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_stage_due_at", "stage", "due_at"),
        Index("ix_cases_created_at_id", "created_at", "id"),
        # Filters end with the keyset columns, so a page is read straight off the index.
        Index("ix_cases_stage_created_at_id", "stage", "created_at", "id"),
        Index(
            "ix_cases_lead_professional_id_created_at_id",
            "lead_professional_id",
            "created_at",
            "id",
        ),
        Index("ix_cases_territory_code_created_at_id", "territory_code", "created_at", "id"),
        Index(
            "ix_cases_responsible_organisation_id_created_at_id",
            "responsible_organisation_id",
            "created_at",
            "id",
        ),
        # Overdue cases: only the ones with a deadline open, `due_at` checked inside the index.
        Index(
            "ix_cases_open_created_at_id_due_at",
            "created_at",
            "id",
            "due_at",
            sqlite_where=text("due_at IS NOT NULL"),
            postgresql_where=text("due_at IS NOT NULL"),
        ),
    )

    id: uuid.UUID = uuid_pk()
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    territory_code: str = Field(foreign_key="territories.code", max_length=32)
    responsible_organisation_id: uuid.UUID = Field(foreign_key="organisations.id")
    lead_professional_id: uuid.UUID | None = Field(default=None, foreign_key="professionals.id")
    opened_via: str = Field(max_length=30)  # referral | child_protection
    urgency: str = Field(max_length=20)
    level_of_need: str = Field(max_length=30)
    stage: str = Field(max_length=40)
    stage_entered_at: datetime = timestamp()
    due_at: datetime | None = optional_timestamp()
    closure_reason: str | None = Field(default=None, max_length=40)
    closure_note: str | None = None
    closed_at: datetime | None = optional_timestamp()
    reopen_count: int = 0


class TeamMember(SQLModel, table=True):
    """The team around the child: professionals of any sector working on one plan."""

    __tablename__ = "team_members"
    __table_args__ = (
        Index(
            "uq_team_members_active",
            "case_id",
            "professional_id",
            unique=True,
            sqlite_where=text("left_at IS NULL"),
            postgresql_where=text("left_at IS NULL"),
        ),
        # A professional's caseload: the cases they are on the team of now, off the index alone.
        Index(
            "ix_team_members_present_professional_id_case_id",
            "professional_id",
            "case_id",
            sqlite_where=text("left_at IS NULL"),
            postgresql_where=text("left_at IS NULL"),
        ),
    )

    id: uuid.UUID = uuid_pk()
    case_id: uuid.UUID = Field(foreign_key="cases.id", index=True)
    professional_id: uuid.UUID = Field(foreign_key="professionals.id", index=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id")
    role: str = Field(max_length=60)
    joined_at: datetime = timestamp()
    left_at: datetime | None = optional_timestamp()
    # Null only on memberships that began before the legal basis was recorded (migration 0007).
    sharing_basis_id: uuid.UUID | None = Field(
        default=None, foreign_key="sharing_bases.id", index=True
    )
