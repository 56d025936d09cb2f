"""Professionals' passwords for the sign-in page: setting, unlocking, and checking them.

The username is the professional's e-mail address (compared without regard to case). A failed
sign-in answers the same for an unknown username, a wrong password and an inactive professional,
so the page tells nobody who has an account; it is recorded in the logs, by professional id
when there is one, never with what was typed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Literal

import anyio.to_thread
import structlog

from app.auth.passwords import hash_secret, verify_secret
from app.domain.actor import Actor
from app.domain.credentials import (
    CLEARED,
    MIN_PASSWORD_LENGTH,
    AttemptPolicy,
    AttemptState,
    PasswordProblem,
    after_failure,
    password_problem,
    too_early,
)
from app.domain.deadlines import utcnow
from app.domain.errors import Forbidden, InvalidInput, NotFound
from app.domain.vocabulary import Role
from app.persistence.repositories import oauth as repo
from app.persistence.tables.oauth import OAuthCredential
from app.persistence.tables.organisations import Professional
from app.persistence.uow import UnitOfWork
from app.settings import Settings

log = structlog.get_logger()

_PROBLEMS = {
    PasswordProblem.TOO_SHORT: f"A password has at least {MIN_PASSWORD_LENGTH} characters.",
    PasswordProblem.TOO_LONG: "The password is too long.",
    PasswordProblem.IS_USERNAME: "The password must not be the username or e-mail address.",
}


def policy_of(settings: Settings) -> AttemptPolicy:
    return AttemptPolicy(
        max_failures=settings.sign_in_max_failures,
        lockout=settings.sign_in_lockout,
        max_delay=settings.sign_in_max_delay,
    )


def username_of(email: str) -> str:
    return email.strip().lower()


def _may_manage(actor: Actor | None, professional_id: uuid.UUID) -> None:
    """The operator at the command line (no actor), an administrator, or, for their own
    password, the professional."""
    if actor is None or actor.has_role(Role.ADMINISTRATOR):
        return
    if actor.professional_id != professional_id:
        raise Forbidden("Only an administrator may manage another professional's password.")


async def _professional(uow: UnitOfWork, professional_id: uuid.UUID) -> Professional:
    found = await repo.professional(uow.session, professional_id)
    if found is None:
        raise NotFound(f"No professional has the id {professional_id}.")
    return found


async def set_password(
    uow: UnitOfWork, actor: Actor | None, professional_id: uuid.UUID, password: str
) -> OAuthCredential:
    """Give a professional a password (or a new one): the username becomes their current
    e-mail address, and any failed attempts and lock are cleared."""
    _may_manage(actor, professional_id)
    person = await _professional(uow, professional_id)
    username = username_of(person.email)
    if problem := password_problem(password, username, person.email, username.split("@")[0]):
        raise InvalidInput.field("#/password", _PROBLEMS[problem])
    password_hash = await anyio.to_thread.run_sync(hash_secret, password)
    row = await repo.credential(uow.session, professional_id)
    if row is None:
        row = OAuthCredential(
            professional_id=professional_id, username=username, password_hash=password_hash
        )
    row.username, row.password_hash, row.password_changed_at = username, password_hash, utcnow()
    _apply(row, CLEARED)
    uow.session.add(row)
    await uow.flush()
    log.info("sign_in.password_set", professional_id=str(professional_id), by=_who(actor))
    return row


async def unlock(uow: UnitOfWork, actor: Actor | None, professional_id: uuid.UUID) -> None:
    """Lift a lock and the wait before the next attempt."""
    if actor is not None and not actor.has_role(Role.ADMINISTRATOR):
        raise Forbidden("Only an administrator may unlock an account.")
    row = await repo.credential(uow.session, professional_id)
    if row is None:
        raise NotFound(f"Professional {professional_id} has no password to sign in with.")
    _apply(row, CLEARED)
    uow.session.add(row)
    await uow.flush()
    log.info("sign_in.unlocked", professional_id=str(professional_id), by=_who(actor))


@dataclass(frozen=True)
class SignedIn:
    professional_id: uuid.UUID
    auth_time: datetime


@dataclass(frozen=True)
class SignInRefused:
    reason: Literal["invalid", "wait", "locked"]
    retry_after: int | None = None
    """Seconds, for `wait` and `locked`."""


@cache
def _decoy_hash() -> str:
    return hash_secret("a password nobody has; verified so that unknown users take as long")


async def authenticate(
    uow: UnitOfWork, username: str, password: str, settings: Settings
) -> SignedIn | SignInRefused:
    """Check a username and password for the sign-in page."""
    now = utcnow()
    row = await repo.credential_for_sign_in(uow.session, username_of(username))
    if row is None:
        await anyio.to_thread.run_sync(verify_secret, _decoy_hash(), password)
        log.info("sign_in.failed", reason="unknown_username")
        return SignInRefused("invalid")
    who = str(row.professional_id)
    if early := too_early(_state(row), now):
        reason: Literal["wait", "locked"] = "locked" if early.locked else "wait"
        log.info("sign_in.refused_early", professional_id=who, reason=reason)
        return SignInRefused(reason, early.retry_after)
    verdict = await anyio.to_thread.run_sync(verify_secret, row.password_hash, password)
    if not verdict.ok:
        state = after_failure(_state(row), now, policy_of(settings))
        _apply(row, state)
        uow.session.add(row)
        await uow.flush()
        if state.locked_until is not None:
            log.warning("sign_in.locked", professional_id=who, until=state.locked_until.isoformat())
        else:
            log.warning("sign_in.failed", professional_id=who, failures=state.failed_attempts)
        return SignInRefused("invalid")
    person = await repo.professional(uow.session, row.professional_id)
    if person is None or not person.active:
        log.warning("sign_in.failed", professional_id=who, reason="inactive")
        return SignInRefused("invalid")
    if verdict.rehash is not None:
        row.password_hash = verdict.rehash
    _apply(row, CLEARED)
    uow.session.add(row)
    await uow.flush()
    log.info("sign_in.succeeded", professional_id=who)
    return SignedIn(row.professional_id, now)


def _state(row: OAuthCredential) -> AttemptState:
    return AttemptState(row.failed_attempts, row.next_attempt_at, row.locked_until)


def _apply(row: OAuthCredential, state: AttemptState) -> None:
    row.failed_attempts = state.failed_attempts
    row.next_attempt_at = state.next_attempt_at
    row.locked_until = state.locked_until


def _who(actor: Actor | None) -> str | None:
    return str(actor.professional_id) if actor else None
