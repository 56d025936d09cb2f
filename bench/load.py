"""Bulk loading of a national-scale data set, straight into the migrated schema.

Organisations and professionals (a few thousand rows) are made in Python and copied in; everything
that grows with the number of children is made inside PostgreSQL with INSERT ... SELECT over
generate_series, so half a million children with their histories load in a couple of minutes.

Ids are md5 digests of "<kind>:<n>" (`ident` here, `md5('<kind>:' || n)::uuid` in SQL), so one
statement can point at rows another made without a lookup table. Foreign keys stay on: the data set
is checked by the database as it goes in.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from app.domain.text import fold
from app.domain.vocabulary import OrganisationKind, Role
from bench import names

Connection = Any  # asyncpg.Connection; asyncpg ships no type information

SLOTS = 10_000  # resolution of the territory/locality distribution


def ident(kind: str, n: object) -> uuid.UUID:
    return uuid.UUID(hashlib.md5(f"{kind}:{n}".encode()).hexdigest())  # noqa: S324 (not security)


@dataclass(frozen=True)
class Volumes:
    """How much to load; everything but the children scales with them (defaults: the country)."""

    children: int = 500_000

    @property
    def scale(self) -> float:
        return self.children / 500_000

    @property
    def organisations(self) -> int:
        return max(250, round(1_000 * self.scale))

    @property
    def professionals(self) -> int:
        return max(800, round(5_000 * self.scale))

    @property
    def concerns(self) -> int:
        return round(0.3 * self.children)


@dataclass
class Loaded:
    actor_id: uuid.UUID
    seconds: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


# ---- organisations and professionals, in Python -------------------------------------------------

_REPORTER_KINDS = {
    OrganisationKind.SCHOOL,
    OrganisationKind.KINDERGARTEN,
    OrganisationKind.CLINIC,
    OrganisationKind.FAMILY_DOCTORS_CENTRE,
    OrganisationKind.POLICE_UNIT,
}
_AUTHORITY_KINDS = {OrganisationKind.MAYORALTY, OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE}
_EXTRA_KINDS = {  # how the organisations beyond each territory's core are spread
    OrganisationKind.SCHOOL: 0.50,
    OrganisationKind.KINDERGARTEN: 0.18,
    OrganisationKind.MAYORALTY: 0.20,
    OrganisationKind.CLINIC: 0.04,
    OrganisationKind.FAMILY_DOCTORS_CENTRE: 0.05,
    OrganisationKind.SERVICE_PROVIDER: 0.03,
}
_STAFF_WEIGHT = {
    OrganisationKind.SCHOOL: 3.0,
    OrganisationKind.KINDERGARTEN: 1.0,
    OrganisationKind.CLINIC: 2.0,
    OrganisationKind.FAMILY_DOCTORS_CENTRE: 2.0,
    OrganisationKind.POLICE_UNIT: 2.0,
    OrganisationKind.MAYORALTY: 1.5,
    OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE: 4.0,
    OrganisationKind.SERVICE_PROVIDER: 1.0,
}
_SECTOR = {
    OrganisationKind.SCHOOL: "education",
    OrganisationKind.KINDERGARTEN: "education",
    OrganisationKind.CLINIC: "health",
    OrganisationKind.FAMILY_DOCTORS_CENTRE: "health",
    OrganisationKind.POLICE_UNIT: "public_order",
    OrganisationKind.MAYORALTY: "social_assistance",
    OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE: "social_assistance",
    OrganisationKind.SERVICE_PROVIDER: "social_assistance",
}


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    seat_locality: str | None
    localities: tuple[tuple[str, str], ...]  # (code, name)
    weight: float


@dataclass(frozen=True)
class Org:
    id: uuid.UUID
    kind: OrganisationKind
    territory: str
    locality: str | None
    name: str


def _org_name(kind: OrganisationKind, n: int, place: Place, locality: str) -> str:
    return {
        OrganisationKind.SCHOOL: f"Gimnaziul nr. {n}, {locality}",
        OrganisationKind.KINDERGARTEN: f"Grădinița nr. {n}, {locality}",
        OrganisationKind.CLINIC: f"Spitalul raional {place.name}",
        OrganisationKind.FAMILY_DOCTORS_CENTRE: f"Centrul de Sănătate {locality}",
        OrganisationKind.POLICE_UNIT: f"Inspectoratul de Poliție {place.name}",
        OrganisationKind.MAYORALTY: f"Primăria {locality}",
        OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE: "Direcția Asistență Socială și "
        f"Protecție a Familiei {place.name}",
        OrganisationKind.SERVICE_PROVIDER: f"Centrul comunitar „Speranța” {locality}",
    }[kind]


def _organisations(places: list[Place], total: int, rng: random.Random) -> list[Org]:
    core = (
        OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE,
        OrganisationKind.POLICE_UNIT,
        OrganisationKind.FAMILY_DOCTORS_CENTRE,
        OrganisationKind.MAYORALTY,
        OrganisationKind.SCHOOL,
    )
    wanted: list[tuple[Place, OrganisationKind]] = [(p, k) for p in places for k in core]
    extra = max(0, total - len(wanted))
    kinds, shares = zip(*_EXTRA_KINDS.items(), strict=True)
    for place, kind in zip(
        rng.choices(places, weights=[p.weight for p in places], k=extra),
        rng.choices(kinds, weights=shares, k=extra),
        strict=True,
    ):
        wanted.append((place, kind))
    orgs: list[Org] = []
    for n, (place, kind) in enumerate(wanted):
        at_seat = kind in core and not any(
            o.kind == kind and o.territory == place.code for o in orgs
        )
        code, name = (
            (place.seat_locality, place.name)
            if at_seat or not place.localities
            else rng.choice(place.localities)
        )
        orgs.append(Org(ident("org", n), kind, place.code, code, _org_name(kind, n, place, name)))
    return orgs


def _roles(kind: OrganisationKind, first: bool) -> list[str]:
    if kind in {OrganisationKind.SCHOOL, OrganisationKind.KINDERGARTEN}:
        return [Role.DESIGNATED_PERSON, Role.TEACHER] if first else [Role.TEACHER]
    if kind in {OrganisationKind.CLINIC, OrganisationKind.FAMILY_DOCTORS_CENTRE}:
        return [Role.DESIGNATED_PERSON, Role.HEALTH_WORKER] if first else [Role.HEALTH_WORKER]
    if kind is OrganisationKind.POLICE_UNIT:
        return [Role.POLICE_OFFICER]
    if kind is OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE and first:
        return [Role.SUPERVISOR, Role.CASE_MANAGER]
    return [Role.SOCIAL_WORKER, Role.CASE_MANAGER]


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    org: Org
    roles: list[str]
    given: str
    family: str


def _professionals(orgs: list[Org], total: int, rng: random.Random) -> list[Person]:
    staff = [2] * len(orgs)  # a designated person and a deputy everywhere
    for i in rng.choices(
        range(len(orgs)),
        weights=[_STAFF_WEIGHT[o.kind] for o in orgs],
        k=max(0, total - 2 * len(orgs)),
    ):
        staff[i] += 1
    people: list[Person] = []
    for org, count in zip(orgs, staff, strict=True):
        for j in range(count):
            n = len(people)
            female = rng.random() < 0.7  # the caring professions in Moldova are mostly women
            family = rng.choice(names.LATIN_FAMILY)[1 if female else 0]
            given = rng.choice(names.LATIN_GIVEN_FEMALE if female else names.LATIN_GIVEN_MALE)
            roles = [str(r) for r in _roles(org.kind, j == 0)]
            people.append(Person(ident("professional", n), org, roles, given, family))
    return people


# ---- the SQL that makes the volumes -------------------------------------------------------------

_IDNP_FUNCTION = """
CREATE FUNCTION pg_temp.idnp(first12 text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT first12 || (sum(substr(first12, i, 1)::int * (ARRAY[7, 3, 1])[(i - 1) % 3 + 1]) % 10)
  FROM generate_series(1, 12) AS i
$$"""

_TEMP_TABLES = """
CREATE TEMP TABLE t_slots (slot int PRIMARY KEY, territory_code text, locality_code text);
CREATE TEMP TABLE t_family (script text, i int, male text, female text, male_key text,
                            female_key text, PRIMARY KEY (script, i));
CREATE TEMP TABLE t_given (script text, sex text, i int, name text, key text,
                           PRIMARY KEY (script, sex, i));
CREATE TEMP TABLE t_counts (script text, sex text, family_n int, given_n int);
CREATE TEMP TABLE t_reporters (territory_code text, k int, professional_id uuid,
                               organisation_id uuid, sector text, PRIMARY KEY (territory_code, k));
CREATE TEMP TABLE t_authorities (territory_code text, k int, organisation_id uuid,
                                 PRIMARY KEY (territory_code, k));
CREATE TEMP TABLE t_workers (organisation_id uuid, k int, professional_id uuid,
                             PRIMARY KEY (organisation_id, k));
CREATE TEMP TABLE t_events (type text, aggregate_type text, aggregate_id uuid,
                            aggregate_version int, child_id uuid, actor_id uuid,
                            organisation_ids jsonb, summary text, payload jsonb,
                            occurred_at timestamptz);
"""

_CHILDREN = """
WITH pick AS MATERIALIZED (
  SELECT g, floor(random() * $3)::int AS slot,
         CASE WHEN random() < 0.12 THEN 'cyrillic' ELSE 'latin' END AS script,
         CASE WHEN random() < 0.49 THEN 'female' ELSE 'male' END AS sex,
         random() AS rf, random() AS rg, random() AS ri, random() AS rl, random() AS ra,
         $1::timestamptz - random() * interval '18 years' AS born
  FROM generate_series(1, $2) AS g
), dated AS MATERIALIZED (
  SELECT p.*, p.born::date AS birth_date,
         -- registered in the last three years, never before birth
         $1::timestamptz - random() * least(interval '3 years', $1::timestamptz - p.born) AS at
  FROM pick p
)
INSERT INTO children (version, created_at, updated_at, id, given_name, family_name, patronymic,
                      search_name, sex, birth_date, idnp, territory_code, locality_code, address,
                      languages)
SELECT 1, d.at, d.at, md5('child:' || d.g)::uuid, gv.name,
       CASE d.sex WHEN 'female' THEN f.female ELSE f.male END, NULL,
       CASE d.sex WHEN 'female' THEN f.female_key ELSE f.male_key END || ' ' || gv.key,
       d.sex, d.birth_date,
       CASE WHEN d.ri < 0.8 THEN pg_temp.idnp('2' || to_char(d.birth_date, 'YYY')
                                              || lpad(d.g::text, 8, '0')) END,
       s.territory_code, s.locality_code,
       CASE WHEN d.ra < 0.7 THEN 'str. ' || f.male || ' ' || (1 + d.g % 120) END,
       (CASE WHEN d.script = 'cyrillic' THEN '["ru"]' WHEN d.rl < 0.1 THEN '["ro", "ru"]'
             ELSE '["ro"]' END)::jsonb
FROM dated d
JOIN t_slots s ON s.slot = d.slot
JOIN t_counts c ON c.script = d.script AND c.sex = d.sex
JOIN t_family f ON f.script = d.script AND f.i = floor(c.family_n * d.rf ^ 1.2)::int
JOIN t_given gv ON gv.script = d.script AND gv.sex = d.sex
               AND gv.i = floor(c.given_n * d.rg ^ 1.2)::int
"""

_CONCERNS = """
WITH pick AS MATERIALIZED (
  SELECT g, 1 + floor(random() * $2)::int AS child_n, random() AS rt, random() AS ru,
         random() AS rs, random() AS rd, random() AS rk, random() AS rx, random() AS rw
  FROM generate_series(1, $3) AS g
), base AS MATERIALIZED (
  SELECT p.*, ch.id AS child_id,
         ch.created_at + p.rt * ($1::timestamptz - ch.created_at) AS at,
         CASE WHEN p.ru < 0.70 THEN 'routine' WHEN p.ru < 0.92 THEN 'priority'
              ELSE 'child_protection' END AS urgency,
         r.professional_id, r.organisation_id, r.sector
  FROM pick p
  JOIN children ch ON ch.id = md5('child:' || p.child_n)::uuid
  JOIN (SELECT territory_code, count(*) AS n FROM t_reporters GROUP BY 1) rn
    ON rn.territory_code = ch.territory_code
  JOIN t_reporters r ON r.territory_code = ch.territory_code AND r.k = floor(p.rk * rn.n)::int
), due AS MATERIALIZED (
  SELECT b.*, b.at + CASE b.urgency WHEN 'routine' THEN interval '14 days'
                                    WHEN 'priority' THEN interval '4 days'
                                    ELSE interval '1 day' END AS due_at
  FROM base b
), decided AS MATERIALIZED (
  SELECT d.*,
         CASE WHEN d.due_at > $1::timestamptz AND d.rs < 0.6 THEN 'recorded'
              WHEN d.due_at <= $1::timestamptz AND d.rs < 0.04 THEN 'recorded'  -- the late backlog
              WHEN d.urgency = 'child_protection' THEN
                   CASE WHEN d.rd < 0.9 THEN 'referred' ELSE 'single_agency_plan' END
              WHEN d.rd < 0.42 THEN 'referred'
              WHEN d.rd < 0.82 THEN 'single_agency_plan'
              ELSE 'closed' END AS status,
         least($1::timestamptz, d.at + (0.1 + 1.2 * d.rx) * (d.due_at - d.at)) AS decided_at
  FROM due d
)
INSERT INTO concerns (version, created_at, updated_at, id, child_id, raised_by_id, organisation_id,
                      sector, description, observed_at, child_words, urgency, risk_category,
                      five_questions, status, decision, decided_at, closure_reason, due_at,
                      source_system, external_id)
SELECT CASE WHEN d.status = 'recorded' THEN 1 ELSE 2 END, d.at,
       CASE WHEN d.status = 'recorded' THEN d.at ELSE d.decided_at END,
       md5('concern:' || d.g)::uuid, d.child_id, d.professional_id, d.organisation_id, d.sector,
       ($4::text[])[1 + d.g % cardinality($4::text[])],
       d.at - d.rw * interval '2 days',
       CASE WHEN d.rw < 0.3 THEN ($5::text[])[1 + d.g % cardinality($5::text[])] END,
       d.urgency,
       CASE WHEN d.urgency = 'child_protection' THEN (ARRAY['violence', 'neglect', 'without_care',
            'parents_abroad_without_care', 'exploitation'])[1 + d.g % 5] END,
       jsonb_build_object('what_is_in_the_way', ($6::text[])[1 + d.g % cardinality($6::text[])]),
       d.status,
       CASE d.status WHEN 'referred' THEN 'refer' WHEN 'single_agency_plan'
            THEN 'act_in_institution' WHEN 'closed' THEN 'no_further_action' END,
       CASE WHEN d.status <> 'recorded' THEN d.decided_at END,
       CASE WHEN d.status = 'closed' THEN 'Nu este necesară o intervenție suplimentară.' END,
       d.due_at,
       CASE WHEN d.sector = 'education' AND d.rw > 0.8 THEN 'urn:md:siime' END,
       CASE WHEN d.sector = 'education' AND d.rw > 0.8 THEN 'SIIME-' || d.g END
FROM decided d
"""

_INDICATORS = """
INSERT INTO concern_indicators (concern_id, indicator)
SELECT c.id, i.code FROM concerns c CROSS JOIN unnest($1::text[], $2::float8[]) AS i(code, p)
WHERE random() < i.p
"""

_UNTAGGED = """
INSERT INTO concern_indicators (concern_id, indicator)
SELECT c.id, 'nurtured' FROM concerns c
WHERE NOT EXISTS (SELECT FROM concern_indicators ci WHERE ci.concern_id = c.id)
"""

_REFERRALS = """
WITH src AS MATERIALIZED (
  SELECT c.id AS concern_id, c.child_id, c.raised_by_id, c.organisation_id, c.urgency,
         c.decided_at AS at, ch.territory_code, random() AS rk, random() AS rw, random() AS rs,
         random() AS rr, random() AS ra, random() AS rb
  FROM concerns c JOIN children ch ON ch.id = c.child_id
  WHERE c.status = 'referred'
), routed AS MATERIALIZED (
  SELECT s.*, a.organisation_id AS to_org, w.professional_id AS worker,
         s.at + CASE s.urgency WHEN 'routine' THEN interval '7 days'
                               WHEN 'priority' THEN interval '4 days'
                               ELSE interval '1 day' END AS due_at
  FROM src s
  JOIN (SELECT territory_code, count(*) AS n FROM t_authorities GROUP BY 1) an
    ON an.territory_code = s.territory_code
  JOIN t_authorities a ON a.territory_code = s.territory_code AND a.k = floor(s.rk * an.n)::int
  JOIN (SELECT organisation_id, count(*) AS n FROM t_workers GROUP BY 1) wn
    ON wn.organisation_id = a.organisation_id
  JOIN t_workers w ON w.organisation_id = a.organisation_id AND w.k = floor(s.rw * wn.n)::int
), answered AS MATERIALIZED (
  SELECT r.*,
         CASE WHEN r.due_at > $1::timestamptz AND r.rs < 0.7 THEN 'received'
              -- a few wait past their deadline
              WHEN r.due_at <= $1::timestamptz AND r.rs < 0.03 THEN 'received'
              WHEN r.rr < 0.55 THEN 'accepted' WHEN r.rr < 0.75 THEN 'declined'
              WHEN r.rr < 0.88 THEN 'redirected' ELSE 'withdrawn' END AS status,
         least($1::timestamptz, r.at + (0.2 + r.rb) * (r.due_at - r.at)) AS responded_at
  FROM routed r
)
INSERT INTO referrals (version, created_at, updated_at, id, concern_id, child_id, referred_by_id,
                       from_organisation_id, to_organisation_id, assignee_id, urgency, status,
                       reason, response_reason, responded_by_id, responded_at, due_at)
SELECT CASE WHEN a.status = 'received' THEN 1 ELSE 2 END, a.at,
       CASE WHEN a.status = 'received' THEN a.at ELSE a.responded_at END,
       md5('referral:' || a.concern_id)::uuid, a.concern_id, a.child_id, a.raised_by_id,
       a.organisation_id, a.to_org,
       CASE WHEN a.status IN ('accepted', 'declined', 'redirected') OR a.ra < 0.5 THEN a.worker END,
       a.urgency, a.status, ($2::text[])[1 + floor(a.ra * cardinality($2::text[]))::int],
       CASE a.status WHEN 'declined' THEN 'Nevoile pot fi satisfăcute de școală.'
                     WHEN 'redirected' THEN 'Copilul locuiește în altă localitate.' END,
       CASE WHEN a.status IN ('accepted', 'declined', 'redirected') THEN a.worker END,
       CASE WHEN a.status <> 'received' THEN a.responded_at END,
       a.due_at
FROM answered a
"""

_CASES = """
WITH src AS MATERIALIZED (
  SELECT r.id AS referral_id, r.child_id, ch.territory_code, r.to_organisation_id, r.assignee_id,
         r.urgency, r.responded_at AS at, random() AS rs, random() AS rl, random() AS rc
  FROM referrals r JOIN children ch ON ch.id = r.child_id
  WHERE r.status = 'accepted'
), staged AS MATERIALIZED (
  SELECT s.*,
         CASE WHEN $1::timestamptz - s.at < interval '5 days' THEN 'initial_assessment'
              WHEN $1::timestamptz - s.at < interval '15 days' THEN
                   CASE WHEN s.rs < 0.8 THEN 'complex_assessment' ELSE 'initial_assessment' END
              WHEN $1::timestamptz - s.at < interval '30 days' THEN
                   CASE WHEN s.rs < 0.7 THEN 'planning' ELSE 'complex_assessment' END
              WHEN s.rs < 0.03 THEN 'initial_assessment'  -- stuck past their deadlines
              WHEN s.rs < 0.06 THEN 'complex_assessment'
              WHEN s.rs < 0.10 THEN 'planning'
              WHEN s.rs < 0.50 THEN 'implementation_monitoring'
              WHEN s.rs < 0.58 THEN 'review'
              ELSE 'closed' END AS stage
  FROM src s
), entered AS MATERIALIZED (
  SELECT st.*, st.at + (CASE st.stage WHEN 'initial_assessment' THEN 0
                                      WHEN 'complex_assessment' THEN 0.15
                                      WHEN 'planning' THEN 0.35
                                      WHEN 'implementation_monitoring' THEN 0.45
                                      WHEN 'review' THEN 0.8 ELSE 0.9 END)
                       * ($1::timestamptz - st.at) AS entered_at
  FROM staged st
)
INSERT INTO cases (version, created_at, updated_at, id, child_id, territory_code,
                   responsible_organisation_id, lead_professional_id, opened_via, urgency,
                   level_of_need, stage, stage_entered_at, due_at, closure_reason, closure_note,
                   closed_at, reopen_count)
SELECT 1 + (CASE e.stage WHEN 'initial_assessment' THEN 0 WHEN 'complex_assessment' THEN 1
                         WHEN 'planning' THEN 2 WHEN 'implementation_monitoring' THEN 3
                         ELSE 4 END),
       e.at, e.entered_at, md5('case:' || e.referral_id)::uuid, e.child_id, e.territory_code,
       e.to_organisation_id,
       CASE WHEN e.stage = 'initial_assessment' AND e.rl < 0.3 THEN NULL ELSE e.assignee_id END,
       'referral', e.urgency,
       CASE WHEN e.urgency = 'child_protection' THEN 'child_protection'
            WHEN e.rl < 0.2 THEN 'additional' ELSE 'multi_agency' END,
       e.stage, e.entered_at,
       e.entered_at + CASE e.stage WHEN 'initial_assessment' THEN interval '5 days'
                                   WHEN 'complex_assessment' THEN interval '10 days'
                                   WHEN 'planning' THEN interval '10 days'
                                   WHEN 'review' THEN interval '14 days' END,
       CASE WHEN e.stage = 'closed' THEN (ARRAY['objectives_achieved', 'family_moved',
            'needs_met_by_universal_services', 'child_turned_18'])[1 + floor(e.rc * 4)::int] END,
       NULL,
       CASE WHEN e.stage = 'closed' THEN e.entered_at END,
       0
FROM entered e;
"""

_LINK_CASES = """
UPDATE referrals SET case_id = md5('case:' || id)::uuid WHERE status = 'accepted'
"""

_PLANS = """
INSERT INTO plans (version, created_at, updated_at, id, scope, case_id, concern_id, child_id,
                   organisation_id, lead_professional_id, status, needs, child_views,
                   parents_views, review_interval_days, review_due_on, activated_at, completed_at)
SELECT 2, x.at, x.at, md5('plan:' || x.owner)::uuid, x.scope, x.case_id, x.concern_id, x.child_id,
       x.organisation_id, x.lead, x.status, 'Sprijin la învățătură și consiliere pentru familie.',
       NULL, NULL, 90,
       CASE WHEN x.status = 'active'
            THEN ($1::timestamptz + (random() * 100 - 5) * interval '1 day')::date END,
       CASE WHEN x.status <> 'draft' THEN x.at + interval '3 days' END,
       CASE WHEN x.status = 'completed' THEN least($1::timestamptz, x.at + interval '90 days') END
FROM (
  SELECT c.id::text AS owner, 'multi_agency' AS scope, c.id AS case_id, NULL::uuid AS concern_id,
         c.child_id, c.responsible_organisation_id AS organisation_id,
         c.lead_professional_id AS lead,
         c.created_at + 0.8 * (c.stage_entered_at - c.created_at) AS at,
         CASE c.stage WHEN 'planning' THEN 'draft' WHEN 'closed' THEN 'completed'
              ELSE 'active' END AS status
  FROM cases c WHERE c.stage IN ('planning', 'implementation_monitoring', 'review', 'closed')
  UNION ALL
  SELECT k.id::text, 'single_agency', NULL, k.id, k.child_id, k.organisation_id, k.raised_by_id,
         k.decided_at,
         CASE WHEN $1::timestamptz - k.decided_at > interval '120 days' AND random() < 0.7
              THEN 'completed' ELSE 'active' END
  FROM concerns k WHERE k.status = 'single_agency_plan'
) x;
"""

_PLAN_ACTIONS = """
WITH each AS MATERIALIZED (
  SELECT p.id AS plan_id, p.status AS plan_status, p.created_at AS at, p.organisation_id,
         p.lead_professional_id, j, random() AS r
  FROM plans p
  CROSS JOIN LATERAL generate_series(1, CASE p.scope WHEN 'multi_agency' THEN 3 ELSE 1 END) AS j
), stated AS MATERIALIZED (
  SELECT e.*,
         CASE WHEN e.plan_status = 'completed' THEN 'done'
              WHEN e.plan_status = 'draft' THEN 'planned'
              WHEN e.r < 0.3 THEN 'done' WHEN e.r < 0.6 THEN 'in_progress'
              WHEN e.r < 0.65 THEN 'cancelled' ELSE 'planned' END AS status
  FROM each e
)
INSERT INTO plan_actions (version, created_at, updated_at, id, plan_id, objective_id, description,
                          service, responsible_organisation_id, responsible_professional_id,
                          due_on, status, completed_at, note)
SELECT 1, s.at, s.at, md5('action:' || s.plan_id || ':' || s.j)::uuid, s.plan_id, NULL,
       ($2::text[])[1 + floor(s.r * cardinality($2::text[]))::int],
       nullif(($3::text[])[1 + floor(s.r * cardinality($3::text[]))::int], ''),
       s.organisation_id, s.lead_professional_id,
       (s.at + (14 + 30 * s.j) * interval '1 day')::date,
       s.status,
       CASE WHEN s.status = 'done' THEN least($1::timestamptz, s.at + interval '20 days') END,
       NULL
FROM stated s
"""

# Every state change above, as the event the service would have stored (about 2.2 per child).
_EVENTS = """
INSERT INTO t_events
SELECT 'child.registered', 'child', c.id, 1, c.id,
       md5('professional:' || (abs(hashtext(c.id::text)) % $1))::uuid,
       '[]'::jsonb, 'Child registered', '{}'::jsonb, c.created_at
FROM children c
UNION ALL
SELECT 'concern.recorded', 'concern', k.id, 1, k.child_id, k.raised_by_id,
       jsonb_build_array(k.organisation_id::text), 'Concern recorded (' || k.urgency || ')',
       jsonb_build_object('urgency', k.urgency), k.created_at
FROM concerns k
UNION ALL
SELECT CASE k.status WHEN 'single_agency_plan' THEN 'concern.decided'
            ELSE 'concern.' || k.status END,
       'concern', k.id, 2, k.child_id, k.raised_by_id,
       jsonb_build_array(k.organisation_id::text), 'Concern ' || k.status,
       jsonb_build_object('decision', k.decision), k.decided_at
FROM concerns k WHERE k.status <> 'recorded'
UNION ALL
SELECT 'referral.received', 'referral', r.id, 1, r.child_id, r.referred_by_id,
       jsonb_build_array(r.from_organisation_id::text, r.to_organisation_id::text),
       'Referral received (' || r.urgency || ')', jsonb_build_object('urgency', r.urgency),
       r.created_at
FROM referrals r
UNION ALL
SELECT 'referral.' || r.status, 'referral', r.id, 2, r.child_id,
       coalesce(r.responded_by_id, r.referred_by_id),
       jsonb_build_array(r.from_organisation_id::text, r.to_organisation_id::text),
       'Referral ' || r.status, '{}'::jsonb, r.responded_at
FROM referrals r WHERE r.status <> 'received'
UNION ALL
SELECT CASE WHEN s.n = 0 THEN 'case.opened' ELSE 'case.stage_changed' END, 'case', c.id, s.n + 1,
       c.child_id, c.lead_professional_id,
       jsonb_build_array(c.responsible_organisation_id::text),
       CASE WHEN s.n = 0 THEN 'Case opened' ELSE 'Case moved on' END, '{}'::jsonb,
       c.created_at
       + (s.n::float8 / greatest(c.version - 1, 1)) * (c.stage_entered_at - c.created_at)
FROM cases c CROSS JOIN LATERAL generate_series(0, c.version - 1) AS s(n)
UNION ALL
SELECT 'plan.drafted', 'plan', p.id, 1, p.child_id, p.lead_professional_id,
       jsonb_build_array(p.organisation_id::text), 'Plan drafted', '{}'::jsonb, p.created_at
FROM plans p
"""

_EVENTS_IN_ORDER = """
INSERT INTO domain_events (id, type, aggregate_type, aggregate_id, aggregate_version, child_id,
                           actor_id, organisation_ids, summary, payload, occurred_at)
SELECT gen_random_uuid(), type, aggregate_type, aggregate_id, aggregate_version, child_id, actor_id,
       organisation_ids, summary, payload, occurred_at
FROM t_events ORDER BY occurred_at
"""

_DEADLINES = """
INSERT INTO deadlines (id, kind, subject_type, subject_id, child_id, organisation_id, assignee_id,
                       urgency, started_at, due_at, met_at)
SELECT gen_random_uuid(), 'concern.decision', 'concern', k.id, k.child_id, k.organisation_id,
       k.raised_by_id, k.urgency, k.created_at, k.due_at, k.decided_at
FROM concerns k
UNION ALL
SELECT gen_random_uuid(), 'referral.response', 'referral', r.id, r.child_id, r.to_organisation_id,
       r.assignee_id, r.urgency, r.created_at, r.due_at, r.responded_at
FROM referrals r
UNION ALL
SELECT gen_random_uuid(), 'case.' || c.stage, 'case', c.id, c.child_id,
       c.responsible_organisation_id, c.lead_professional_id, c.urgency, c.stage_entered_at,
       c.due_at, NULL
FROM cases c WHERE c.due_at IS NOT NULL
UNION ALL
SELECT gen_random_uuid(), 'case.initial_assessment', 'case', c.id, c.child_id,
       c.responsible_organisation_id, c.lead_professional_id, c.urgency, c.created_at,
       c.created_at + interval '5 days', c.created_at + 0.1 * (c.stage_entered_at - c.created_at)
FROM cases c WHERE c.stage <> 'initial_assessment'
UNION ALL
SELECT gen_random_uuid(), 'plan.review', 'plan', p.id, p.child_id, p.organisation_id,
       p.lead_professional_id, 'routine', p.activated_at, p.review_due_on::timestamptz, NULL
FROM plans p WHERE p.status = 'active'
"""

# The deadlines above are made from `due_at`; then, as the services do, it is kept only while the
# deadline is open (an undecided concern, a referral waiting for its answer).
_DUE_ONLY_WHILE_OPEN = """
UPDATE concerns SET due_at = NULL WHERE status <> 'recorded';
UPDATE referrals SET due_at = NULL WHERE status <> 'received';
"""

_SHARE = {  # how often a concern is about each indicator
    "safe": 0.35,
    "healthy": 0.25,
    "achieving": 0.30,
    "nurtured": 0.30,
    "active": 0.08,
    "respected": 0.10,
    "responsible": 0.10,
    "included": 0.15,
}


# ---- orchestration ------------------------------------------------------------------------------


async def _places(conn: Connection) -> list[Place]:
    rows = await conn.fetch("SELECT code, name_ro, seat FROM territories ORDER BY code")
    localities: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for loc in await conn.fetch(
        "SELECT territory_code, code, name_ro FROM localities ORDER BY territory_code, code"
    ):
        localities[loc["territory_code"]].append((loc["code"], loc["name_ro"]))
    places = []
    for row in rows:
        locs = localities[row["code"]]
        seat = next((code for code, name in locs if name == row["seat"]), None)
        if seat is None and locs:
            seat = locs[0][0]
        weight = names.TERRITORY_WEIGHTS.get(row["code"], names.OTHER_TERRITORY_WEIGHT)
        places.append(Place(row["code"], row["name_ro"], seat, tuple(locs), weight))
    return places


def _slots(places: list[Place], rng: random.Random) -> list[tuple[int, str, str | None]]:
    """SLOTS (territory, locality) pairs in proportion to where children live; the seat (town)
    of a district holds a third of its children."""
    slots = []
    territories = rng.choices(places, weights=[p.weight for p in places], k=SLOTS)
    for n, place in enumerate(sorted(territories, key=lambda p: p.code)):
        if not place.localities or rng.random() < 0.35:
            locality = place.seat_locality
        else:
            locality = rng.choice(place.localities)[0]
        slots.append((n, place.code, locality))
    return slots


async def _fill_lookups(
    conn: Connection, places: list[Place], orgs: list[Org], people: list[Person]
) -> None:
    """Temporary tables the big statements join to: where children live, the name lists, and who
    in each territory raises concerns, receives referrals and works the cases."""
    await conn.execute(_TEMP_TABLES)
    await conn.execute(_IDNP_FUNCTION)
    await conn.copy_records_to_table("t_slots", records=_slots(places, random.Random(11)))  # noqa: S311
    family: list[tuple[str, int, str, str, str, str]] = []
    given: list[tuple[str, str, int, str, str]] = []
    counts: list[tuple[str, str, int, int]] = []
    for script, surnames, female_given, male_given in (
        ("latin", names.LATIN_FAMILY, names.LATIN_GIVEN_FEMALE, names.LATIN_GIVEN_MALE),
        ("cyrillic", names.CYRILLIC_FAMILY, names.CYRILLIC_GIVEN_FEMALE, names.CYRILLIC_GIVEN_MALE),
    ):
        for i, (male, female) in enumerate(surnames):
            family.append((script, i, male, female, fold(male), fold(female)))
        for sex, pool in (("female", female_given), ("male", male_given)):
            given.extend((script, sex, i, name, fold(name)) for i, name in enumerate(pool))
            counts.append((script, sex, len(surnames), len(pool)))
    await conn.copy_records_to_table("t_family", records=family)
    await conn.copy_records_to_table("t_given", records=given)
    await conn.copy_records_to_table("t_counts", records=counts)
    reporters: dict[str, list[Person]] = defaultdict(list)
    workers: dict[uuid.UUID, list[Person]] = defaultdict(list)
    for person in people:
        if person.org.kind in _REPORTER_KINDS:
            reporters[person.org.territory].append(person)
        elif person.org.kind in _AUTHORITY_KINDS:
            workers[person.org.id].append(person)
    authorities: dict[str, list[Org]] = defaultdict(list)
    for org in orgs:
        if org.kind in _AUTHORITY_KINDS:
            authorities[org.territory].append(org)
    await conn.copy_records_to_table(
        "t_reporters",
        records=[
            (t, k, p.id, p.org.id, _SECTOR[p.org.kind])
            for t, ps in reporters.items()
            for k, p in enumerate(ps)
        ],
    )
    await conn.copy_records_to_table(
        "t_authorities",
        records=[(t, k, o.id) for t, os in authorities.items() for k, o in enumerate(os)],
    )
    await conn.copy_records_to_table(
        "t_workers",
        records=[(o, k, p.id) for o, ps in workers.items() for k, p in enumerate(ps)],
    )


async def _copy_people(
    conn: Connection, orgs: list[Org], people: list[Person], since: datetime
) -> None:
    await conn.copy_records_to_table(
        "organisations",
        columns=[
            "version",
            "created_at",
            "updated_at",
            "id",
            "name",
            "kind",
            "sector",
            "territory_code",
            "locality_code",
            "active",
        ],
        records=[
            (
                1,
                since,
                since,
                o.id,
                o.name,
                str(o.kind),
                _SECTOR[o.kind],
                o.territory,
                o.locality,
                True,
            )
            for o in orgs
        ],
    )
    await conn.copy_records_to_table(
        "professionals",
        columns=[
            "version",
            "created_at",
            "updated_at",
            "id",
            "organisation_id",
            "given_name",
            "family_name",
            "email",
            "phone",
            "roles",
            "active",
        ],
        records=[
            (
                1,
                since,
                since,
                p.id,
                p.org.id,
                p.given,
                p.family,
                f"p{n}@bench.girfec.md",
                None,
                json.dumps(p.roles),
                True,
            )
            for n, p in enumerate(people)
        ],
    )


async def load(conn: Connection, volumes: Volumes, now: datetime) -> Loaded:
    """Fill an empty, migrated database. Returns the acting professional for the API calls."""
    rng = random.Random(42)  # noqa: S311
    started = time.perf_counter()
    await conn.execute("SET synchronous_commit = off; SET work_mem = '256MB'")
    await conn.execute("SELECT setseed(0.42)")
    places = await _places(conn)
    orgs = _organisations(places, volumes.organisations, rng)
    people = _professionals(orgs, volumes.professionals, rng)
    # Who calls the API: an administrator at the Chișinău directorate.
    directorate = next(
        o
        for o in orgs
        if o.kind is OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE and o.territory == "chisinau"
    )
    actor = Person(
        ident("professional", "bench-actor"),
        directorate,
        [str(Role.ADMINISTRATOR), str(Role.SUPERVISOR)],
        "Ana",
        "Bench",
    )
    loaded = Loaded(actor_id=actor.id)

    async def step(name: str, sql: str, *args: object) -> None:
        t0 = time.perf_counter()
        await conn.execute(sql, *args)
        loaded.seconds[name] = time.perf_counter() - t0

    t0 = time.perf_counter()
    async with conn.transaction():
        await _copy_people(conn, orgs, [*people, actor], now - timedelta(days=4 * 365))
    await _fill_lookups(conn, places, orgs, people)
    loaded.seconds["organisations, professionals"] = time.perf_counter() - t0
    await step("children", _CHILDREN, now, volumes.children, SLOTS)
    await step(
        "concerns",
        _CONCERNS,
        now,
        volumes.children,
        volumes.concerns,
        list(names.CONCERN_DESCRIPTIONS),
        list(names.CHILD_WORDS),
        list(names.WHAT_IS_IN_THE_WAY),
    )
    await step("concern indicators", _INDICATORS, list(_SHARE), list(_SHARE.values()))
    await step("concern indicators (untagged)", _UNTAGGED)
    await step("referrals", _REFERRALS, now, list(names.REFERRAL_REASONS))
    await step("cases", _CASES, now)
    await step("referrals: case links", _LINK_CASES)
    await step("plans", _PLANS, now)
    await step(
        "plan actions",
        _PLAN_ACTIONS,
        now,
        [a for a, _ in names.ACTIONS],
        [s or "" for _, s in names.ACTIONS],
    )
    await step("events from the state", _EVENTS, len(people))
    await step("events in time order", _EVENTS_IN_ORDER)
    await step("deadlines", _DEADLINES)
    await step("due_at only while open", _DUE_ONLY_WHILE_OPEN)
    await step("vacuum, analyze", "VACUUM (ANALYZE)")
    loaded.seconds["total"] = time.perf_counter() - started
    for table in TABLES:
        loaded.rows[table] = await conn.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608
    return loaded


TABLES = (
    "organisations",
    "professionals",
    "children",
    "concerns",
    "concern_indicators",
    "referrals",
    "cases",
    "plans",
    "plan_actions",
    "domain_events",
    "deadlines",
)
