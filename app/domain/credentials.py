"""Sign-in credentials: what a password must be, and how guessing is slowed down.

Each wrong password doubles the wait before the next attempt on that account (1, 2, 4 … seconds,
up to a cap), and after a number of consecutive failures the account is locked for a while. An
attempt made too early is refused before the password is even looked at, so guessing costs the
guesser time, never the server: nothing sleeps. A success clears it all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
"""argon2 hashes anything, but a megabyte of password is a way to make the server work."""


class PasswordProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    IS_USERNAME = "is_username"


def password_problem(password: str, *names: str) -> PasswordProblem | None:
    """What is wrong with a new password, or None. `names` are what the password must not be
    (the username, the e-mail address), compared without regard to case or surrounding spaces."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_PASSWORD_LENGTH:
        return PasswordProblem.TOO_LONG
    plain = password.strip().casefold()
    if any(plain == n.strip().casefold() for n in names if n):
        return PasswordProblem.IS_USERNAME
    return None


@dataclass(frozen=True)
class AttemptPolicy:
    max_failures: int
    lockout: timedelta
    max_delay: timedelta

    def delay_after(self, failures: int) -> timedelta:
        """The wait after the `failures`-th consecutive failure: 1 s, 2 s, 4 s … capped."""
        if failures <= 0:
            return timedelta(0)
        seconds = 2.0 ** min(failures - 1, 30)
        return min(timedelta(seconds=seconds), self.max_delay)


@dataclass(frozen=True)
class AttemptState:
    failed_attempts: int
    next_attempt_at: datetime | None
    locked_until: datetime | None


@dataclass(frozen=True)
class TooEarly:
    """An attempt refused unheard: the account is locked, or its wait has not passed."""

    locked: bool
    retry_after: int
    """Whole seconds to wait (at least 1)."""


def too_early(state: AttemptState, now: datetime) -> TooEarly | None:
    if state.locked_until is not None and state.locked_until > now:
        return TooEarly(True, _seconds(state.locked_until - now))
    if state.next_attempt_at is not None and state.next_attempt_at > now:
        return TooEarly(False, _seconds(state.next_attempt_at - now))
    return None


def after_failure(state: AttemptState, now: datetime, policy: AttemptPolicy) -> AttemptState:
    """The state after one more wrong password: a longer wait, or a lock at the limit (the
    counter then starts again, so the first attempt after the lock has the usual chances)."""
    failures = state.failed_attempts + 1
    if failures >= policy.max_failures:
        return AttemptState(0, None, now + policy.lockout)
    return AttemptState(failures, now + policy.delay_after(failures), None)


CLEARED = AttemptState(0, None, None)


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))
