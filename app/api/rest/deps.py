"""Dependencies every REST route uses: the unit of work, the acting professional, If-Match."""

from __future__ import annotations

import dataclasses
import urllib.parse
import uuid
from collections.abc import AsyncIterator
from typing import Annotated

import structlog
from fastapi import Depends, Header, Request, Response
from sqlalchemy.exc import SQLAlchemyError

from app.domain.actor import Actor
from app.domain.errors import InvalidInput, Unauthenticated, VersionRequired
from app.persistence.uow import UnitOfWork
from app.services import access_log
from app.services.actors import resolve_actor

log = structlog.get_logger()


async def _uow(request: Request) -> AsyncIterator[UnitOfWork]:
    """One transaction per request, committed after the handler and before the response is sent,
    so a failed commit is the client's error response, never a false success."""
    factory = request.app.state.session_factory
    async with UnitOfWork(factory) as uow:
        uow.request_id = getattr(request.state, "request_id", None)
        yield uow
        await uow.commit()
        disclosed = uow.disclosed
    if disclosed:
        # The entries are committed with the answer; chaining them is done now, before the
        # response, so the log a reader sees is sealed. Sealing is idempotent: a failure here
        # leaves them for the next request or `girfec access-log seal`.
        try:
            await access_log.seal(factory)
        except SQLAlchemyError:
            log.warning("access_log.seal_failed", exc_info=True)


Uow = Annotated[UnitOfWork, Depends(_uow, scope="function")]


async def _actor(
    uow: Uow,
    x_actor_id: Annotated[
        str | None,
        Header(
            description="Interim: the id of the acting professional. The OAuth sign-in work "
            "replaces this header with a bearer token."
        ),
    ] = None,
    x_break_glass_reason: Annotated[
        str | None,
        Header(
            description="Break-the-glass: open a record outside your scope in an emergency by "
            "saying why (at least 15 characters). The opening is allowed for professionals whose "
            "work meets children in danger, recorded in the access log with the reason, and "
            "flagged for the data protection officer's review. HTTP headers are ASCII: "
            "percent-encode UTF-8 text (Romanian or Russian) as in a URL.",
            max_length=1000,
        ),
    ] = None,
) -> Actor:
    if not x_actor_id:
        raise Unauthenticated("Send X-Actor-Id with the id of the acting professional.")
    try:
        professional_id = uuid.UUID(x_actor_id)
    except ValueError as exc:
        raise Unauthenticated("X-Actor-Id is not a valid id.") from exc
    actor = await resolve_actor(uow, professional_id)
    if x_break_glass_reason:
        try:
            reason = urllib.parse.unquote(x_break_glass_reason, errors="strict")
        except UnicodeDecodeError as exc:
            raise InvalidInput.field(
                "X-Break-Glass-Reason", "Percent-encode the reason as UTF-8, as in a URL."
            ) from exc
        actor = dataclasses.replace(actor, break_glass_reason=reason)
    return actor


CurrentActor = Annotated[Actor, Depends(_actor)]


def _if_match(
    if_match: Annotated[
        str | None,
        Header(description='The ETag you read, e.g. "3". Required on every change.'),
    ] = None,
) -> int:
    if if_match is None:
        raise VersionRequired(
            "Read the record first and send its ETag in If-Match, so that you do not overwrite "
            "someone else's change."
        )
    value = if_match.strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise InvalidInput.field("If-Match", 'If-Match must be an ETag like "3".')
    return int(value)


ExpectedVersion = Annotated[int, Depends(_if_match)]


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)
