"""Writing plans, putting them in force, and the actions that say who does what by when."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from app.domain.access import Disclosure
from app.domain.access_policy import RecordKind
from app.domain.actor import Actor
from app.domain.cases import may_manage
from app.domain.deadlines import DeadlineKind, utcnow
from app.domain.errors import Forbidden, InvalidInput, NotFound
from app.domain.events import DomainEvent
from app.domain.plans import (
    ACTION_MACHINE,
    OPEN_ACTION_STATUSES,
    PLAN_MACHINE,
    ActionFields,
    ActionStatus,
    ActionStep,
    NewAction,
    NewObjective,
    NewPlan,
    PlanChanges,
    PlanScope,
    PlanStatus,
    PlanStep,
    check_indexes,
    check_owner_state,
    end_of_day,
    interval_days,
    require_open,
    superseded,
    today,
)
from app.domain.vocabulary import Urgency
from app.persistence.paging import PageOf, PageRequest
from app.persistence.repositories import plans as repo
from app.persistence.repositories.plans import ActionFilter, PlanFilter
from app.persistence.scoping import plans_visible, visible
from app.persistence.tables.cases import Case
from app.persistence.tables.concerns import Concern
from app.persistence.tables.organisations import Organisation
from app.persistence.tables.plans import Plan, PlanAction, PlanObjective
from app.persistence.uow import UnitOfWork
from app.services.common import (
    check_version,
    disclose_listed,
    get_or_404,
    named_in_body,
    open_record,
    read_record,
)
from app.services.deadlines import (
    load_policy,
    meet_deadlines,
    open_deadline,
    reassign_open_deadline,
)
from app.services.reference import organisation_at, professional_at


@dataclass(frozen=True)
class Owner:
    """What a plan takes from the concern or case it belongs to."""

    scope: PlanScope
    child_id: uuid.UUID
    organisation_id: uuid.UUID
    urgency: Urgency
    state: str  # the concern's status or the case's stage


@dataclass(frozen=True)
class PlanParts:
    objectives: dict[uuid.UUID, list[PlanObjective]]
    actions: dict[uuid.UUID, list[PlanAction]]


# ---- events --------------------------------------------------------------------------------


def _organisations(*ids: uuid.UUID) -> tuple[uuid.UUID, ...]:
    return tuple(dict.fromkeys(ids))


def plan_event(kind: str, plan: Plan, actor: Actor, summary: str, **payload: object) -> DomainEvent:
    """Plan events go to the plan's organisation and the actor's: the team sees its own work."""
    return DomainEvent(
        type=f"plan.{kind}",
        aggregate_type="plan",
        aggregate_id=plan.id,
        aggregate_version=plan.version,
        child_id=plan.child_id,
        actor_id=actor.professional_id,
        organisation_ids=_organisations(plan.organisation_id, actor.organisation_id),
        summary=summary,
        payload=dict(payload),
    )


def _action_event(
    kind: str, action: PlanAction, plan: Plan, actor: Actor, summary: str, **payload: object
) -> DomainEvent:
    """The responsible organisation is named first: this is how a sector system learns what is
    expected of its institution."""
    return DomainEvent(
        type=f"action.{kind}",
        aggregate_type="plan_action",
        aggregate_id=action.id,
        aggregate_version=action.version,
        child_id=plan.child_id,
        actor_id=actor.professional_id,
        organisation_ids=_organisations(
            action.responsible_organisation_id, plan.organisation_id, actor.organisation_id
        ),
        summary=summary,
        payload={"plan_id": str(plan.id), **payload},
    )


# ---- owners and the review calendar --------------------------------------------------------


async def owner_of(
    uow: UnitOfWork,
    *,
    case_id: uuid.UUID | None,
    concern_id: uuid.UUID | None,
    seen_by: Actor | None = None,
) -> Owner:
    if case_id is not None:
        case = await named_in_body(uow, Case, case_id, "#/case_id", "case", seen_by=seen_by)
        return Owner(
            PlanScope.MULTI_AGENCY,
            case.child_id,
            case.responsible_organisation_id,
            Urgency(case.urgency),
            case.stage,
        )
    assert concern_id is not None
    concern = await named_in_body(
        uow, Concern, concern_id, "#/concern_id", "concern", seen_by=seen_by
    )
    return Owner(
        PlanScope.SINGLE_AGENCY,
        concern.child_id,
        concern.organisation_id,
        Urgency(concern.urgency),
        concern.status,
    )


async def _owner_of_plan(uow: UnitOfWork, plan: Plan) -> Owner:
    return await owner_of(uow, case_id=plan.case_id, concern_id=plan.concern_id)


async def _policy_interval(uow: UnitOfWork, urgency: Urgency) -> int:
    rule = (await load_policy(uow)).rule_for(DeadlineKind.PLAN_REVIEW, urgency)
    return interval_days(rule, today())


async def review_interval(uow: UnitOfWork, plan: Plan) -> tuple[int, Urgency]:
    """The plan's own interval (set when it was written), and the owner's urgency the review
    deadline is opened at."""
    owner = await _owner_of_plan(uow, plan)
    interval = plan.review_interval_days or await _policy_interval(uow, owner.urgency)
    return interval, owner.urgency


async def open_review_deadline(uow: UnitOfWork, plan: Plan, urgency: Urgency) -> None:
    """Due at the end of `review_due_on`, so the deadline list and the plan show the same date."""
    assert plan.review_due_on is not None
    await open_deadline(
        uow,
        kind=DeadlineKind.PLAN_REVIEW,
        subject_type="plan",
        subject_id=plan.id,
        child_id=plan.child_id,
        urgency=urgency,
        organisation_id=plan.organisation_id,
        assignee_id=plan.lead_professional_id,
        due_at=end_of_day(plan.review_due_on),
    )


# ---- writing a plan ------------------------------------------------------------------------


async def _responsible(uow: UnitOfWork, data: ActionFields, pointer: str) -> Organisation:
    organisation = await organisation_at(
        uow, data.responsible_organisation_id, f"{pointer}/responsible_organisation_id"
    )
    if data.responsible_professional_id is not None:
        where = f"{pointer}/responsible_professional_id"
        professional = await professional_at(uow, data.responsible_professional_id, where)
        if professional.organisation_id != organisation.id:
            raise InvalidInput.field(
                where, f"This professional does not work for {organisation.name}."
            )
    return organisation


async def _add_action(
    uow: UnitOfWork,
    actor: Actor,
    plan: Plan,
    data: ActionFields,
    organisation: Organisation,
    objective_id: uuid.UUID | None,
) -> PlanAction:
    action = PlanAction(
        plan_id=plan.id,
        objective_id=objective_id,
        **data.model_dump(include=set(ActionFields.model_fields)),
        status=ActionStatus.PLANNED.value,
    )
    uow.session.add(action)
    await uow.flush()
    uow.record(
        _action_event(
            "assigned",
            action,
            plan,
            actor,
            f"Action for {organisation.name}, due {action.due_on.isoformat()}",
            responsible_organisation_id=str(organisation.id),
            due_on=action.due_on.isoformat(),
        )
    )
    return action


async def create_plan(uow: UnitOfWork, actor: Actor, data: NewPlan) -> Plan:
    check_indexes(data)
    owner = await owner_of(uow, case_id=data.case_id, concern_id=data.concern_id, seen_by=actor)
    check_owner_state(owner.scope, owner.state)
    if data.lead_professional_id is not None:
        await professional_at(uow, data.lead_professional_id, "#/lead_professional_id")
    responsible = [await _responsible(uow, a, f"#/actions/{n}") for n, a in enumerate(data.actions)]
    plan = Plan(
        scope=owner.scope.value,
        case_id=data.case_id,
        concern_id=data.concern_id,
        child_id=owner.child_id,
        organisation_id=owner.organisation_id,
        lead_professional_id=data.lead_professional_id or actor.person(),
        status=PlanStatus.DRAFT.value,
        needs=data.needs,
        child_views=data.child_views,
        parents_views=data.parents_views,
        review_interval_days=(
            data.review_interval_days or await _policy_interval(uow, owner.urgency)
        ),
    )
    uow.session.add(plan)
    await uow.flush()
    scope = "Single-agency plan" if owner.scope is PlanScope.SINGLE_AGENCY else "Child's plan"
    uow.record(plan_event("drafted", plan, actor, f"{scope} drafted", scope=owner.scope.value))
    objectives = [PlanObjective(plan_id=plan.id, **o.model_dump()) for o in data.objectives]
    uow.session.add_all(objectives)
    await uow.flush()
    for action, organisation in zip(data.actions, responsible, strict=True):
        index = action.objective_index
        objective_id = objectives[index].id if index is not None else None
        await _add_action(uow, actor, plan, action, organisation, objective_id)
    return plan


async def update_plan(
    uow: UnitOfWork,
    actor: Actor,
    plan_id: uuid.UUID,
    changes: PlanChanges,
    *,
    expected_version: int | None,
) -> Plan:
    """A changed review interval applies from the next review; the date already set stands. A new
    lead takes over the open review deadline."""
    plan = await _owned(uow, actor, plan_id, expected_version)
    require_open(PlanStatus(plan.status), "change")
    emptied = changes.emptied_required()
    if emptied:
        raise InvalidInput.field(f"#/{emptied[0]}", "This field cannot be emptied.")
    if changes.lead_professional_id is not None:
        await professional_at(uow, changes.lead_professional_id, "#/lead_professional_id")
        await reassign_open_deadline(uow, "plan", plan.id, changes.lead_professional_id)
    fields = changes.model_dump(exclude_unset=True)
    for name, value in fields.items():
        setattr(plan, name, value)
    uow.session.add(plan)
    await uow.flush()
    uow.record(plan_event("updated", plan, actor, "Plan changed", fields=sorted(fields)))
    return plan


def _touch(uow: UnitOfWork, plan: Plan) -> None:
    """The plan's representation lists its objectives and actions, so adding one changes the plan:
    its version (the ETag) moves on with the next flush."""
    plan.updated_at = utcnow()
    uow.session.add(plan)


async def add_objective(
    uow: UnitOfWork, actor: Actor, plan_id: uuid.UUID, data: NewObjective
) -> PlanObjective:
    plan = await _owned(uow, actor, plan_id, None)
    require_open(PlanStatus(plan.status), "add an objective to")
    objective = PlanObjective(plan_id=plan.id, **data.model_dump())
    uow.session.add(objective)
    _touch(uow, plan)
    await uow.flush()
    uow.record(
        plan_event(
            "objective_added",
            plan,
            actor,
            f"Objective added ({data.indicator.value})",
            objective_id=str(objective.id),
            indicator=data.indicator.value,
        )
    )
    return objective


async def add_action(
    uow: UnitOfWork, actor: Actor, plan_id: uuid.UUID, data: NewAction
) -> PlanAction:
    plan = await _owned(uow, actor, plan_id, None)
    require_open(PlanStatus(plan.status), "add an action to")
    if data.objective_id is not None:
        objective = await uow.session.get(PlanObjective, data.objective_id)
        if objective is None or objective.plan_id != plan.id:
            raise InvalidInput.field(
                "#/objective_id", f"Plan {plan.id} has no objective with id {data.objective_id}."
            )
    organisation = await _responsible(uow, data, "#")
    _touch(uow, plan)
    return await _add_action(uow, actor, plan, data, organisation, data.objective_id)


# ---- the plan's lifecycle ------------------------------------------------------------------


async def _close_open_actions(uow: UnitOfWork, actor: Actor, plan: Plan) -> None:
    """When a plan stops being in force nothing in it is expected any more; saying so through
    events lets sector systems drop the work from their lists."""
    for action in await repo.actions_of(uow, [plan.id]):
        if ActionStatus(action.status) not in OPEN_ACTION_STATUSES:
            continue
        await _set_action_status(
            uow,
            actor,
            plan,
            action,
            ActionStatus.CANCELLED,
            note=f"Cancelled because the plan is {plan.status}.",
            summary=f"Action cancelled: the plan is {plan.status}",
        )


async def _end(
    uow: UnitOfWork, actor: Actor, plan: Plan, status: PlanStatus, summary: str, **payload: object
) -> None:
    plan.status = status.value
    if status is PlanStatus.COMPLETED:
        plan.completed_at = utcnow()
    uow.session.add(plan)
    await uow.flush()
    await meet_deadlines(uow, "plan", plan.id)
    uow.record(plan_event(status.value, plan, actor, summary, **payload))
    await _close_open_actions(uow, actor, plan)


async def end_plans_of_owner(
    uow: UnitOfWork,
    actor: Actor,
    *,
    case_id: uuid.UUID | None = None,
    concern_id: uuid.UUID | None = None,
    reason: str,
) -> None:
    """When the concern or case a plan belongs to closes, its drafts and the plan in force are
    cancelled: their actions are no longer expected and their review deadline is met."""
    if (case_id is None) == (concern_id is None):
        raise ValueError("Give exactly one of case_id and concern_id.")
    for plan in await repo.open_of_owner(uow, case_id=case_id, concern_id=concern_id):
        await _end(
            uow,
            actor,
            plan,
            PLAN_MACHINE.next_state(PlanStatus(plan.status), PlanStep.CANCEL),
            f"Plan cancelled: {reason}",
            reason=reason,
        )


async def activate_plan(
    uow: UnitOfWork, actor: Actor, plan_id: uuid.UUID, *, expected_version: int | None
) -> Plan:
    """Put a plan in force: the review date is set, its deadline opened, and the owner's plan in
    force until now is superseded (one plan per concern or case at a time)."""
    plan = await _owned(uow, actor, plan_id, expected_version)
    status = PLAN_MACHINE.next_state(PlanStatus(plan.status), PlanStep.ACTIVATE)
    owner = await _owner_of_plan(uow, plan)
    check_owner_state(owner.scope, owner.state)
    for older in await repo.active_of_owner(uow, case_id=plan.case_id, concern_id=plan.concern_id):
        await _end(
            uow,
            actor,
            older,
            superseded(PlanStatus(older.status)),
            "Plan superseded by a newer plan",
            superseded_by=str(plan.id),
        )
    interval, urgency = await review_interval(uow, plan)
    plan.status = status.value
    plan.activated_at = utcnow()
    plan.review_due_on = today() + timedelta(days=interval)
    uow.session.add(plan)
    await uow.flush()
    await open_review_deadline(uow, plan, urgency)
    uow.record(
        plan_event(
            "activated",
            plan,
            actor,
            f"Plan in force; first review by {plan.review_due_on.isoformat()}",
            review_due_on=plan.review_due_on.isoformat(),
        )
    )
    return plan


async def complete_plan(
    uow: UnitOfWork, actor: Actor, plan_id: uuid.UUID, *, expected_version: int | None
) -> Plan:
    plan = await _owned(uow, actor, plan_id, expected_version)
    status = PLAN_MACHINE.next_state(PlanStatus(plan.status), PlanStep.COMPLETE)
    await _end(uow, actor, plan, status, "Plan completed")
    return plan


async def cancel_plan(
    uow: UnitOfWork,
    actor: Actor,
    plan_id: uuid.UUID,
    reason: str,
    *,
    expected_version: int | None,
) -> Plan:
    """The reason is kept in the event, which is the plan's history and the child's chronology."""
    plan = await _owned(uow, actor, plan_id, expected_version)
    status = PLAN_MACHINE.next_state(PlanStatus(plan.status), PlanStep.CANCEL)
    await _end(uow, actor, plan, status, f"Plan cancelled: {reason}", reason=reason)
    return plan


# ---- actions -------------------------------------------------------------------------------


async def check_plan_owner(uow: UnitOfWork, actor: Actor, plan: Plan) -> None:
    """A single-agency plan is its institution's; a child's plan is run by its lead
    professional and by whoever runs the case. Those responsible for an action move that action
    (`move_action`), and nothing else of the plan."""
    if plan.case_id is None:
        owns = actor.organisation_id == plan.organisation_id
    else:
        case = await get_or_404(uow, Case, plan.case_id, "case")
        owns = (
            actor.professional_id is not None and actor.professional_id == plan.lead_professional_id
        ) or may_manage(
            actor, case.lead_professional_id, case.responsible_organisation_id, case.territory_code
        )
    if not owns:
        raise Forbidden(
            "Only the institution or the professionals running the case that owns this plan may "
            "change it; an organisation responsible for an action moves that action only."
        )


async def _owned(
    uow: UnitOfWork, actor: Actor, plan_id: uuid.UUID, expected_version: int | None
) -> Plan:
    """A plan to change: in scope (else 404), the actor's to change (else 403), then current."""
    plan, _ = await open_record(uow, actor, Plan, plan_id, "plan")
    await check_plan_owner(uow, actor, plan)
    check_version(plan, expected_version)
    return plan


