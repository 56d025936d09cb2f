"""Cursor pagination parameters and the page envelope."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from app.persistence.paging import PageRequest, decode_cursor

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
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
