"""The access log's hash chain, without a database: what breaks it and where it is reported."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.access import GENESIS_HASH, ChainWalker, entry_hash, first_broken


@dataclass(frozen=True)
class Link:
    seq: int
    prev_hash: str
    hash: str
    fields: Mapping[str, str | None]


def chain(n: int) -> list[Link]:
    links, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        fields = {"seq": str(seq), "resource_id": f"child-{seq}", "purpose": None}
        links.append(Link(seq, prev, entry_hash(prev, fields), fields))
        prev = links[-1].hash
    return links


def test_the_hash_is_canonical_sha256_of_prev_hash_and_fields() -> None:
    one = entry_hash(GENESIS_HASH, {"b": "2", "a": "1", "c": None})
    assert one == entry_hash(GENESIS_HASH, {"c": None, "a": "1", "b": "2"})
    assert len(one) == 64
    assert int(one, 16) >= 0
    assert one != entry_hash("1" * 64, {"a": "1", "b": "2", "c": None})
    assert one != entry_hash(GENESIS_HASH, {"a": "1", "b": "2", "c": ""})


def test_an_intact_chain_has_no_broken_link() -> None:
    assert first_broken(chain(5)) is None
    assert first_broken([]) is None


def test_an_altered_entry_is_reported_at_its_own_seq() -> None:
    links = chain(5)
    links[2] = dataclasses.replace(links[2], fields={**links[2].fields, "resource_id": "other"})
    assert first_broken(links) == 3


def test_a_deleted_entry_is_reported_at_the_next_seq() -> None:
    links = chain(5)
    assert first_broken(links[:2] + links[3:]) == 4
    assert first_broken(links[1:]) == 2


def test_a_rehashed_entry_still_breaks_the_link_to_the_next() -> None:
    links = chain(4)
    forged_fields = {**links[1].fields, "resource_id": "forged"}
    links[1] = dataclasses.replace(
        links[1], fields=forged_fields, hash=entry_hash(links[1].prev_hash, forged_fields)
    )
    assert first_broken(links) == 3


def test_the_first_entry_must_start_from_the_genesis_hash() -> None:
    links = chain(2)
    fields = links[0].fields
    links[0] = Link(1, "f" * 64, entry_hash("f" * 64, fields), fields)
    assert first_broken(links) == 1


def test_a_walker_carries_the_chain_across_batches() -> None:
    links = chain(6)
    walker = ChainWalker()
    assert walker.feed(links[:3]) is None
    assert walker.feed(links[3:]) is None
    assert walker.count == 6
    broken = ChainWalker().feed(links[:3] + links[4:])
    assert broken is not None
    assert broken.seq == 5
    assert "missing" in broken.reason
