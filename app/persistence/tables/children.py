import uuid
from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.persistence.base import Versioned, json_field, timestamp, uuid_pk


class Child(Versioned, table=True):
    __tablename__ = "children"
    __table_args__ = (
        # Every list is newest first, keyset on (created_at, id): a filter's index ends with them
        # so that a page, however deep, is read straight off the index.
        Index("ix_children_created_at_id", "created_at", "id"),
        Index("ix_children_territory_code_created_at_id", "territory_code", "created_at", "id"),
        # Name search is a prefix LIKE: pattern operators make it an index range in any
        # collation, and the keyset columns let the page be chosen from the index alone.
        Index(
            "ix_children_search_name_created_at_id",
            "search_name",
            "created_at",
            "id",
            postgresql_ops={"search_name": "varchar_pattern_ops"},
        ),
        # Identity resolution's candidates: the same family-name key born in a date range (a
        # birth year), read off one index whatever the register's size.
        Index("ix_children_match_family_birth_date", "match_family", "birth_date"),
    )

    id: uuid.UUID = uuid_pk()
    given_name: str = Field(max_length=80)
    family_name: str = Field(max_length=80)
    patronymic: str | None = Field(default=None, max_length=80)
    # Lower-cased, diacritics folded "family given": the index behind name search.
    search_name: str = Field(max_length=200)
    # Transliterated, folded, variant-reduced names (`app.domain.matching.match_key`): «Чобану»
    # and «Ciobanu» share "ciobanu". Kept wherever search_name is.
    # (A server default too, so bulk loaders that predate them still insert.)
    match_family: str = Field(default="", max_length=80, sa_column_kwargs={"server_default": ""})
    match_given: str = Field(default="", max_length=80, sa_column_kwargs={"server_default": ""})
    sex: str = Field(max_length=10)
    birth_date: date = Field(index=True)
    idnp: str | None = Field(default=None, max_length=13, unique=True)
    territory_code: str = Field(foreign_key="territories.code", max_length=32)
    # Who registered the child sees them before any concern links them (access policy).
    registered_by_organisation_id: uuid.UUID | None = Field(
        default=None, foreign_key="organisations.id", index=True
    )
    locality_code: str | None = Field(default=None, foreign_key="localities.code", max_length=64)
    address: str | None = Field(default=None, max_length=300)
    languages: list[str] = json_field(default_factory=list)
    # Set when an identity review (or a person) merged this child into another: reads answer
    # where it went, and identity resolution no longer offers it as a candidate.
    merged_into_id: uuid.UUID | None = Field(default=None, foreign_key="children.id", index=True)


class ChildIdentifier(SQLModel, table=True):
    """An id a sector system holds for the child (school registry, clinic, police)."""

    __tablename__ = "child_identifiers"
    __table_args__ = (UniqueConstraint("system", "value"),)

    id: uuid.UUID = uuid_pk()
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    system: str = Field(max_length=120)
    value: str = Field(max_length=120)
    linked_by_client_id: str | None = Field(default=None, max_length=100)
    """The OAuth client that gave us this id (None: a professional recorded it). A sector
    system is shown only the ids it gave itself: another system's ids are not its business."""
    created_at: datetime = timestamp()


class FamilyMember(SQLModel, table=True):
    __tablename__ = "family_members"

    id: uuid.UUID = uuid_pk()
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    given_name: str = Field(max_length=80)
    family_name: str = Field(max_length=80)
    relationship: str = Field(max_length=40)
    parental_responsibility: bool = False
    is_caregiver: bool = False
    lives_with_child: bool = False
    phone: str | None = Field(default=None, max_length=40)
    created_at: datetime = timestamp()


class ChildInstitution(SQLModel, table=True):
    """A school, kindergarten or clinic the child attends or is registered with."""

    __tablename__ = "child_institutions"

    id: uuid.UUID = uuid_pk()
    child_id: uuid.UUID = Field(foreign_key="children.id", index=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    group_label: str | None = Field(default=None, max_length=40)
    since: date | None = None
    until: date | None = None
    created_at: datetime = timestamp()
