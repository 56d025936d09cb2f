"""An incident report → one child-protection concern per child involved, each referred at once.

Every kind of incident the police report is a risk situation of Law 140/2013 (art. 8), so every
concern is on the child-protection path (GD 270/2014): the guardianship authority is notified
immediately — the referral is made in the same transaction as the concern, to the authority of
the child's locality (for a child not known before, the place of the incident) — on the
child-protection exemption, which needs no consent.

The description is a factual summary built from the report: the kind, when and where, the child's
role, the adults involved with their relationship and role, and who reported it (so the authority
can ask the police unit for the full file). The officer's narrative is not copied: it names every
child of the incident, while each concern belongs to one child's record; it stays with the
message in the inbox. Adults are not registered as children or family members here; they are
named in the description.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pydantic import ValidationError

from app.domain.intake import ChildIdentity, InboundConcern, InboundReferral
from app.domain.validation import invalid_input
from app.domain.vocabulary import Indicator, RiskCategory, Urgency
from app.integrations.police.model import (
    AdultRelationship,
    AdultRole,
    ChildRole,
    IncidentKind,
    InvolvedAdult,
    InvolvedChild,
    PoliceIncident,
)

MOLDOVA = ZoneInfo("Europe/Chisinau")

RISK: dict[IncidentKind, RiskCategory] = {
    IncidentKind.DOMESTIC_VIOLENCE: RiskCategory.VIOLENCE,
    IncidentKind.CHILD_MISSING: RiskCategory.WITHOUT_CARE,
    IncidentKind.CHILD_RUNAWAY: RiskCategory.WITHOUT_CARE,
    IncidentKind.CHILD_IN_CONFLICT_WITH_LAW: RiskCategory.OFFENCE_UNDER_AGE_OF_RESPONSIBILITY,
    IncidentKind.CHILD_VICTIM_OR_WITNESS: RiskCategory.VIOLENCE,
}
"""The risk situation each kind of incident is. A child who is the victim in an incident of
conflict with the law is subjected to violence, not an offender: see `risk_of`."""

INDICATORS: dict[IncidentKind, tuple[Indicator, ...]] = {
    IncidentKind.DOMESTIC_VIOLENCE: (Indicator.SAFE, Indicator.NURTURED),
    IncidentKind.CHILD_MISSING: (Indicator.SAFE, Indicator.NURTURED),
    IncidentKind.CHILD_RUNAWAY: (Indicator.SAFE, Indicator.NURTURED, Indicator.INCLUDED),
    IncidentKind.CHILD_IN_CONFLICT_WITH_LAW: (Indicator.SAFE, Indicator.RESPONSIBLE),
    IncidentKind.CHILD_VICTIM_OR_WITNESS: (Indicator.SAFE, Indicator.HEALTHY),
}

KIND_RO: dict[IncidentKind, str] = {
    IncidentKind.DOMESTIC_VIOLENCE: "violență în familie",
    IncidentKind.CHILD_MISSING: "copil dispărut",
    IncidentKind.CHILD_RUNAWAY: "copil plecat de acasă",
    IncidentKind.CHILD_IN_CONFLICT_WITH_LAW: "copil în conflict cu legea",
    IncidentKind.CHILD_VICTIM_OR_WITNESS: "copil victimă sau martor al unei infracțiuni",
}
CHILD_ROLE_RO: dict[ChildRole, str] = {
    ChildRole.VICTIM: "victimă",
    ChildRole.WITNESS: "martor",
    ChildRole.ALLEGED_OFFENDER: "presupus autor",
    ChildRole.MISSING_PERSON: "persoană dispărută",
    ChildRole.RUNAWAY: "plecat de acasă",
    ChildRole.OTHER: "implicat",
}
ADULT_ROLE_RO: dict[AdultRole, str] = {
    AdultRole.ALLEGED_PERPETRATOR: "presupus agresor",
    AdultRole.PARENT: "părinte",
    AdultRole.CARER: "îngrijitor",
    AdultRole.WITNESS: "martor",
    AdultRole.VICTIM: "victimă",
    AdultRole.REPORTER: "a sesizat",
    AdultRole.OTHER: "implicat",
}
RELATIONSHIP_RO: dict[AdultRelationship, str] = {
    AdultRelationship.MOTHER: "mama",
    AdultRelationship.FATHER: "tatăl",
    AdultRelationship.STEPMOTHER: "mama vitregă",
    AdultRelationship.STEPFATHER: "tatăl vitreg",
    AdultRelationship.GRANDMOTHER: "bunica",
    AdultRelationship.GRANDFATHER: "bunicul",
    AdultRelationship.SIBLING: "frate/soră",
    AdultRelationship.AUNT_OR_UNCLE: "mătușa/unchiul",
    AdultRelationship.GUARDIAN: "tutorele",
    AdultRelationship.FOSTER_CARER: "asistentul parental",
    AdultRelationship.OTHER_RELATIVE: "alt membru al familiei",
    AdultRelationship.OTHER: "altă relație",
    AdultRelationship.NONE: "fără legătură de familie",
}


def external_id(incident: PoliceIncident, child: InvolvedChild) -> str:
    """One concern per child per incident: the same report sent again creates nothing."""
    return f"{incident.incident_id}/{child.person_id}"


def risk_of(kind: IncidentKind, role: ChildRole) -> RiskCategory:
    if kind is IncidentKind.CHILD_IN_CONFLICT_WITH_LAW and role is ChildRole.VICTIM:
        return RiskCategory.VIOLENCE
    return RISK[kind]


def _adult(adult: InvolvedAdult) -> str:
    relationship = RELATIONSHIP_RO[adult.relationship]
    return f"{adult.given_name} {adult.family_name} ({relationship}) — {ADULT_ROLE_RO[adult.role]}"


def summary(incident: PoliceIncident, child: InvolvedChild) -> str:
    """What happened to this child, from the report's fields only (never the narrative)."""
    when = incident.occurred_at.astimezone(MOLDOVA).strftime("%d.%m.%Y %H:%M")
    place = incident.place
    where = ", ".join(
        p for p in (place.locality_code or place.territory_code, place.description) if p
    )
    lines = [
        f"Raport de poliție {incident.incident_id}: {KIND_RO[incident.kind]}, {when}, {where}.",
        f"Rolul copilului: {CHILD_ROLE_RO[child.role]}.",
    ]
    if incident.adults:
        lines.append("Adulți implicați: " + "; ".join(_adult(a) for a in incident.adults) + ".")
    others = len(incident.children) - 1
    if others:
        lines.append(f"Alți copii implicați în incident: {others}.")
    officer = incident.officer
    badge = f", insigna {officer.badge}" if officer.badge else ""
    unit = incident.reporting_unit
    unit_id = f" ({unit.id})" if unit.id else ""
    lines.append(f"Raportat de {officer.name}{badge}, {unit.name}{unit_id}.")
    return "\n".join(lines)


def concerns_of(incident: PoliceIncident) -> list[InboundConcern]:
    out = []
    for n, child in enumerate(incident.children):
        try:
            out.append(_concern(incident, child))
        except ValidationError as exc:  # a report valid on its own that the intake refuses
            raise invalid_input(exc, root=f"#/children/{n}") from exc
    return out


def _concern(incident: PoliceIncident, child: InvolvedChild) -> InboundConcern:
    place = incident.place
    description = summary(incident, child)
    return InboundConcern(
        external_id=external_id(incident, child),
        child=ChildIdentity(
            idnp=child.idnp,
            identifier=child.person_id,
            given_name=child.given_name,
            family_name=child.family_name,
            patronymic=child.patronymic,
            birth_date=child.birth_date,
            sex=child.sex,
            territory_code=place.territory_code,
            locality_code=place.locality_code,
        ),
        indicators=list(INDICATORS[incident.kind]),
        description=description,
        observed_at=incident.occurred_at,
        urgency=Urgency.CHILD_PROTECTION,
        risk_category=risk_of(incident.kind, child.role),
        referral=InboundReferral(reason=description[:4000]),
    )
