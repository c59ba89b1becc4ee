"""The participant-level export for funders: one CSV row per participation, pseudonymised.

Only the fields of ``ParticipantRow`` are written, by name: whatever else a row might carry (a name, a
national ID) never reaches the file. Column names are stable English codes (the funder's systems read
them), values are codes too; yes/no attributes are ``1``/``0`` and empty when unknown. Written through
``cus.core.spreadsheets`` like every CSV: all fields quoted, text that looks like a formula neutralised.
"""

from __future__ import annotations

import io
import re
from typing import get_type_hints

from cus.core.spreadsheets import csv_writer

from ..shape import ParticipantRow
from .csv import BOM

PARTICIPANT_COLUMNS: tuple[str, ...] = tuple(get_type_hints(ParticipantRow))
PSEUDONYM = re.compile(r"^P-[0-9A-F]{16}$")  # the shape cus.reports.pseudonyms.pseudonym() gives


def render_participants_csv(rows: list[ParticipantRow]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv_writer(buffer)
    writer.writerow(PARTICIPANT_COLUMNS)
    for row in rows:
        if not PSEUDONYM.match(str(row.get("pseudonym", ""))):
            # A name or an ID in the pseudonym column would be a data leak: refuse rather than write it.
            raise ValueError("participant row without a valid pseudonym")
    for row in sorted(rows, key=lambda r: (r["project_code"], r["pseudonym"], r["entry_date"])):
        writer.writerow([row.get(column) for column in PARTICIPANT_COLUMNS])
    return buffer.getvalue().encode("utf-8")
