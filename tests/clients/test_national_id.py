"""National ID validation and generation: PL PESEL, CZ birth number, SI EMŠO."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cus.clients.national_id import (
    decode_national_id,
    generate_birth_number,
    generate_emso,
    generate_pesel,
    normalize_national_id,
    validate_national_id,
)

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
EMSO_WEIGHTS = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def pesel_with_check(first_ten: str) -> str:
    return first_ten + str((10 - sum(int(d) * w for d, w in zip(first_ten, PESEL_WEIGHTS, strict=True)) % 10) % 10)


def emso_remainder(first_twelve: str) -> int:
    return sum(int(d) * w for d, w in zip(first_twelve, EMSO_WEIGHTS, strict=True)) % 11


def emso_with_check(date_and_region: str) -> str:
    """The first serial (000-) that admits a check digit, completed with it."""
    for serial in range(1000):
        head = f"{date_and_region}{serial:03d}"
        if emso_remainder(head) != 1:
            return head + str((11 - emso_remainder(head)) % 11)
    raise AssertionError("no serial fits")


def error_of(country: str, value: str, **kwargs) -> str:
    with pytest.raises(ValidationError) as raised:
        validate_national_id(country, value, **kwargs)
    return raised.value.messages[0]


# --- PESEL --------------------------------------------------------------------------------------------


def test_valid_pesel_of_a_man_born_1944_passes_with_matching_date_and_sex():
    validate_national_id("PL", "44051401359", birth_date=dt.date(1944, 5, 14), sex="male")


def test_pesel_without_century_offset_is_the_1900s_even_for_year_02():
    # 02070803628 is valid, but month 07 (no offset) means 1902, not 2002.
    decoded = decode_national_id("PL", "02070803628")
    assert decoded is not None
    assert decoded.birth_date == dt.date(1902, 7, 8)
    assert decoded.sex == "female"
    assert "birth date" in error_of("PL", "02070803628", birth_date=dt.date(2002, 7, 8))


def test_pesel_of_2000s_adds_20_to_the_month():
    validate_national_id("PL", "02270803624", birth_date=dt.date(2002, 7, 8), sex="female")


@pytest.mark.parametrize(
    ("birth_date", "month_digits"),
    [
        (dt.date(1899, 12, 31), "92"),
        (dt.date(1999, 1, 1), "01"),
        (dt.date(2000, 2, 29), "22"),
        (dt.date(2100, 3, 1), "43"),
        (dt.date(2250, 12, 1), "72"),
    ],
)
def test_pesel_codes_the_century_in_the_month(birth_date, month_digits):
    pesel = generate_pesel(birth_date, "male", 123)
    assert pesel[2:4] == month_digits
    decoded = decode_national_id("PL", pesel)
    assert decoded is not None
    assert decoded.birth_date == birth_date


def test_pesel_with_wrong_check_digit_is_refused():
    assert error_of("PL", "44051401358") == "The PESEL check digit is wrong."


@pytest.mark.parametrize("value", ["4405140135", "440514013591", "", "4405140135a", "44O51401359", "４４051401359"])
def test_pesel_must_be_eleven_ascii_digits(value):
    assert error_of("PL", value) == "A PESEL has exactly 11 digits."


def test_pesel_with_impossible_date_is_refused():
    # 30 February 1990, with a correct check digit
    assert error_of("PL", pesel_with_check("9002300001")) == "The PESEL does not encode a real birth date."


def test_pesel_with_month_outside_every_century_is_refused():
    # month 13 belongs to no century
    assert error_of("PL", pesel_with_check("9013010001")) == "The PESEL does not encode a real birth date."


def test_pesel_not_matching_the_birth_date_names_it():
    assert error_of("PL", "44051401359", birth_date=dt.date(1944, 5, 15)) == "The PESEL does not match the birth date."


def test_pesel_not_matching_the_sex_names_it():
    assert error_of("PL", "44051401359", sex="female") == "The PESEL does not match the sex."


def test_sex_other_never_contradicts_the_number():
    validate_national_id("PL", "44051401359", sex="other")
    validate_national_id("CZ", "7360285163", sex="other")
    validate_national_id("SI", "0101006500006", sex="other")


# --- Czech birth number ---------------------------------------------------------------------------------


def test_birth_number_of_a_woman_adds_50_to_the_month_with_or_without_slash():
    for value in ("736028/5163", "7360285163", " 736028 / 5163 "):
        validate_national_id("CZ", value, birth_date=dt.date(1973, 10, 28), sex="female")
    assert error_of("CZ", "736028/5163", sex="male") == "The birth number does not match the sex."


def test_birth_number_of_a_man_born_1978():
    validate_national_id("CZ", "780123/3540", birth_date=dt.date(1978, 1, 23), sex="male")


def test_ten_digit_birth_number_not_divisible_by_11_is_refused():
    assert error_of("CZ", "7801233541") == "The birth number is not divisible by 11."


def test_birth_number_with_remainder_10_and_check_digit_0_is_accepted():
    head = next(f"7501{day:02d}{serial:03d}" for day in range(1, 29) for serial in range(1000)
                if int(f"7501{day:02d}{serial:03d}") % 11 == 10)
    validate_national_id("CZ", head + "0")
    assert error_of("CZ", head + "1") == "The birth number is not divisible by 11."


def test_nine_digit_birth_number_is_valid_before_1954_only():
    validate_national_id("CZ", "530101/123", birth_date=dt.date(1953, 1, 1), sex="male")
    validate_national_id("CZ", "485115/001", birth_date=dt.date(1948, 1, 15), sex="female")
    assert error_of("CZ", "540101123") == "A birth number has 9 digits only for people born before 1954."


def test_ten_digit_birth_number_with_low_year_is_the_2000s():
    number = generate_birth_number(dt.date(2010, 6, 1), "male", 7)
    decoded = decode_national_id("CZ", number)
    assert decoded is not None
    assert decoded.birth_date == dt.date(2010, 6, 1)


def test_birth_number_plus_20_month_is_valid_since_2004_only():
    def with_check(nine: str) -> str:
        return nine + str(int(nine) % 11 % 10)

    man_2005 = next(with_check(f"052101{s:03d}") for s in range(1000) if int(f"052101{s:03d}") % 11 != 10)
    woman_2005 = next(with_check(f"057101{s:03d}") for s in range(1000) if int(f"057101{s:03d}") % 11 != 10)
    man_1995 = next(with_check(f"952101{s:03d}") for s in range(1000) if int(f"952101{s:03d}") % 11 != 10)
    validate_national_id("CZ", man_2005, birth_date=dt.date(2005, 1, 1), sex="male")
    validate_national_id("CZ", woman_2005, birth_date=dt.date(2005, 1, 1), sex="female")
    assert error_of("CZ", man_1995) == "The birth number does not encode a real birth date."


@pytest.mark.parametrize("value", ["73602851", "73602851634", "736028/516x", "abcdefghij"])
def test_birth_number_must_have_9_or_10_digits(value):
    assert error_of("CZ", value) == "A birth number has 9 or 10 digits (YYMMDD/XXXX)."


def test_birth_number_with_impossible_date_is_refused():
    nine = next(f"730230{s:03d}" for s in range(1000) if int(f"730230{s:03d}") % 11 != 10)
    assert error_of("CZ", nine + str(int(nine) % 11)) == "The birth number does not encode a real birth date."


def test_birth_number_not_matching_the_birth_date_names_it():
    assert error_of("CZ", "7360285163", birth_date=dt.date(1973, 10, 29)) == (
        "The birth number does not match the birth date."
    )


def test_birth_number_is_stored_without_slash():
    assert normalize_national_id("CZ", "736028/5163") == "7360285163"
    assert normalize_national_id("PL", " 44051401359 ") == "44051401359"


# --- EMŠO -----------------------------------------------------------------------------------------------


def test_valid_emso_of_a_man_born_2006():
    validate_national_id("SI", "0101006500006", birth_date=dt.date(2006, 1, 1), sex="male")


def test_valid_emso_of_a_woman_born_on_29_february_1932():
    validate_national_id("SI", "2902932505526", birth_date=dt.date(1932, 2, 29), sex="female")
    assert error_of("SI", "2902932505526", sex="male") == "The EMŠO does not match the sex."


def test_emso_with_wrong_check_digit_is_refused():
    assert error_of("SI", "0101006500007") == "The EMŠO check digit is wrong."


def test_emso_whose_checksum_would_be_10_is_refused_whatever_the_last_digit():
    head = next(f"010100650{b:03d}" for b in range(500) if emso_remainder(f"010100650{b:03d}") == 1)
    for last in "0123456789":
        assert error_of("SI", head + last) == "The EMŠO check digit is wrong."


def test_emso_check_11_becomes_0():
    head = next(f"010100650{b:03d}" for b in range(500) if emso_remainder(f"010100650{b:03d}") == 0)
    validate_national_id("SI", head + "0")


@pytest.mark.parametrize("date_and_region", ["300299350", "010185050", "311104050"])
def test_emso_with_impossible_date_or_century_is_refused(date_and_region):
    # 30 February 1993; the year 850 (8xx is no century in use); 31 November 2004
    assert error_of("SI", emso_with_check(date_and_region)) == "The EMŠO does not encode a real birth date."


@pytest.mark.parametrize("value", ["010100650000", "01010065000066", "010100650000a"])
def test_emso_must_have_13_digits(value):
    assert error_of("SI", value) == "An EMŠO has exactly 13 digits."


def test_emso_not_matching_the_birth_date_names_it():
    assert error_of("SI", "0101006500006", birth_date=dt.date(1906, 1, 1)) == "The EMŠO does not match the birth date."


# --- Other countries --------------------------------------------------------------------------------------


@pytest.mark.parametrize("country", ["XX", ""])
def test_other_countries_are_not_validated(country):
    validate_national_id(country, "anything at all", birth_date=dt.date(2000, 1, 1), sex="male")
    assert decode_national_id(country, "x") is None


# --- Generators: every generated number validates and round-trips its date and sex --------------------------

sexes = st.sampled_from(["female", "male"])
serials = st.integers(min_value=0, max_value=999)


@given(birth_date=st.dates(dt.date(1800, 1, 1), dt.date(2299, 12, 31)), sex=sexes, serial=serials)
def test_generated_pesel_validates_and_round_trips(birth_date, sex, serial):
    pesel = generate_pesel(birth_date, sex, serial)
    assert pesel[6:9] == f"{serial:03d}"
    validate_national_id("PL", pesel, birth_date=birth_date, sex=sex)
    decoded = decode_national_id("PL", pesel)
    assert decoded is not None
    assert (decoded.birth_date, decoded.sex) == (birth_date, sex)


@given(birth_date=st.dates(dt.date(1900, 1, 1), dt.date(2053, 12, 31)), sex=sexes, serial=serials)
def test_generated_birth_number_validates_and_round_trips(birth_date, sex, serial):
    number = generate_birth_number(birth_date, sex, serial)
    assert len(number) == (9 if birth_date.year < 1954 else 10)
    validate_national_id("CZ", number, birth_date=birth_date, sex=sex)
    decoded = decode_national_id("CZ", number[:6] + "/" + number[6:])
    assert decoded is not None
    assert (decoded.birth_date, decoded.sex) == (birth_date, sex)


@given(birth_date=st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)), sex=sexes, serial=serials)
def test_generated_emso_validates_and_round_trips(birth_date, sex, serial):
    emso = generate_emso(birth_date, sex, serial)
    validate_national_id("SI", emso, birth_date=birth_date, sex=sex)
    decoded = decode_national_id("SI", emso)
    assert decoded is not None
    assert (decoded.birth_date, decoded.sex) == (birth_date, sex)


def test_generators_refuse_years_the_number_cannot_encode_and_bad_serials():
    with pytest.raises(ValueError, match="year"):
        generate_pesel(dt.date(1799, 12, 31), "male", 0)
    with pytest.raises(ValueError, match="year"):
        generate_birth_number(dt.date(2054, 1, 1), "male", 0)
    with pytest.raises(ValueError, match="year"):
        generate_emso(dt.date(2100, 1, 1), "male", 0)
    with pytest.raises(ValueError, match="serial"):
        generate_pesel(dt.date(1990, 1, 1), "male", 1000)
