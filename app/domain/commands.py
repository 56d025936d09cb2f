"""The base of every typed input a service accepts."""

from pydantic import BaseModel, ConfigDict


class Command(BaseModel):
    """Unknown fields are refused, so a typo in a field name is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