async def _action_of(uow: UnitOfWork, plan: Plan, action_id: uuid.UUID) -> PlanAction:
    action = await uow.session.get(PlanAction, action_id)
    if action is None or action.plan_id != plan.id:
        raise NotFound.of("plan action", action_id)
    return action


async def move_action(
    uow: UnitOfWork,
    actor: Actor,
    plan_id: uuid.UUID,
    action_id: uuid.UUID,
    step: ActionStep,
    note: str | None,
    *,
    expected_version: int | None,
) -> PlanAction:
    """Start, complete or cancel an action; the responsible organisation hears of it."""
    plan, _ = await open_record(uow, actor, Plan, plan_id, "plan")
    action = await _action_of(uow, plan, action_id)
    holds_it = actor.organisation_id == action.responsible_organisation_id or (
        actor.professional_id is not None
        and actor.professional_id == action.responsible_professional_id
    )
    if not holds_it:
        await check_plan_owner(uow, actor, plan)
    check_version(action, expected_version)
    after = ACTION_MACHINE.next_state(ActionStatus(action.status), step)
    summary = f"Action {after.value.replace('_', ' ')}"
    await _set_action_status(uow, actor, plan, action, after, note=note, summary=summary)
    return action


async def _set_action_status(
    uow: UnitOfWork,
    actor: Actor,
    plan: Plan,
    action: PlanAction,
    after: ActionStatus,
    *,
    note: str | None,
    summary: str,
) -> None:
    """Every change of an action's status, by a step or because its plan ended, is told the
    same way: the responsible organisation hears of it through one event."""
    before = action.status
    action.status = after.value
    if after is ActionStatus.DONE:
        action.completed_at = utcnow()
    if note:
        action.note = note
    uow.session.add(action)
    await uow.flush()
    uow.record(
        _action_event(
            "status_changed", action, plan, actor, summary, before=before, after=after.value
        )
    )


