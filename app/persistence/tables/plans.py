import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, text
from sqlmodel import Field, SQLModel

from app.persistence.base import Versioned, json_field, optional_timestamp, timestamp, uuid_pk


class Plan(Versioned, table=True):
    """A single-agency plan (from a concern) or the child's plan of a case."""

    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint("(case_id IS NULL) <> (concern_id IS NULL)", name="one_owner"),
        # One plan in force per owner, kept by the database: of two activations racing, the
        # second one's flush fails (409) instead of both plans being in force.
        Index(
            "uq_plans_active_case_id",
            "case_id",
            unique=True,
            sqlite_where=text("status = 'active' AND case_id IS NOT NULL"),
            postgresql_where=text("status = 'active' AND case_id IS NOT NULL"),
        ),
        Index(
            "uq_plans_active_concern_id",
            "concern_id",
            unique=True,
            sqlite_where=text("status = 'active' AND concern_id IS NOT NULL"),
            postgresql_where=text("status = 'active' AND concern_id IS NOT NULL"),
        ),
    )

    id: uuid.UUID = uuid_pk()
    scope: str = Field(max_length=20)  # single_agency | multi_agency
    case_id: uuid.UUID | None = Field(default=None, foreign_key="cases.id", index=True)
    concern_id: uuid.UUID | None = Field(default=None, foreign_key="concerns.id", index=True)
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    lead_professional_id: uuid.UUID = Field(foreign_key="professionals.id", index=True)
    status: str = Field(max_length=20, index=True)
    needs: str | None = None
    child_views: str | None = None
    parents_views: str | None = None
    review_interval_days: int | None = None
    review_due_on: date | None = Field(default=None, index=True)
    activated_at: datetime | None = optional_timestamp()
    completed_at: datetime | None = optional_timestamp()


class PlanObjective(SQLModel, table=True):
    __tablename__ = "plan_objectives"

    id: uuid.UUID = uuid_pk()
    plan_id: uuid.UUID = Field(foreign_key="plans.id", index=True)
    indicator: str = Field(max_length=20)
    description: str
    expected_outcome: str | None = None
    created_at: datetime = timestamp()


class PlanAction(Versioned, table=True):
    __tablename__ = "plan_actions"
    __table_args__ = (
        Index("ix_plan_actions_status_due_on", "status", "due_on"),
        # What is expected of an institution or a person, newest first, read off the index.
        Index(
            "ix_plan_actions_responsible_organisation_id_created_at_id",
            "responsible_organisation_id",
            "created_at",
            "id",
        ),
        Index(
            "ix_plan_actions_responsible_professional_id_created_at_id",
            "responsible_professional_id",
            "created_at",
            "id",
        ),
    )

    id: uuid.UUID = uuid_pk()
    plan_id: uuid.UUID = Field(foreign_key="plans.id", index=True)
    objective_id: uuid.UUID | None = Field(default=None, foreign_key="plan_objectives.id")
    description: str
    service: str | None = Field(default=None, max_length=120)
    responsible_organisation_id: uuid.UUID = Field(foreign_key="organisations.id")
    responsible_professional_id: uuid.UUID | None = Field(
        default=None, foreign_key="professionals.id"
    )
    due_on: date
    status: str = Field(max_length=20)
    completed_at: datetime | None = optional_timestamp()
    note: str | None = None


class Review(SQLModel, table=True):
    __tablename__ = "reviews"

    id: uuid.UUID = uuid_pk()
    plan_id: uuid.UUID = Field(foreign_key="plans.id", index=True)
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    author_id: uuid.UUID = Field(foreign_key="professionals.id")
    held_on: date
    progress: str
    indicator_ratings: dict[str, Any] = json_field()
    protective_factors: dict[str, Any] = json_field()
    child_views: str | None = None
    decision: str = Field(max_length=20)  # continue | revise_plan | close_case
    next_review_on: date | None = None
    created_at: datetime = timestamp()


class WellbeingRating(SQLModel, table=True):
    """One point of a child's well-being trajectory (from an approved assessment, a review or an
    observation); kept as rows so the trajectory and dashboards are single indexed queries."""

    __tablename__ = "wellbeing_ratings"
    __table_args__ = (
        Index("ix_wellbeing_ratings_child_id_recorded_on", "child_id", "recorded_on"),
    )

    id: uuid.UUID = uuid_pk()
    child_id: uuid.UUID = Field(foreign_key="children.id")
    source_type: str = Field(max_length=20)  # assessment | review | observation
    source_id: uuid.UUID
    recorded_on: date
    dimension: str = Field(max_length=20)  # indicator | protective_factor
    code: str = Field(max_length=60)
    rating: int
