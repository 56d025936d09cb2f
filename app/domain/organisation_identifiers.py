"""The ids sector systems hold for our organisations (a school registry's school `sourcedId`).

A system speaks for an organisation other than its own only through such a link, which an
administrator records: the link is what lets a national registry report for each of its schools
and nothing else."""

from __future__ import annotations

from pydantic import ConfigDict, Field
from pydantic.config import JsonDict

from app.domain.commands import Command

NEW_LINK_EXAMPLE: JsonDict = {"system": "school-registry", "value": "MD-SCH-0417"}


class NewOrganisationIdentifier(Command):
    """A sector system's own id for an organisation, to link to it."""

    model_config = ConfigDict(json_schema_extra={"examples": [NEW_LINK_EXAMPLE]})

    system: str = Field(
        min_length=1,
        max_length=100,
        pattern=r"^[\x21-\x7e]+$",
        description="The OAuth client id of the sector system whose id this is.",
    )
    value: str = Field(
        min_length=1,
        max_length=120,
        pattern=r"^[\x21-\x7e]+$",
        description="The system's own id for the organisation (a school's `sourcedId`).",
    )
