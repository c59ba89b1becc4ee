"""Tax IDs: PL NIP, CZ IČO, SI davčna številka — check digits, separators, prefixes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cus.catalogue.tax_id import check_digit, validate_tax_id

# Published numbers of existing organisations (check digits verified by hand against the rules).
VALID = [
    ("PL", "7740001454"),
    ("PL", "5260250274"),
    ("PL", "5252248481"),
    ("CZ", "45274649"),
    ("CZ", "00177041"),
    ("CZ", "00064581"),
    ("SI", "80267432"),
    ("SI", "82646716"),
    ("SI", "98511734"),
]
LENGTH = {"PL": 10, "CZ": 8, "SI": 8}
WEIGHTS = {"PL": (6, 5, 7, 2, 3, 4, 5, 6, 7), "CZ": (8, 7, 6, 5, 4, 3, 2), "SI": (8, 7, 6, 5, 4, 3, 2)}


def reference_check(country: str, body: str) -> int | None:
    """The rules as DOMAIN.md and the brief state them, written out independently of the module."""
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS[country], strict=True))
    if country == "PL":
        return None if total % 11 == 10 else total % 11
    if country == "CZ":
        return (11 - total % 11) % 10
    check = 11 - total % 11
    return None if check == 11 else check % 10


@pytest.mark.parametrize(("country", "number"), VALID)
def test_real_tax_ids_are_valid(country, number):
    assert validate_tax_id(country, number) == number


@pytest.mark.parametrize(
    ("country", "typed", "stored"),
    [
        ("PL", "774-000-14-54", "7740001454"),
        ("PL", "774 000 14 54", "7740001454"),
        ("PL", "PL7740001454", "7740001454"),
        ("PL", "pl 774-00-01-454", "7740001454"),
        ("CZ", "CZ45274649", "45274649"),
        ("CZ", " 452 74 649 ", "45274649"),
        ("SI", "SI 80267432", "80267432"),
        ("SI", "80-26-74-32", "80267432"),
    ],
)
def test_common_separators_and_the_country_prefix_are_accepted_and_dropped(country, typed, stored):
    assert validate_tax_id(country, typed) == stored


@pytest.mark.parametrize(
    ("country", "number", "code"),
    [
        ("PL", "7740001455", "checksum"),  # last digit changed
        ("PL", "7740001445", "checksum"),  # two digits swapped
        ("PL", "774000145", "format"),  # nine digits
        ("PL", "77400014540", "format"),
        ("PL", "77400O1454", "format"),  # letter O for zero
        ("PL", "CZ7740001454", "format"),  # another country's prefix
        ("PL", "1000000000", "checksum"),  # weighted sum 6: check would be 6
        ("PL", "0000000030", "checksum"),  # weighted sum % 11 == 10: no valid check digit exists
        ("CZ", "45274648", "checksum"),
        ("CZ", "4527464", "format"),
        ("CZ", "452746490", "format"),
        ("SI", "80267433", "checksum"),
        ("SI", "8026743", "format"),
        ("SI", "00000310", "checksum"),  # 11 - sum % 11 == 11: no valid check digit exists
        ("SI", "８０２６７４３２", "format"),  # full-width digits are not ASCII digits
    ],
)
def test_invalid_tax_ids_are_refused_with_a_reason(country, number, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_tax_id(country, number)
    assert excinfo.value.code == code


def test_pl_body_whose_check_would_be_ten_has_no_valid_number():
    body = "000000003"  # weighted sum 3 * 7 = 21, 21 % 11 == 10
    assert reference_check("PL", body) is None
    assert all(_invalid("PL", body + str(digit)) for digit in range(10))


def test_si_body_whose_check_would_be_eleven_has_no_valid_number():
    body = "0000031"  # weighted sum 3 * 3 + 1 * 2 = 11, 11 - 11 % 11 == 11
    assert reference_check("SI", body) is None
    assert all(_invalid("SI", body + str(digit)) for digit in range(10))


def test_si_check_of_ten_becomes_zero():
    body = next(b for b in (f"{n:07d}" for n in range(1000)) if 11 - _weighted("SI", b) % 11 == 10)
    assert validate_tax_id("SI", body + "0") == body + "0"


def test_unknown_country_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_tax_id("DE", "123456789")
    assert excinfo.value.code == "country"


def _weighted(country: str, body: str) -> int:
    return sum(int(d) * w for d, w in zip(body, WEIGHTS[country], strict=True))


def _invalid(country: str, number: str) -> bool:
    try:
        validate_tax_id(country, number)
    except ValidationError:
        return True
    return False


countries = st.sampled_from(["PL", "CZ", "SI"])


@given(country=countries, data=st.data())
def test_exactly_the_computed_check_digit_makes_a_body_valid(country, data):
    body = data.draw(st.text(alphabet="0123456789", min_size=LENGTH[country] - 1, max_size=LENGTH[country] - 1))
    expected = reference_check(country, body)
    assert check_digit(country, body) == expected
    valid_digits = [d for d in range(10) if not _invalid(country, f"{body}{d}")]
    assert valid_digits == ([] if expected is None else [expected])


@given(country=countries, data=st.data())
def test_separators_and_prefix_do_not_change_the_stored_number(country, data):
    body = data.draw(
        st.text(alphabet="0123456789", min_size=LENGTH[country] - 1, max_size=LENGTH[country] - 1).filter(
            lambda b: reference_check(country, b) is not None
        )
    )
    number = f"{body}{reference_check(country, body)}"
    separators = data.draw(st.lists(st.sampled_from(["", " ", "-", "."]), min_size=len(number), max_size=len(number)))
    typed = "".join(digit + sep for digit, sep in zip(number, separators, strict=True))
    prefix = data.draw(st.sampled_from(["", country, country.lower(), f"{country} "]))
    assert validate_tax_id(country, prefix + typed) == number


@given(data=st.data())
def test_any_single_wrong_digit_in_a_nip_is_caught(data):
    body = data.draw(st.text(alphabet="0123456789", min_size=9, max_size=9).filter(
        lambda b: reference_check("PL", b) is not None
    ))
    number = f"{body}{reference_check('PL', body)}"
    position = data.draw(st.integers(min_value=0, max_value=9))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    assert _invalid("PL", number[:position] + wrong + number[position + 1 :])
