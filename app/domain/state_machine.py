"""A small, explicit state machine: a table of (state, action) -> next state.

Each aggregate with a lifecycle (concern, referral, case, assessment, plan, plan action) declares
its table once; services ask it for the next state and the REST layer shows `legal_actions` so a
caller can tell what it may do now without trying.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from app.domain.errors import IllegalTransition

S = TypeVar("S", bound=StrEnum)
A = TypeVar("A", bound=StrEnum)


@dataclass(frozen=True)
class StateMachine(Generic[S, A]):
    kind: str
    transitions: Mapping[S, Mapping[A, S]]

    def legal_actions(self, state: S) -> list[str]:
        return sorted(str(a) for a in self.transitions.get(state, {}))

    def next_state(self, state: S, action: A) -> S:
        target = self.transitions.get(state, {}).get(action)
        if target is None:
            raise IllegalTransition.build(
                self.kind, str(state), str(action), self.legal_actions(state)
            )
        return target

    def is_final(self, state: S) -> bool:
        return not self.transitions.get(state)

    def all_pairs(self) -> list[tuple[S, A, S]]:
        """Every legal (state, action, next) triple; tests walk it to cover each transition."""
        return [(s, a, t) for s, m in self.transitions.items() for a, t in m.items()]
