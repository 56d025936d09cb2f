"""Realistic Moldovan demo data for the embedded mode (`girfec serve --demo`, `girfec demo-data`).

Everything is created through the service layer, acting as the professional the rules call for,
so the demo exercises the same rules as the API. It holds the pilot districts' institutions, the
demo professionals (fixed ids; they sign in with the demo password), about 120 children with their
families and schools, and a practice story in Călărași: observations, concerns on every path,
single-agency plans, referrals in every status, cases at every stage with their team, assessments,
child's plans, reviews and chronology notes, and a few items overdue. Loading twice does nothing
the second time.

| module | what |
|---|---|
| `users` | the demo professionals and their fixed ids |
| `directory` | organisations of the pilot districts; the professionals as actors (`Cast`) |
| `population` | children with families and institutions |
| `stories`, `casefiles` | the practice story's texts, as data |
| `practice` | tells each story through the services |
| `concerns`, `referrals`, `cases`, `plans` | each step of a story |
| `clock` | the one place that moves times back, so some items are late |
| `loader` | `load_demo_data` |
"""

from app.demo.directory import PILOT_DISTRICTS
from app.demo.loader import load_demo_data
from app.demo.users import DEMO_USERS, DemoUser

__all__ = ["DEMO_USERS", "PILOT_DISTRICTS", "DemoUser", "load_demo_data"]
