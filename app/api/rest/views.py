"""Base for response models: read from ORM rows, versioned ones expose `version` (= ETag)."""

from pydantic import BaseModel, ConfigDict


class View(BaseModel):
    model_config = ConfigDict(from_attributes=True)