# ---- reading -------------------------------------------------------------------------------


async def get_plan(uow: UnitOfWork, actor: Actor, plan_id: uuid.UUID) -> Plan:
    return await read_record(uow, actor, Plan, plan_id, "plan")


async def list_plans(
    uow: UnitOfWork,
    actor: Actor,
    page: PageRequest,
    *,
    case_id: uuid.UUID | None = None,
    concern_id: uuid.UUID | None = None,
    child_id: uuid.UUID | None = None,
    status: PlanStatus | None = None,
) -> PageOf:
    query = PlanFilter(case_id, concern_id, child_id, status.value if status else None)
    found = await repo.search(uow, query, page, visible(RecordKind.PLAN, Plan, actor))
    disclose_listed(uow, actor, "plan", found.rows)
    return found


async def parts(uow: UnitOfWork, plan_ids: list[uuid.UUID]) -> PlanParts:
    """Objectives and actions of several plans in two queries, for list pages."""
    found = PlanParts({pid: [] for pid in plan_ids}, {pid: [] for pid in plan_ids})
    for objective in await repo.objectives_of(uow, plan_ids):
        found.objectives[objective.plan_id].append(objective)
    for action in await repo.actions_of(uow, plan_ids):
        found.actions[action.plan_id].append(action)
    return found


