import uuid

from sqlmodel import Field

from app.persistence.base import Versioned, json_field, uuid_pk


class Organisation(Versioned, table=True):
    __tablename__ = "organisations"

    id: uuid.UUID = uuid_pk()
    name: str = Field(max_length=200)
    kind: str = Field(max_length=40, index=True)
    sector: str = Field(max_length=40, index=True)
    territory_code: str = Field(foreign_key="territories.code", index=True, max_length=32)
    locality_code: str | None = Field(default=None, foreign_key="localities.code", max_length=64)
    active: bool = True


class Professional(Versioned, table=True):
    __tablename__ = "professionals"

    id: uuid.UUID = uuid_pk()
    organisation_id: uuid.UUID = Field(foreign_key="organisations.id", index=True)
    given_name: str = Field(max_length=80)
    family_name: str = Field(max_length=80)
    email: str = Field(max_length=200, unique=True)
    phone: str | None = Field(default=None, max_length=40)
    roles: list[str] = json_field(default_factory=list)
    active: bool = True
