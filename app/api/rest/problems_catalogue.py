"""`/problems/<code>`: each problem `type` URI resolves to a description of that problem."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from app.api.rest.problems import problem_catalogue
from app.domain.errors import NotFound

router = APIRouter(prefix="/problems", tags=["problems"])


class ProblemType(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "/problems/illegal-transition",
                    "title": "This action is not allowed in the record's current state",
                    "status": 409,
                }
            ]
        }
    )

    type: str
    title: str
    status: int


@router.get("", summary="All problem types this API returns")
async def list_problem_types() -> list[ProblemType]:
    """Every `type` a problem document of this API may carry, with its title and HTTP status.
    Public, like the problem types themselves.
    """
    return [
        ProblemType(type=f"/problems/{code}", **meta)
        for code, meta in sorted(problem_catalogue().items())
    ]


@router.get(
    "/{code}",
    summary="One problem type",
    description="Public: a problem `type` must resolve without credentials.",
)
async def problem_type(code: str) -> ProblemType:
    meta = problem_catalogue().get(code)
    if meta is None:
        raise NotFound.of("problem type", code)
    return ProblemType(type=f"/problems/{code}", **meta)
