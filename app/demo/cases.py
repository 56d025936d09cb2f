"""A story's case, taken as far as its stage: the team around the child, the initial and complex
assessments with the supervisor's decisions, the child's plan, its review, and the closure.

The demo social worker of the mayoralty is the lead professional and does the work; the demo
supervisor of the district directorate approves the assessments and, on the child-protection path,
closes the case.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

from app.demo.casefiles import CASE_FILES, CaseFile
from app.demo.directory import Cast
from app.demo.plans import actions_of, carry_out, review, write_plan
from app.demo.population import DemoChild
from app.demo.referrals import refer
from app.demo.stories import Story
from app.domain.actor import Actor
from app.domain.assessments import (
    AssessmentChanges,
    AssessmentKind,
    NewAssessment,
    Resilience,
    ReturnDecision,
    TriangleArea,
)
from app.domain.assessments import Rating as AssessmentRating
from app.domain.cases import (
    CaseAction,
    CaseClosure,
    CaseStage,
    ClosureReason,
    NewCase,
    NewTeamMember,
)
from app.domain.plans import ReviewDecision
from app.domain.referrals import AcceptReferral
from app.domain.vocabulary import Indicator, ProtectiveFactor, TriangleSide, Urgency
from app.persistence.tables.concerns import Concern
from app.persistence.uow import UnitOfWork
from app.services import assessments, cases, plans, referrals

_STAGES = (
    CaseStage.INITIAL_ASSESSMENT,
    CaseStage.COMPLEX_ASSESSMENT,
    CaseStage.PLANNING,
    CaseStage.IMPLEMENTATION_MONITORING,
    CaseStage.REVIEW,
    CaseStage.CLOSED,
)
_TEAM_ROLES = {
    "designated_person": "designated person (school)",
    "class_teacher": "class teacher",
    "educator": "designated person (kindergarten)",
    "family_doctor": "family doctor",
    "police_officer": "juvenile inspector",
}


class CaseStory:
    """One case: the ratings it starts from, and the steps up to the story's stage."""

    def __init__(
        self, uow: UnitOfWork, cast: Cast, story: Story, child: DemoChild, rng: random.Random
    ) -> None:
        assert story.stage is not None
        self.uow, self.cast, self.story, self.child = uow, cast, story, child
        self.file: CaseFile = CASE_FILES[story.key]
        self.lead, self.supervisor = cast.actor("social_worker"), cast.actor("supervisor")
        self.target = _STAGES.index(story.stage)
        self.case_id = uuid.UUID(int=0)
        # The family's consent the referral was made on; the team joins on it too. None on the
        # child-protection path, where each member joins on the exemption.
        self.consent_id: uuid.UUID | None = None
        protection = story.urgency is Urgency.CHILD_PROTECTION
        # Indicators of concern are rated low (safety lowest on the child-protection path); the
        # others as the assessor finds them; the family's protective factors fairly weak.
        self.ratings = {
            i: (1 if protection and i is Indicator.SAFE else 2)
            if i in story.indicators
            else rng.choice((3, 4, 4, 5))
            for i in Indicator
        }
        self.factors = {f: rng.choice((2, 3, 3, 4)) for f in ProtectiveFactor}
        self.resilience = Resilience(
            resilience=rng.choice((1, -1)), environment=-2 if protection else -1
        )

    def reaches(self, stage: CaseStage) -> bool:
        return self.target >= _STAGES.index(stage)

    async def run(self, concern: Concern) -> None:
        await self._open(concern)
        await self._team()
        initial = await self._assess(AssessmentKind.INITIAL)
        if not self.reaches(CaseStage.COMPLEX_ASSESSMENT):
            return  # the initial assessment is still a draft
        await self._approve(initial, AssessmentKind.INITIAL)
        await self._advance(CaseAction.START_COMPLEX_ASSESSMENT)
        complex_ = await self._assess(AssessmentKind.COMPLEX)
        if not self.reaches(CaseStage.PLANNING):
            if self.file.complex_submitted:
                await self._submit(complex_)  # waiting for the supervisor
            return
        await self._approve(complex_, AssessmentKind.COMPLEX)
        await self._advance(CaseAction.START_PLANNING)
        await self._plan()

    # ---- opening and the team ------------------------------------------------------------

    async def _open(self, concern: Concern) -> None:
        story, uow = self.story, self.uow
        if story.opened_at_once:
            case = await cases.open_child_protection_case(
                uow,
                self.lead,
                NewCase(
                    child_id=self.child.id,
                    lead_professional_id=self.lead.professional_id,
                    concern_id=concern.id,
                    reason=story.reason or "",
                ),
            )
            self.case_id = case.id
            referral = await refer(uow, self.cast, story, self.child, concern)
            await referrals.accept_referral(
                uow, self.lead, referral.id, AcceptReferral(case_id=case.id), expected_version=None
            )
            return
        referral = await refer(uow, self.cast, story, self.child, concern)
        if story.urgency is not Urgency.CHILD_PROTECTION:
            self.consent_id = referral.sharing_basis_id
        accepted = await referrals.accept_referral(
            uow,
            self.lead,
            referral.id,
            AcceptReferral(lead_professional_id=self.lead.professional_id),
            expected_version=None,
        )
        assert accepted.case_id is not None
        self.case_id = accepted.case_id

    async def _team(self) -> None:
        """The referrer, the child's institution, the family doctor; the police on the
        child-protection path; the class teacher once there is a plan to carry out."""
        story, child = self.story, self.child
        members = [story.raised_by, "family_doctor"]
        if child.institution == "school":
            members.append("designated_person")
            if self.reaches(CaseStage.PLANNING):
                members.append("class_teacher")
        elif child.institution == "kindergarten":
            members.append("educator")
        if story.urgency is Urgency.CHILD_PROTECTION:
            members.append("police_officer")
        for key in dict.fromkeys(members):
            await cases.add_team_member(
                self.uow,
                self.lead,
                self.case_id,
                NewTeamMember(
                    professional_id=self.cast.id(key),
                    role=_TEAM_ROLES[key],
                    sharing_basis_id=self.consent_id,
                ),
            )

    async def _advance(self, action: CaseAction) -> None:
        await cases.advance_case(self.uow, self.lead, self.case_id, action, expected_version=None)

    # ---- assessments ---------------------------------------------------------------------

    def _contents(self, kind: AssessmentKind) -> dict[str, Any]:
        """The initial assessment rates the wheel and hears the child; the complex one adds My
        World Triangle, the family's protective factors and the resilience matrix."""
        file = self.file
        contents: dict[str, Any] = {
            "indicator_ratings": {i: AssessmentRating(rating=r) for i, r in self.ratings.items()},
            "child_views": file.child_views,
            "summary": file.summary,
        }
        if kind is AssessmentKind.COMPLEX:
            contents |= {
                "my_world_triangle": {
                    side: {area.code: TriangleArea(strengths=area.strengths, needs=area.needs)}
                    for side, area in zip(TriangleSide, file.triangle, strict=True)
                },
                "protective_factors": {
                    f: AssessmentRating(rating=r) for f, r in self.factors.items()
                },
                "resilience": self.resilience,
                "parents_views": file.parents_views,
            }
        return contents

    async def _assess(self, kind: AssessmentKind) -> uuid.UUID:
        assessment = await assessments.create_assessment(
            self.uow,
            self.lead,
            NewAssessment(case_id=self.case_id, kind=kind, **self._contents(kind)),
        )
        return assessment.id

    async def _submit(self, assessment_id: uuid.UUID) -> None:
        await assessments.submit_assessment(
            self.uow, self.lead, assessment_id, expected_version=None
        )

    async def _approve(self, assessment_id: uuid.UUID, kind: AssessmentKind) -> None:
        """Submit, and approve as the supervisor; a story may have its complex assessment
        returned once first, completed and submitted again."""
        uow, supervisor = self.uow, self.supervisor
        await self._submit(assessment_id)
        reason = self.file.return_reason
        if reason is not None and kind is AssessmentKind.COMPLEX:
            await assessments.return_assessment(
                uow, supervisor, assessment_id, ReturnDecision(reason=reason), expected_version=None
            )
            await assessments.update_assessment(
                uow,
                self.lead,
                assessment_id,
                AssessmentChanges(
                    parents_views=f"{self.file.parents_views} {self.file.completion}"
                ),
                expected_version=None,
            )
            await self._submit(assessment_id)
        await assessments.approve_assessment(uow, supervisor, assessment_id, expected_version=None)

    # ---- the child's plan ----------------------------------------------------------------

    async def _plan(self) -> None:
        story, uow, lead = self.story, self.uow, self.lead
        institutions = {"mayoralty", "clinic", "police", self.child.institution or "clinic"}
        plan = await write_plan(
            uow,
            lead,
            self.cast,
            case_id=self.case_id,
            indicators=story.indicators,
            institutions=institutions,
            needs=self.file.summary,
            child_views=self.file.child_views,
            parents_views=self.file.parents_views,
        )
        if not self.reaches(CaseStage.IMPLEMENTATION_MONITORING):
            return  # the child's plan is a draft
        await plans.activate_plan(uow, lead, plan.id, expected_version=None)
        await self._advance(CaseAction.START_IMPLEMENTATION)
        closing = self.reaches(CaseStage.CLOSED)
        count = len(await actions_of(uow, plan))
        await carry_out(
            uow,
            self.cast,
            lead,
            plan,
            started=count if closing else 2,
            done=count if closing else 1,
        )
        better = {i: min(5, r + 1 + (i in story.indicators)) for i, r in self.ratings.items()}
        await review(
            uow,
            lead,
            plan,
            progress=self.file.progress,
            indicators=better,
            factors={f: min(5, r + 1) for f, r in self.factors.items()},
            child_views=self.file.child_views,
            decision=ReviewDecision.CLOSE_CASE if closing else ReviewDecision.CONTINUE,
        )
        if not self.reaches(CaseStage.REVIEW):
            return
        if closing:
            await plans.complete_plan(uow, lead, plan.id, expected_version=None)
        await self._advance(CaseAction.START_REVIEW)
        if closing:
            await self._close()

    async def _close(self) -> None:
        """Only a supervisor closes a child-protection case; the lead closes the others."""
        closer: Actor = (
            self.supervisor if self.story.urgency is Urgency.CHILD_PROTECTION else self.lead
        )
        await cases.close_case(
            self.uow,
            closer,
            self.case_id,
            CaseClosure(reason=ClosureReason.OBJECTIVES_ACHIEVED, note=self.story.reason),
            expected_version=None,
        )
