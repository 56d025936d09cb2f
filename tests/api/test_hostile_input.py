"""Input a client can forge is answered with a problem document, never a 500."""

import base64
import json

import pytest

from tests.factories import Api, an_idnp


def _cursor(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        _cursor(["2025-01-01T00:00:00", "4f1c2a3e-9b7d-4e1a-8c55-0a2f6d1e7b90"]),  # naive time
        _cursor(["2025-01-01T00:00:00+00:00", 5]),
        _cursor({"a": 1}),
        _cursor(["2025-01-01T00:00:00+00:00"]),
        "%%%",
    ],
)
async def test_forged_cursors_are_parameter_errors(api: Api, cursor: str) -> None:
    r = await api.call("GET", "/api/v1/children", params={"cursor": cursor})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["parameter"] == "cursor"


def _raw(value: str) -> bytes:
    """Header bytes as a client may send them; servers decode headers as Latin-1."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


@pytest.mark.parametrize("if_match", ['"²"', '"１"', '"99999999999999999999"', '"-1"', "abc"])
async def test_odd_if_match_values_are_refused_cleanly(api: Api, if_match: str) -> None:
    child = await api.child()
    r = await api.client.patch(
        f"/api/v1/children/{child['id']}",
        json={"given_name": "Ion"},
        headers=[
            *((k.encode(), v.encode()) for k, v in api.headers().items()),
            (b"If-Match", _raw(if_match)),
        ],
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["parameter"] == "If-Match"


async def test_positions_beyond_bigint_are_parameter_errors(api: Api) -> None:
    child = await api.child()
    huge = str(2**70)
    r = await api.call("GET", "/api/v1/events", params={"after": huge})
    assert r.status_code == 422
    r = await api.call("GET", f"/api/v1/children/{child['id']}/chronology", params={"before": huge})
    assert r.status_code == 422


@pytest.mark.parametrize("name", ["a\x00b", "\u0301\u0301", " \u0308 ", "a\x1b[0m"])
async def test_unsearchable_names_are_refused(api: Api, name: str) -> None:
    await api.child()
    r = await api.call("GET", "/api/v1/children", params={"name": name})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["parameter"] == "name"


async def test_an_idnp_in_other_unicode_digits_is_refused(api: Api) -> None:
    idnp = an_idnp()
    wide = "".join(chr(ord("０") + int(d)) for d in idnp)
    r = await api.call("POST", "/api/v1/children", json=api.child_body(idnp=wide))
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/idnp"
    assert "only digits" in r.json()["errors"][0]["detail"]
