"""Cursor pagination parameters and the page envelope."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar, get_args

from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from app.persistence.paging import PageRequest, decode_cursor

T = TypeVar("T")

# What `encode_cursor` gives for the row a page ended on; clients only pass it back.
EXAMPLE_CURSOR = (
    "WyIyMDI1LTAzLTExVDA4OjA1OjAwKzAwOjAwIiwgIjc5OWYwMDJhLTRmNTEtNDYwYS05YTM5LWNkMGQ3ZWFjMGVhNSJd"
)


def _page_examples(schema: dict[str, Any], cls: type[BaseModel]) -> None:
    """A page's example is a page of its item's examples, so each `Page[X]` shows real items."""
    (item,) = get_args(cls.model_fields["items"].annotation) or (None,)
    extra = getattr(item, "model_config", {}).get("json_schema_extra")
    items = extra.get("examples", []) if isinstance(extra, dict) else []
    if items:
        schema["examples"] = [{"items": list(items), "next_cursor": EXAMPLE_CURSOR}]


class Page(BaseModel, Generic[T]):
    model_config = ConfigDict(json_schema_extra=_page_examples)

    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )


def _page_request(
    limit: Annotated[int, Query(ge=1, le=200, description="Page size, 1 to 200.")] = 50,
    cursor: Annotated[
        str | None, Query(description="`next_cursor` from the previous page.")
    ] = None,
) -> PageRequest:
    return PageRequest(limit=limit, after=decode_cursor(cursor) if cursor else None)


Paging = Annotated[PageRequest, Depends(_page_request)]

# Event positions are BIGINT: a larger number is a client error, not an overflow in the driver.
MAX_POSITION = 2**63 - 1
