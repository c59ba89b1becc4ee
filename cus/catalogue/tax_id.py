"""Tax identification numbers of organisations: PL NIP, CZ IČO, SI davčna številka.

``validate_tax_id`` accepts the number as people type it (spaces, dashes, dots, slashes, the
country's own prefix as in a VAT number) and returns the digits to store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-./]")


@dataclass(frozen=True)
class _Scheme:
    name: Promise
    length: int
    weights: tuple[int, ...]


NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
ICO_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)
SI_TAX_NUMBER_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)

_SCHEMES = {
    "PL": _Scheme(name=_("NIP"), length=10, weights=NIP_WEIGHTS),
    "CZ": _Scheme(name=_("IČO"), length=8, weights=ICO_WEIGHTS),
    "SI": _Scheme(name=_("tax number"), length=8, weights=SI_TAX_NUMBER_WEIGHTS),
}


def _weighted_sum(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True))


def check_digit(country: str, body: str) -> int | None:
    """The check digit for the digits before it, or None when no number can start with ``body``."""
    scheme = _SCHEMES[country]
    total = _weighted_sum(body, scheme.weights)
    if country == "PL":
        check = total % 11
        return None if check == 10 else check
    if country == "CZ":
        return (11 - total % 11) % 10
    check = 11 - total % 11  # SI
    if check == 11:
        return None
    return 0 if check == 10 else check


def normalize_tax_id(country: str, value: str) -> str:
    """``value`` without separators and without the country's prefix (e.g. "PL", as in a VAT number)."""
    compact = _SEPARATORS.sub("", value).upper()
    if compact.startswith(country.upper()):
        compact = compact[len(country) :]
    return compact


def validate_tax_id(country: str, value: str) -> str:
    """The normalised digits of ``value``, a tax ID of ``country`` (PL, CZ or SI).

    Raises ValidationError (code ``country``, ``format`` or ``checksum``) when it is not one.
    """
    scheme = _SCHEMES.get(country)
    if scheme is None:
        raise ValidationError(_("Tax IDs of this country cannot be checked."), code="country")
    digits = normalize_tax_id(country, value)
    if len(digits) != scheme.length or not digits.isascii() or not digits.isdigit():
        raise ValidationError(
            _("A %(name)s has exactly %(length)d digits."),
            code="format",
            params={"name": scheme.name, "length": scheme.length},
        )
    if check_digit(country, digits[:-1]) != int(digits[-1]):
        raise ValidationError(_("The %(name)s check digit is wrong."), code="checksum", params={"name": scheme.name})
    return digits
