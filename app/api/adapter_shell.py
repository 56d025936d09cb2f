"""What every sector adapter's route does around the intake: read the body raw (so it is kept
before anything can refuse it), and reach the session factory the intake's own transactions
use."""

from __future__ import annotations

from fastapi import Request

from app.domain.errors import InvalidInput
from app.services.intake import SessionFactory


async def raw_text(request: Request) -> str:
    """The body as text. Bytes that are not UTF-8 are kept, replaced, and refused."""
    data = await request.body()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput.field(
            "#", f"The body is not UTF-8 (byte {exc.start} is not): send UTF-8 text."
        ) from exc


def session_factory(request: Request) -> SessionFactory:
    factory: SessionFactory = request.app.state.session_factory
    return factory


def request_id(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
