"""IDNP, Moldova's personal identification number.

13 digits; the last is a check digit: the sum of digits 1-12 weighted 7, 3, 1, 7, 3, 1, ... mod 10
(the same rule as the company number IDNO).
"""

from __future__ import annotations

_WEIGHTS = (7, 3, 1) * 4


class IdnpError(ValueError):
    """Why an IDNP is refused, in words a clerk can act on."""


def idnp_check_digit(first_twelve: str) -> int:
    return sum(int(d) * w for d, w in zip(first_twelve, _WEIGHTS, strict=True)) % 10


def validate_idnp(value: str) -> str:
    """Return the normalised IDNP or raise `IdnpError` saying what is wrong with it."""
    cleaned = value.strip().replace(" ", "")
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise IdnpError("An IDNP has only digits.")
    if len(cleaned) != 13:
        raise IdnpError(f"An IDNP has 13 digits; this one has {len(cleaned)}.")
    expected = idnp_check_digit(cleaned[:12])
    if int(cleaned[12]) != expected:
        raise IdnpError(
            f"The check digit is {cleaned[12]} but should be {expected}: "
            "a digit was probably mistyped."
        )
    return cleaned


def make_idnp(first_twelve: str) -> str:
    """Complete twelve digits with their check digit (demo data and tests)."""
    return first_twelve + str(idnp_check_digit(first_twelve))
