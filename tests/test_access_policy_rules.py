"""The access policy as data: every relation it grants has SQL behind it, so no grant can fail at
run time with a missing rule (a KeyError in the middle of a request)."""

from __future__ import annotations

import pytest

from app.domain.access_policy import POLICY, RecordKind
from app.persistence.scoping import relations_covered


@pytest.mark.parametrize("kind", list(RecordKind))
def test_every_granted_relation_has_sql(kind: RecordKind) -> None:
    granted = {grant.relation for grant in POLICY[kind]}
    missing = granted - relations_covered()[kind]
    assert not missing, f"{kind}: no SQL for {sorted(missing)} in app/persistence/scoping.py"
