"""Who may see which record about a child: the one access policy, as data.

A principal sees a record when one of the record kind's grants admits them: the grant names the
relationship that links them to the record (they recorded it, it was referred to them, they are on
the child's team, it is in their territory…) and, where the relationship alone is not enough, the
roles or sectors that must hold it. Everything else is out of scope and answers 404, so that the
existence of a child's record does not leak.

The rules are data so that they can be read in one place, reviewed by a data protection officer,
and turned into SQL (`app.persistence.scoping`), which applies them inside every query — single
reads, lists and searches alike — never after fetching.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from app.domain.actor import Actor
from app.domain.vocabulary import Role, Sector


class Relation(StrEnum):
    """How a principal can be linked to a record."""

    RECORDING_INSTITUTION = "recording_institution"
    """The organisation that recorded it (a concern, an observation, a single-agency plan), or,
    for a child, an organisation that recorded a concern or observation about the child."""
    REGISTERING_INSTITUTION = "registering_institution"
    """For a child: the organisation that registered the child."""
    ATTENDED_INSTITUTION = "attended_institution"
    """For a child: a school, kindergarten or clinic the child is registered with."""
    REFERRER = "referrer"
    """The organisation that sent the referral (it learns the outcome, not the case)."""
    RECEIVER = "receiver"
    """The organisation a referral was sent to."""
    RESPONSIBLE = "responsible"
    """The organisation responsible for the case (the local guardianship authority)."""
    TEAM = "team"
    """A member or the lead professional of the team around the child on the case."""
    ACTION_HOLDER = "action_holder"
    """An organisation responsible for an action of the plan."""
    TERRITORY = "territory"
    """Social assistance in the territory the record belongs to."""


SOCIAL_ROLES = frozenset({Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.CASE_MANAGER})
"""The roles that run cases; they see their own territory."""

SOCIAL = frozenset({Sector.SOCIAL_ASSISTANCE})


@dataclass(frozen=True)
class Grant:
    relation: Relation
    roles: frozenset[Role] | None = None
    """Any of these roles is needed; None admits every role (and sector systems)."""
    sectors: frozenset[Sector] | None = None
    """The principal's organisation must be of one of these sectors; None admits every sector."""

    def admits(self, actor: Actor) -> bool:
        if self.roles is not None and not actor.has_role(*self.roles):
            return False
        return self.sectors is None or actor.sector in self.sectors


class RecordKind(StrEnum):
    CHILD = "child"
    OBSERVATION = "observation"
    CONCERN = "concern"
    REFERRAL = "referral"
    CASE = "case"
    CASE_RECORD = "case_record"
    """Assessments and case notes: what the professionals running the case write about the child."""
    PLAN = "plan"
    DEADLINE = "deadline"
    """A late item: the organisation that must act, the professional it is assigned to, and
    social assistance overseeing the territory's organisations see it."""
    CHILD_HISTORY = "child_history"
    """A child's chronology (with case notes) and well-being trajectory: the whole story."""


_TERRITORY = Grant(Relation.TERRITORY, roles=SOCIAL_ROLES, sectors=SOCIAL)
_RESPONSIBLE_SOCIAL = Grant(Relation.RESPONSIBLE, roles=SOCIAL_ROLES)

POLICY: Mapping[RecordKind, tuple[Grant, ...]] = {
    RecordKind.CHILD: (
        Grant(Relation.REGISTERING_INSTITUTION),
        Grant(Relation.RECORDING_INSTITUTION),
        Grant(Relation.ATTENDED_INSTITUTION),
        Grant(Relation.REFERRER),
        Grant(Relation.RECEIVER),
        Grant(Relation.RESPONSIBLE),
        Grant(Relation.TEAM),
        _TERRITORY,
    ),
    # Observations stay inside the institution that made them (the first step of the model).
    RecordKind.OBSERVATION: (Grant(Relation.RECORDING_INSTITUTION),),
    RecordKind.CONCERN: (
        Grant(Relation.RECORDING_INSTITUTION),
        Grant(Relation.RECEIVER),
        Grant(Relation.TEAM),
        _TERRITORY,
    ),
    RecordKind.REFERRAL: (
        Grant(Relation.REFERRER),
        Grant(Relation.RECEIVER),
        Grant(Relation.TEAM),
        _TERRITORY,
    ),
    # Whoever raised the concern learns the case's stage and outcome from the concern's status,
    # not by reading the case.
    RecordKind.CASE: (
        Grant(Relation.RESPONSIBLE),
        Grant(Relation.TEAM),
        _TERRITORY,
    ),
    # Assessments and notes need a social-assistance role on the team, in the responsible
    # authority, or in the territory; the rest of the team sees the plan and its actions.
    RecordKind.CASE_RECORD: (
        _RESPONSIBLE_SOCIAL,
        Grant(Relation.TEAM, sectors=SOCIAL),
        _TERRITORY,
    ),
    RecordKind.DEADLINE: (
        Grant(Relation.RESPONSIBLE),
        Grant(Relation.TEAM),
        _TERRITORY,
    ),
    RecordKind.CHILD_HISTORY: (
        _RESPONSIBLE_SOCIAL,
        Grant(Relation.TEAM, sectors=SOCIAL),
        _TERRITORY,
    ),
    RecordKind.PLAN: (
        Grant(Relation.RECORDING_INSTITUTION),
        Grant(Relation.RESPONSIBLE),
        Grant(Relation.TEAM),
        Grant(Relation.ACTION_HOLDER),
        _TERRITORY,
    ),
}


OWN_PART_OF_HISTORY_ROLES = frozenset({Role.DESIGNATED_PERSON})
"""Who, seeing a child but not the child's whole history, still sees the part of the chronology
that involves their own institution: the designated person keeps the institution's chronology."""


def grants_for(kind: RecordKind, actor: Actor) -> tuple[Relation, ...]:
    """The relations through which `actor` may see records of `kind` (none: nothing at all)."""
    return tuple(dict.fromkeys(g.relation for g in POLICY[kind] if g.admits(actor)))


# Break-the-glass: professionals whose work can meet a child in danger outside their scope.
BREAK_GLASS_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.SUPERVISOR,
        Role.CASE_MANAGER,
        Role.POLICE_OFFICER,
        Role.HEALTH_WORKER,
        Role.DESIGNATED_PERSON,
    }
)
BREAK_GLASS_MIN_REASON = 15
"""A reason shorter than this cannot say what the emergency is."""


def may_break_glass(actor: Actor) -> bool:
    return actor.is_professional and actor.has_role(*BREAK_GLASS_ROLES)
