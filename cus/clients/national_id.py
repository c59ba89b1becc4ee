"""National identification numbers: validation and generation (PL PESEL, CZ birth number, SI EMŠO).

Each number encodes the birth date and the sex: the
validator checks the format, the check digit, that the date exists, and — when the caller knows the
person's birth date or sex — that the number agrees with them. The generators build valid numbers for
demo data and tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FEMALE = "female"
MALE = "male"

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
# PESEL adds this offset to the month to encode the century: {offset: first year of the century}.
PESEL_CENTURY_OFFSETS = {80: 1800, 0: 1900, 20: 2000, 40: 2100, 60: 2200}
EMSO_WEIGHTS = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
EMSO_REGION_SLOVENIA = "50"
# Czech birth numbers got a tenth (check) digit in 1954; the +20 month offset was added in 2004.
CZ_TEN_DIGITS_SINCE = 1954
CZ_EXTRA_MONTH_OFFSET_SINCE = 2004


@dataclass(frozen=True)
class Decoded:
    """What a valid number says about its holder."""

    birth_date: dt.date
    sex: str


def _real_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def normalize_national_id(country: str, value: str) -> str:
    """The canonical form to store and compare: no spaces, and no slash in a Czech birth number."""
    value = "".join(value.split())
    if country == "CZ":
        value = value.replace("/", "")
    return value


# --- PESEL (PL) ---------------------------------------------------------------------------------------


def _pesel_check_digit(first_ten: str) -> int:
    total = sum(int(digit) * weight for digit, weight in zip(first_ten, PESEL_WEIGHTS, strict=True))
    return (10 - total % 10) % 10


def _decode_pesel(value: str) -> Decoded:
    if len(value) != 11 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("A PESEL has exactly 11 digits."), code="format")
    if _pesel_check_digit(value[:10]) != int(value[10]):
        raise ValidationError(_("The PESEL check digit is wrong."), code="checksum")
    coded_month = int(value[2:4])
    offset = next((o for o in PESEL_CENTURY_OFFSETS if 1 <= coded_month - o <= 12), None)
    birth_date = None
    if offset is not None:
        year = PESEL_CENTURY_OFFSETS[offset] + int(value[0:2])
        birth_date = _real_date(year, coded_month - offset, int(value[4:6]))
    if birth_date is None:
        raise ValidationError(_("The PESEL does not encode a real birth date."), code="date")
    return Decoded(birth_date=birth_date, sex=FEMALE if int(value[9]) % 2 == 0 else MALE)


def generate_pesel(birth_date: dt.date, sex: str, serial: int) -> str:
    """A valid PESEL for ``birth_date`` and ``sex`` ("female"/"male"); ``serial`` (0-999) gives digits 7-9."""
    _check_serial(serial)
    offset = next((o for o, start in PESEL_CENTURY_OFFSETS.items() if start <= birth_date.year < start + 100), None)
    if offset is None:
        raise ValueError(f"PESEL cannot encode the year {birth_date.year}")
    sex_digit = {FEMALE: 0, MALE: 1}[sex] + 2 * (serial % 5)
    first_ten = (
        f"{birth_date.year % 100:02d}{birth_date.month + offset:02d}{birth_date.day:02d}{serial:03d}{sex_digit}"
    )
    return first_ten + str(_pesel_check_digit(first_ten))


# --- Birth number / rodné číslo (CZ) ------------------------------------------------------------------


def _decode_birth_number(value: str) -> Decoded:
    if len(value) not in (9, 10) or not value.isascii() or not value.isdigit():
        raise ValidationError(_("A birth number has 9 or 10 digits (YYMMDD/XXXX)."), code="format")
    two_digit_year = int(value[0:2])
    if len(value) == 9:
        if two_digit_year >= CZ_TEN_DIGITS_SINCE % 100:
            raise ValidationError(
                _("A birth number has 9 digits only for people born before 1954."), code="format"
            )
        year = 1900 + two_digit_year
    else:
        head = int(value[:9])
        remainder = head % 11
        # Until 1985 numbers whose first nine digits left 10 were issued with check digit 0.
        if int(value) % 11 != 0 and not (remainder == 10 and value[9] == "0"):
            raise ValidationError(_("The birth number is not divisible by 11."), code="checksum")
        year = (1900 if two_digit_year >= CZ_TEN_DIGITS_SINCE % 100 else 2000) + two_digit_year
    coded_month = int(value[2:4])
    sex, month = MALE, coded_month
    if month > 50:
        sex, month = FEMALE, month - 50
    if month > 20 and year >= CZ_EXTRA_MONTH_OFFSET_SINCE:
        month -= 20
    birth_date = _real_date(year, month, int(value[4:6]))
    if birth_date is None:
        raise ValidationError(_("The birth number does not encode a real birth date."), code="date")
    return Decoded(birth_date=birth_date, sex=sex)


def generate_birth_number(birth_date: dt.date, sex: str, serial: int) -> str:
    """A valid Czech birth number (digits only, no slash) for ``birth_date`` and ``sex``.

    Born before 1954: 9 digits, ``serial`` (0-999) is the suffix. Later: 10 digits divisible by 11;
    a serial whose check digit would need the pre-1985 exception moves on to the next serial.
    """
    _check_serial(serial)
    if not 1900 <= birth_date.year < 2000 + CZ_TEN_DIGITS_SINCE % 100:
        raise ValueError(f"A birth number cannot encode the year {birth_date.year}")
    month = birth_date.month + (50 if sex == FEMALE else 0)
    head = f"{birth_date.year % 100:02d}{month:02d}{birth_date.day:02d}"
    if birth_date.year < CZ_TEN_DIGITS_SINCE:
        return f"{head}{serial:03d}"
    while int(f"{head}{serial:03d}") % 11 == 10:
        serial = (serial + 1) % 1000
    nine = f"{head}{serial:03d}"
    return nine + str(int(nine) % 11)


# --- EMŠO (SI) ----------------------------------------------------------------------------------------


def _emso_check_digit(first_twelve: str) -> int | None:
    """The check digit, or None when the twelve digits admit none (a remainder of 1 gives 10)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_twelve, EMSO_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def _decode_emso(value: str) -> Decoded:
    if len(value) != 13 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("An EMŠO has exactly 13 digits."), code="format")
    if _emso_check_digit(value[:12]) != int(value[12]):
        raise ValidationError(_("The EMŠO check digit is wrong."), code="checksum")
    three_digit_year = int(value[4:7])
    century = {9: 1000, 0: 2000}.get(three_digit_year // 100)
    birth_date = None
    if century is not None:
        birth_date = _real_date(century + three_digit_year, int(value[2:4]), int(value[0:2]))
    if birth_date is None:
        raise ValidationError(_("The EMŠO does not encode a real birth date."), code="date")
    return Decoded(birth_date=birth_date, sex=MALE if int(value[9:12]) < 500 else FEMALE)


def generate_emso(birth_date: dt.date, sex: str, serial: int) -> str:
    """A valid EMŠO (register region 50, Slovenia) for ``birth_date`` and ``sex``.

    ``serial`` (0-999) picks the sequence number within the sex's half (000-499 male, 500-999 female);
    one whose check digit would be 10 moves on to the next.
    """
    _check_serial(serial)
    if not 1900 <= birth_date.year < 2100:
        raise ValueError(f"EMŠO cannot encode the year {birth_date.year}")
    base = 500 if sex == FEMALE else 0
    head = f"{birth_date.day:02d}{birth_date.month:02d}{birth_date.year % 1000:03d}{EMSO_REGION_SLOVENIA}"
    number = serial % 500
    while (check := _emso_check_digit(f"{head}{base + number:03d}")) is None:
        number = (number + 1) % 500
    return f"{head}{base + number:03d}{check}"


# --- The validator ------------------------------------------------------------------------------------

_DECODERS: dict[str, Callable[[str], Decoded]] = {"PL": _decode_pesel, "CZ": _decode_birth_number, "SI": _decode_emso}


def _mismatch_message(country: str, what: str) -> str:
    messages = {
        ("PL", "birth_date"): _("The PESEL does not match the birth date."),
        ("PL", "sex"): _("The PESEL does not match the sex."),
        ("CZ", "birth_date"): _("The birth number does not match the birth date."),
        ("CZ", "sex"): _("The birth number does not match the sex."),
        ("SI", "birth_date"): _("The EMŠO does not match the birth date."),
        ("SI", "sex"): _("The EMŠO does not match the sex."),
    }
    return messages[(country, what)]


def decode_national_id(country: str, value: str) -> Decoded | None:
    """What a valid number encodes; None for a country whose numbers are not validated ("XX").

    Raises ValidationError when the number is malformed.
    """
    decoder = _DECODERS.get(country)
    if decoder is None:
        return None
    return decoder(normalize_national_id(country, value))


def validate_national_id(
    country: str, value: str, *, birth_date: dt.date | None = None, sex: str | None = None
) -> None:
    """Raise ValidationError unless ``value`` is a valid national ID of ``country`` ("PL", "CZ", "SI").

    Other countries ("XX") are not validated. When ``birth_date`` or ``sex`` is given and the number
    encodes it, a disagreement is an error too; the sex "other" never disagrees.
    """
    decoded = decode_national_id(country, value)
    if decoded is None:
        return
    if birth_date is not None and decoded.birth_date != birth_date:
        raise ValidationError(_mismatch_message(country, "birth_date"), code="birth_date_mismatch")
    if sex in (FEMALE, MALE) and decoded.sex != sex:
        raise ValidationError(_mismatch_message(country, "sex"), code="sex_mismatch")


def _check_serial(serial: int) -> None:
    if not 0 <= serial <= 999:
        raise ValueError("serial must be between 0 and 999")
