"""Observations over HTTP: a professional's ratings of the child join the well-being trajectory."""

import uuid

from tests.conftest import Db
from tests.factories import Api, observation_body


async def test_record_an_observation_and_its_ratings_join_the_trajectory(api: Api, db: Db) -> None:
    child = await api.child(given_name="Mihai", family_name="Crețu", sex="male")
    r = await api.call("POST", "/api/v1/observations", json=observation_body(child["id"]))
    assert r.status_code == 201, r.text
    observation = r.json()
    assert observation["ratings"] == {"safe": 4, "healthy": 3, "achieving": 2}
    assert observation["professional_id"] == api.world.person("teacher")
    assert observation["organisation_id"] == api.world.org("school")
    assert r.headers["Location"] == f"/api/v1/observations/{observation['id']}"
    assert (await api.ok("GET", r.headers["Location"]))["notes"] == observation["notes"]

    rows = await db.ratings(observation["id"])
    assert {(r.source_type, r.dimension, r.code, r.rating) for r in rows} == {
        ("observation", "indicator", "safe", 4),
        ("observation", "indicator", "healthy", 3),
        ("observation", "indicator", "achieving", 2),
    }
    events = await api.ok("GET", "/api/v1/events", params={"type": "observation.recorded"})
    assert [e["aggregate_id"] for e in events["items"]] == [observation["id"]]


async def test_ratings_are_indicators_from_one_to_five(api: Api) -> None:
    child = await api.child()
    for ratings, pointer in (
        ({"safe": 6}, "#/ratings/safe"),
        ({"safe": 0}, "#/ratings/safe"),
        ({"happy": 3}, "#/ratings/happy/[key]"),
        ({}, "#/ratings"),
    ):
        r = await api.call(
            "POST", "/api/v1/observations", json=observation_body(child["id"], ratings=ratings)
        )
        assert r.status_code == 422, ratings
        assert r.json()["errors"][0]["pointer"] == pointer


async def test_an_unknown_child_is_a_field_error(api: Api) -> None:
    r = await api.call("POST", "/api/v1/observations", json=observation_body(str(uuid.uuid4())))
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/child_id"


async def test_list_a_childs_observations_newest_first_in_pages(api: Api) -> None:
    ana, ion = await api.child(), await api.child(given_name="Ion", sex="male")
    for day in ("2025-03-01", "2025-03-08", "2025-03-15"):
        await api.observation(ana["id"], observed_on=day)
    await api.observation(ion["id"], "doctor")

    first = await api.ok("GET", "/api/v1/observations", params={"child_id": ana["id"], "limit": 2})
    assert first["next_cursor"]
    rest = await api.ok(
        "GET",
        "/api/v1/observations",
        params={"child_id": ana["id"], "limit": 2, "cursor": first["next_cursor"]},
    )
    days = [o["observed_on"] for o in first["items"] + rest["items"]]
    assert days == ["2025-03-15", "2025-03-08", "2025-03-01"]
    assert rest["next_cursor"] is None
    # Observations stay in the institution that made them.
    mine = await api.ok("GET", "/api/v1/observations")
    assert len(mine["items"]) == 3
    clinic = await api.ok("GET", "/api/v1/observations", "doctor")
    assert [o["child_id"] for o in clinic["items"]] == [ion["id"]]
