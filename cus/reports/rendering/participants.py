"""The participant-level export for funders: one CSV row per participation, pseudonymised.

Only the fields of ``ParticipantRow`` are read, by name: whatever else a row might carry (a name, a national ID)
never reaches the file. Column names are stable English codes (the funder's systems read them), values are codes
too; yes/no attributes are ``1``/``0`` and empty when unknown. Written through ``cus.core.spreadsheets`` like
every CSV: all fields quoted, text that looks like a formula neutralised.

The quasi-identifiers are coarsened and, where too few people share them, suppressed (GDPR Art. 89: the funder
needs the people counted, not recognisable):

- dates become months (``entry_month``, ``exit_month``: ``YYYY-MM``), the age at entry becomes the ESF+ band
  (``age_band``: ``<18``, ``18-29``, ``30-54``, ``55+``);
- every published combination of quasi-identifiers within a project is shared by at least ``min_group`` people
  (k, default ``CUS_PARTICIPANTS_MIN_GROUP`` = 5). A row whose full combination is rarer loses its most
  identifying cells first (the disadvantage flags, then education and labour-market status, the exit reason, the
  age band, sex, and last the months), written as ``*``, until its remaining combination is shared by k people
  published at the same step; what is left over at the end has all of them suppressed.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings

from cus.core.spreadsheets import csv_writer

from ..shape import ParticipantRow
from .csv import BOM

PSEUDONYM = re.compile(r"^P-[0-9A-F]{16}$")  # the shape cus.reports.pseudonyms.pseudonym() gives
SUPPRESSED = "*"

FLAGS = (
    "with_disabilities",
    "third_country_national",
    "foreign_background",
    "minority",
    "homeless_or_housing_exclusion",
    "rural_area",
)
RESULTS = (
    "job_searching",
    "in_education_or_training",
    "gained_qualification",
    "in_employment",
    "followup_in_employment",
    "followup_improved_situation",
)
QUASI_IDENTIFIERS = (
    "entry_month",
    "exit_month",
    "exit_reason",
    "sex",
    "age_band",
    "labour_market_status",
    "education_level",
    *FLAGS,
)
PARTICIPANT_COLUMNS: tuple[str, ...] = ("pseudonym", "project_code", *QUASI_IDENTIFIERS, *RESULTS)

# The quasi-identifiers kept at each step of the suppression, most detailed first.
_STEPS: tuple[tuple[str, ...], ...] = (
    QUASI_IDENTIFIERS,
    ("entry_month", "exit_month", "exit_reason", "sex", "age_band", "labour_market_status", "education_level"),
    ("entry_month", "exit_month", "exit_reason", "sex", "age_band"),
    ("entry_month", "exit_month", "sex", "age_band"),
    ("entry_month", "exit_month", "sex"),
    ("entry_month", "exit_month"),
    (),
)


def age_band(age: int | None) -> str:
    """The ESF+ age group of an age at entry (Regulation (EU) 2021/1057, Annex I)."""
    if age is None:
        return ""
    if age < 18:
        return "<18"
    if age <= 29:
        return "18-29"
    if age <= 54:
        return "30-54"
    return "55+"


def _month(iso_date: str) -> str:
    return iso_date[:7] if iso_date else ""


def coarsened(row: ParticipantRow) -> dict[str, Any]:
    """A participation with its dates as months and its age as a band; only the agreed fields."""
    out: dict[str, Any] = {
        "pseudonym": row["pseudonym"],
        "project_code": row["project_code"],
        "entry_month": _month(row["entry_date"]),
        "exit_month": _month(row["exit_date"]),
        "exit_reason": row["exit_reason"],
        "sex": row["sex"],
        "age_band": age_band(row["age_at_entry"]),
        "labour_market_status": row["labour_market_status"],
        "education_level": row["education_level"],
    }
    for name in (*FLAGS, *RESULTS):
        out[name] = row.get(name)
    return out


def k_anonymous(rows: Sequence[Mapping[str, Any]], min_group: int) -> list[dict[str, Any]]:
    """The rows with quasi-identifier cells suppressed (``*``) so that, within each project, every published
    combination is shared by at least ``min_group`` rows published at the same step (see the module)."""
    pending = [dict(row) for row in rows]
    published: list[dict[str, Any]] = []
    for step, kept in enumerate(_STEPS):
        last = step == len(_STEPS) - 1
        groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in pending:
            groups[(row["project_code"], *(row[name] for name in kept))].append(row)
        pending = []
        for members in groups.values():
            if len(members) >= min_group or last:
                for row in members:
                    for name in QUASI_IDENTIFIERS:
                        if name not in kept:
                            row[name] = SUPPRESSED
                published += members
            else:
                pending += members
    return published


def render_participants_csv(rows: Iterable[ParticipantRow], *, min_group: int | None = None) -> bytes:
    given = list(rows)
    for row in given:
        if not PSEUDONYM.match(str(row.get("pseudonym", ""))):
            # A name or an ID in the pseudonym column would be a data leak: refuse rather than write it.
            raise ValueError("participant row without a valid pseudonym")
    k = settings.CUS_PARTICIPANTS_MIN_GROUP if min_group is None else min_group
    safe = k_anonymous([coarsened(row) for row in given], max(1, k))
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv_writer(buffer)
    writer.writerow(PARTICIPANT_COLUMNS)
    for out in sorted(safe, key=lambda r: (r["project_code"], r["pseudonym"], r["entry_month"])):
        writer.writerow([out.get(column) for column in PARTICIPANT_COLUMNS])
    return buffer.getvalue().encode("utf-8")
