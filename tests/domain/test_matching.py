"""Demographic matching: transliteration, folding and scoring, without a database."""

from datetime import date

import pytest

from app.domain.matching import Person, birth_date_variants, match_key, score

AUTO = 0.92
REVIEW = 0.75


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Чобану", "Ciobanu"),
        ("Мария", "Maria"),
        ("Попова", "Popova"),
        ("Светлана", "Svetlana"),
        ("Цуркану", "Țurcanu"),
        ("Щербина", "Șterbina"),
        ("Жосан", "Josan"),
        ("Чебан", "Ceban"),
        ("Юлия", "Iulia"),
        ("Кирилл", "Chiril"),
        ("Вишневский", "Vișnevschi"),
        ("Шевченко", "Șevcenco"),
    ],
)
def test_cyrillic_and_latin_spellings_share_a_key(cyrillic: str, latin: str) -> None:
    assert match_key(cyrillic) == match_key(latin)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Țurcanu", "Ţurcanu"),  # comma below and cedilla
        ("Căpățînă", "Capatina"),
        ("Ștefan", "Stefan"),
        ("Tsurkanu", "Țurcanu"),  # Russian-English transliteration
        ("Shevchenko", "Șevcenco"),
        ("Kirill", "Chiril"),
    ],
)
def test_diacritics_and_spelling_variants_meet(one: str, other: str) -> None:
    assert match_key(one) == match_key(other)


def _maria(**changes: object) -> Person:
    fields: dict[str, object] = {
        "family_name": "Ciobanu",
        "given_name": "Maria",
        "birth_date": date(2013, 5, 14),
        "sex": "female",
        "territory_code": "calarasi",
        "locality_code": "calarasi/calarasi",
    }
    fields.update(changes)
    return Person(**fields)  # type: ignore[arg-type]


def test_the_same_child_in_cyrillic_scores_above_the_link_threshold() -> None:
    message = _maria(family_name="Чобану", given_name="Мария")
    assert score(message, _maria()).value >= AUTO


def test_a_one_digit_birth_date_typo_in_another_locality_asks_for_review() -> None:
    message = _maria(birth_date=date(2013, 5, 15), locality_code="calarasi/oniscani")
    found = score(message, _maria())
    assert REVIEW <= found.value < AUTO
    assert found.reasons["birth_date"] == "one_digit"


def test_a_day_month_swap_scores_as_a_typo() -> None:
    found = score(_maria(birth_date=date(2013, 2, 3)), _maria(birth_date=date(2013, 3, 2)))
    assert found.reasons["birth_date"] == "day_month_swapped"
    assert found.value < AUTO


def test_a_sex_conflict_pulls_an_otherwise_exact_match_out_of_the_link_band() -> None:
    found = score(_maria(sex="male"), _maria())
    assert found.value < AUTO
    assert found.reasons["sex"] == "conflict"


def test_a_different_birth_date_is_never_even_a_review() -> None:
    assert score(_maria(birth_date=date(2011, 9, 30)), _maria()).value < REVIEW


def test_another_name_is_a_new_child() -> None:
    assert score(_maria(family_name="Popescu", given_name="Ion"), _maria()).value < REVIEW


def test_different_idnps_are_never_a_match() -> None:
    found = score(_maria(idnp="2013050012345"), _maria(idnp="2013050067890"))
    assert found.value == 0.0


def test_swapped_given_and_family_names_still_match() -> None:
    assert score(_maria(family_name="Maria", given_name="Ciobanu"), _maria()).value >= REVIEW


def test_birth_date_variants_include_the_day_month_swap() -> None:
    assert birth_date_variants(date(2013, 3, 2)) == [date(2013, 3, 2), date(2013, 2, 3)]
    assert birth_date_variants(date(2013, 3, 20)) == [date(2013, 3, 20)]
