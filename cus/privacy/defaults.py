"""The legal bases a new centre starts with, per country: read from ``legal_bases.toml`` beside this module (the
documented defaults, one entry per country and purpose, with the provisions they rest on and why)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .models import LegalBasis, Purpose

DEFAULTS_FILE = Path(__file__).with_name("legal_bases.toml")
# A centre of a country the file does not cover starts with the most protective choice that still lets the case
# file be kept: the case work as a public task, everything else only with the client's consent.
FALLBACK_COUNTRY = "*"


@dataclass(frozen=True)
class Default:
    purpose: Purpose
    legal_basis: LegalBasis
    legal_reference: str
    why: str


def _fallback() -> dict[Purpose, Default]:
    return {
        purpose: Default(
            purpose=purpose,
            legal_basis=LegalBasis.PUBLIC_TASK if purpose == Purpose.DATA_PROCESSING else LegalBasis.CONSENT,
            legal_reference="",
            why="",
        )
        for purpose in Purpose
    }


def parse(text: str) -> dict[str, dict[Purpose, Default]]:
    """The defaults in ``text`` by country and purpose; ValueError when a country misses a purpose, names an unknown
    one or gives an unknown basis."""
    data = tomllib.loads(text)
    table: dict[str, dict[Purpose, Default]] = {}
    for country, entries in data.items():
        unknown = set(entries) - set(Purpose.values)
        missing = set(Purpose.values) - set(entries)
        if unknown or missing:
            raise ValueError(f"{country}: unknown purposes {sorted(unknown)}, missing purposes {sorted(missing)}")
        by_purpose = {}
        for name, entry in entries.items():
            if entry.get("basis") not in LegalBasis.values:
                raise ValueError(f"{country}.{name}: unknown basis {entry.get('basis')!r}")
            by_purpose[Purpose(name)] = Default(
                purpose=Purpose(name),
                legal_basis=LegalBasis(entry["basis"]),
                legal_reference=str(entry.get("reference", "")),
                why=str(entry.get("why", "")),
            )
        table[country] = by_purpose
    return table


@cache
def all_defaults() -> dict[str, dict[Purpose, Default]]:
    table = parse(DEFAULTS_FILE.read_text(encoding="utf-8"))
    table[FALLBACK_COUNTRY] = _fallback()
    return table


def defaults_for(country: str) -> dict[Purpose, Default]:
    """Every purpose's default for a centre in ``country`` (ISO code; an unknown one gets the fallback)."""
    table = all_defaults()
    return table.get(country, table[FALLBACK_COUNTRY])
