import pytest

from app.domain.idnp import IdnpError, idnp_check_digit, make_idnp, validate_idnp


def test_check_digit_uses_weights_7_3_1() -> None:
    # 2*7+0*3+0*1+4*7+0*3+0*1+3*7+0*3+1*1+2*7+3*3+4*1 = 14+28+21+1+14+9+4 = 91 -> 1
    assert idnp_check_digit("200400301234") == 1
    assert validate_idnp("2004003012341") == "2004003012341"


def test_spaces_are_ignored() -> None:
    assert validate_idnp(" 2004 0030 12341 ") == "2004003012341"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("200400301234", "has 13 digits; this one has 12"),
        ("20040030123412", "this one has 14"),
        ("20040030123A1", "only digits"),
        ("2004003012349", "check digit is 9 but should be 1"),
    ],
)
def test_wrong_idnp_is_refused_with_a_reason(value: str, reason: str) -> None:
    with pytest.raises(IdnpError, match=reason):
        validate_idnp(value)


def test_make_idnp_roundtrips() -> None:
    for prefix in ("000000000000", "999999999999", "201400000017"):
        assert validate_idnp(make_idnp(prefix)).startswith(prefix)
