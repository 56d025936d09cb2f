"""The access policy (`app.domain.access_policy`) as SQL: one predicate per record kind.

`visible(kind, model, actor)` is a WHERE clause that keeps exactly the rows of `kind` the actor may
see. Lists and searches add it to their query, and a single read asks the database the same
question for one id, so a record is never fetched first and judged after.

Each relation is an indexed look-up from the record to the principal: an organisation column
compared with the actor's organisation, a membership in the team of the record's case, or the
territory of the record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, select, union
from sqlalchemy.orm import aliased
from sqlmodel import col

from app.domain.access_policy import RecordKind, Relation, grants_for
from app.domain.actor import Actor
from app.persistence.tables.cases import Case, TeamMember
from app.persistence.tables.children import Child, ChildInstitution
from app.persistence.tables.concerns import Concern, Observation
from app.persistence.tables.organisations import Organisation
from app.persistence.tables.plans import Plan, PlanAction
from app.persistence.tables.referrals import Referral
from app.persistence.tables.sharing_bases import SharingBasis

Predicate = ColumnElement[bool]
Scope = Predicate
"""A WHERE clause keeping what the actor may see."""


def _my_case_sources(actor: Actor) -> tuple[Any, ...]:
    """The two ways onto a case's team: as a member, or as its lead professional."""
    if actor.professional_id is None:
        return (select(col(Case.id)).where(false()),)
    # A member who has left, or whose membership rests on a consent the family has withdrawn,
    # no longer sees the case.
    withdrawn = select(col(SharingBasis.id)).where(col(SharingBasis.withdrawn_at).is_not(None))
    member = select(col(TeamMember.case_id)).where(
        col(TeamMember.professional_id) == actor.professional_id,
        col(TeamMember.left_at).is_(None),
        or_(
            col(TeamMember.sharing_basis_id).is_(None),
            col(TeamMember.sharing_basis_id).not_in(withdrawn),
        ),
    )
    lead = select(col(Case.id)).where(col(Case.lead_professional_id) == actor.professional_id)
    return member, lead


def _my_cases(actor: Actor) -> Any:
    """Ids of the cases whose team the actor is on."""
    return union(*_my_case_sources(actor))


def _organisations_in_territory(actor: Actor) -> Any:
    return select(col(Organisation.id)).where(
        col(Organisation.territory_code) == actor.territory_code
    )


def _case_records_visible(actor: Actor) -> Any:
    return select(col(Case.id)).where(visible(RecordKind.CASE_RECORD, Case, actor))


# For each record kind and relation: either the ids of the kind's records linked to the actor
# (a SELECT over an indexed column), or, for a dense relation such as a territory, a predicate on
# the kind's own table. `visible` puts every SELECT into one `id IN (… UNION …)`, so that a
# principal with a narrow scope (a school) is answered by a semi-join on a few ids, not by walking
# the whole table in list order testing each row. A relation missing here for a kind the policy
# grants it on is a programming error, caught by the policy tests.
_Rule = Callable[[Any, Actor], Any]


def _own(column: str) -> _Rule:
    """The kind's own rows whose `column` is the actor's organisation (read through an alias, so
    the subquery never correlates with the outer query on the same table)."""

    def rule(m: Any, a: Actor) -> Any:
        own = aliased(m)
        return select(own.id).where(getattr(own, column) == a.organisation_id)

    return rule


def _column(column: str) -> _Rule:
    """The kind's own rows whose `column` is the actor's organisation, as a predicate: on the
    kind's own table an indexed equality combines with the other branches better than a
    self-join."""
    return lambda m, a: getattr(m, column) == a.organisation_id


def _linked(link: Any, organisation: Any) -> _Rule:
    """Ids in `link` on rows of another table whose `organisation` column is the actor's."""
    return lambda m, a: select(link).where(organisation == a.organisation_id)


def _child_rules() -> Mapping[Relation, _Rule]:
    return {
        Relation.REGISTERING_INSTITUTION: _own("registered_by_organisation_id"),
        Relation.RECORDING_INSTITUTION: lambda m, a: (
            _linked(col(Concern.child_id), col(Concern.organisation_id))(m, a),
            _linked(col(Observation.child_id), col(Observation.organisation_id))(m, a),
        ),
        Relation.ATTENDED_INSTITUTION: _linked(
            col(ChildInstitution.child_id), col(ChildInstitution.organisation_id)
        ),
        Relation.REFERRER: _linked(col(Referral.child_id), col(Referral.from_organisation_id)),
        Relation.RECEIVER: _linked(col(Referral.child_id), col(Referral.to_organisation_id)),
        Relation.RESPONSIBLE: _linked(col(Case.child_id), col(Case.responsible_organisation_id)),
        Relation.TEAM: lambda m, a: select(col(Case.child_id)).where(
            col(Case.id).in_(_my_cases(a))
        ),
        Relation.TERRITORY: lambda m, a: col(m.territory_code) == a.territory_code,
    }


