"""Password rules and the slowing down of guesses, without a database."""

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.credentials import (
    CLEARED,
    AttemptPolicy,
    AttemptState,
    PasswordProblem,
    after_failure,
    password_problem,
    too_early,
)

POLICY = AttemptPolicy(
    max_failures=5, lockout=timedelta(minutes=15), max_delay=timedelta(seconds=5)
)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("scurtă", PasswordProblem.TOO_SHORT),
        ("x" * 11, PasswordProblem.TOO_SHORT),
        ("x" * 2000, PasswordProblem.TOO_LONG),
        ("Maria.Ciobanu@liceu.md", PasswordProblem.IS_USERNAME),
        ("  maria.ciobanu@LICEU.md ", PasswordProblem.IS_USERNAME),
        ("Mărțișor-de-primăvară", None),
        ("x" * 12, None),
    ],
)
def test_password_rules(password: str, problem: PasswordProblem | None) -> None:
    assert password_problem(password, "maria.ciobanu@liceu.md") == problem


def test_the_wait_doubles_up_to_the_cap() -> None:
    waits = [POLICY.delay_after(n).total_seconds() for n in range(0, 7)]
    assert waits == [0, 1, 2, 4, 5, 5, 5]


def test_failures_grow_the_wait_then_lock() -> None:
    state = CLEARED
    for failures in range(1, 5):
        state = after_failure(state, NOW, POLICY)
        assert state.failed_attempts == failures
        assert state.next_attempt_at == NOW + POLICY.delay_after(failures)
        assert state.locked_until is None
    state = after_failure(state, NOW, POLICY)
    assert state.locked_until == NOW + timedelta(minutes=15)
    assert state.failed_attempts == 0


def test_an_early_attempt_is_refused_with_the_seconds_left() -> None:
    waiting = AttemptState(2, NOW + timedelta(seconds=1.5), None)
    assert too_early(waiting, NOW) is not None
    assert too_early(waiting, NOW).retry_after == 2  # type: ignore[union-attr]
    assert too_early(waiting, NOW + timedelta(seconds=2)) is None
    locked = AttemptState(0, None, NOW + timedelta(minutes=15))
    early = too_early(locked, NOW)
    assert early is not None
    assert early.locked
    assert early.retry_after == 900
    assert too_early(CLEARED, NOW) is None