async def get_action(
    uow: UnitOfWork, actor: Actor, plan_id: uuid.UUID, action_id: uuid.UUID
) -> PlanAction:
    plan, _ = await open_record(uow, actor, Plan, plan_id, "plan")
    action = await _action_of(uow, plan, action_id)
    uow.disclose(actor, Disclosure("read", "plan_action", action.id, plan.child_id))
    return action


async def list_actions(
    uow: UnitOfWork,
    actor: Actor,
    page: PageRequest,
    *,
    responsible_organisation_id: uuid.UUID | None = None,
    responsible_professional_id: uuid.UUID | None = None,
    status: ActionStatus | None = None,
    overdue: bool = False,
) -> PageOf:
    """What is expected of an institution or a professional, and what of it is late."""
    query = ActionFilter(
        responsible_organisation_id,
        responsible_professional_id,
        status.value if status else None,
        today() if overdue else None,
    )
    found = await repo.search_actions(uow, query, page, plans_visible(actor))
    children = await repo.children_of_plans(uow, {a.plan_id for a in found.rows})
    uow.disclose(
        actor,
        [Disclosure("list", "plan_action", a.id, children[a.plan_id]) for a in found.rows],
    )
    return found


async def read_action(uow: UnitOfWork, actor: Actor, action_id: uuid.UUID) -> PlanAction:
    """An action by its id alone (GraphQL's `node`), judged by its plan as `get_action` is."""
    action = await get_or_404(uow, PlanAction, action_id, "plan action")
    return await get_action(uow, actor, action.plan_id, action_id)
