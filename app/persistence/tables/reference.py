"""Territories of Moldova: first-tier units and their localities (loaded by the first migration)."""

from sqlmodel import Field, SQLModel


class Territory(SQLModel, table=True):
    __tablename__ = "territories"

    code: str = Field(primary_key=True, max_length=32)
    kind: str = Field(max_length=16)  # district | municipality | atu
    name_ro: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)
    name_en: str = Field(max_length=80)
    seat: str = Field(max_length=80)


class Locality(SQLModel, table=True):
    __tablename__ = "localities"

    code: str = Field(primary_key=True, max_length=64)
    territory_code: str = Field(foreign_key="territories.code", index=True, max_length=32)
    kind: str = Field(max_length=16)  # city | town | commune | village
    name_ro: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)