def _concern_rules() -> Mapping[Relation, _Rule]:
    return {
        Relation.RECORDING_INSTITUTION: _column("organisation_id"),
        Relation.RECEIVER: _linked(col(Referral.concern_id), col(Referral.to_organisation_id)),
        Relation.TEAM: lambda m, a: select(col(Referral.concern_id)).where(
            col(Referral.case_id).in_(_my_cases(a))
        ),
        Relation.TERRITORY: lambda m, a: select(col(Referral.concern_id)).where(
            col(Referral.to_organisation_id).in_(_organisations_in_territory(a))
        ),
    }


def _referral_rules() -> Mapping[Relation, _Rule]:
    return {
        Relation.REFERRER: _column("from_organisation_id"),
        Relation.RECEIVER: _column("to_organisation_id"),
        Relation.TEAM: lambda m, a: col(m.case_id).in_(_my_cases(a)),
        Relation.TERRITORY: lambda m, a: col(m.to_organisation_id).in_(
            _organisations_in_territory(a)
        ),
    }


def _case_rules() -> Mapping[Relation, _Rule]:
    return {
        Relation.RESPONSIBLE: _column("responsible_organisation_id"),
        Relation.TEAM: lambda m, a: _my_case_sources(a),
        Relation.TERRITORY: lambda m, a: col(m.territory_code) == a.territory_code,
    }


def _plan_rules() -> Mapping[Relation, _Rule]:
    return {
        Relation.RECORDING_INSTITUTION: lambda m, a: (
            col(m.concern_id).is_not(None) & (col(m.organisation_id) == a.organisation_id)
        ),
        Relation.RESPONSIBLE: lambda m, a: col(m.case_id).in_(
            select(col(Case.id)).where(col(Case.responsible_organisation_id) == a.organisation_id)
        ),
        Relation.TEAM: lambda m, a: col(m.case_id).in_(_my_cases(a)),
        Relation.ACTION_HOLDER: _linked(
            col(PlanAction.plan_id), col(PlanAction.responsible_organisation_id)
        ),
        Relation.TERRITORY: lambda m, a: col(m.case_id).in_(
            select(col(Case.id)).where(col(Case.territory_code) == a.territory_code)
        ),
    }


def _deadline_rules() -> Mapping[Relation, _Rule]:
    return {
        Relation.RESPONSIBLE: lambda m, a: col(m.organisation_id) == a.organisation_id,
        Relation.TEAM: lambda m, a: (
            col(m.assignee_id) == a.professional_id if a.professional_id else false()
        ),
        Relation.TERRITORY: lambda m, a: col(m.organisation_id).in_(_organisations_in_territory(a)),
    }


_RULES: Mapping[RecordKind, Mapping[Relation, _Rule]] = {
    RecordKind.CHILD: _child_rules(),
    RecordKind.OBSERVATION: {
        Relation.RECORDING_INSTITUTION: lambda m, a: col(m.organisation_id) == a.organisation_id
    },
    RecordKind.CONCERN: _concern_rules(),
    RecordKind.REFERRAL: _referral_rules(),
    RecordKind.CASE: _case_rules(),
    RecordKind.CASE_RECORD: _case_rules(),
    RecordKind.PLAN: _plan_rules(),
    RecordKind.CHILD_HISTORY: _child_rules(),
    RecordKind.DEADLINE: _deadline_rules(),
}


def visible(kind: RecordKind, model: Any, actor: Actor) -> Predicate:
    """The rows of `model` (a table of `kind`, or one related through `case_id`) the actor may
    see. `CASE_RECORD` on a table other than `cases` is judged through the record's case."""
    relations = grants_for(kind, actor)
    if not relations:
        return false()
    if kind is RecordKind.CASE_RECORD and model is not Case:
        return col(model.case_id).in_(_case_records_visible(actor))
    if kind is RecordKind.CHILD and model is not Child:
        # A record that is only about the child (a sharing basis) is seen with the child.
        return col(model.child_id).in_(select(col(Child.id)).where(visible(kind, Child, actor)))
    rules = _RULES[kind]
    # A rule gives a predicate, one SELECT of ids, or several; SQLite cannot nest a UNION in a
    # UNION, so every SELECT joins one flat UNION.
    ids: list[Any] = []
    predicates: list[Any] = []
    for part in (rules[r](model, actor) for r in relations):
        if isinstance(part, tuple):
            ids.extend(part)
        elif isinstance(part, Select):
            ids.append(part)
        else:
            predicates.append(part)
    if ids:
        predicates.append(col(model.id).in_(ids[0] if len(ids) == 1 else union(*ids)))
    return or_(*predicates)


def relations_covered() -> Mapping[RecordKind, frozenset[Relation]]:
    """For the policy tests: which relations each kind has SQL for."""
    return {kind: frozenset(rules) for kind, rules in _RULES.items()}


def plans_visible(actor: Actor) -> Any:
    """Ids of the plans the actor may see (for their actions)."""
    return select(col(Plan.id)).where(visible(RecordKind.PLAN, Plan, actor))
