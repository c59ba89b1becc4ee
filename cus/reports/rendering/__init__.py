"""Rendering a report run's figures (``ReportData``) into its files: PDF, XLSX, CSV and the pseudonymised
participants CSV. Pure functions of the figures (no database access), in the centre's language. The bytes
are not reproducible (XLSX and PDF embed their creation time): the SHA-256 identifies the stored file.

    files = render_all(run.data, logo=centre_logo_bytes)   # -> list[RenderedFile]
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils import translation

from ..models import ReportFormat
from ..shape import ReportData
from .csv import render_csv
from .participants import render_participants_csv
from .pdf import render_pdf
from .tables import report_tables
from .xlsx import render_xlsx

__all__ = ["RenderedFile", "render_all"]


@dataclass(frozen=True)
class RenderedFile:
    format: str  # a cus.reports.models.ReportFormat value
    filename: str
    content_type: str
    content: bytes
    sha256: str  # hex digest of content

    @property
    def size(self) -> int:
        return len(self.content)


def _file(fmt: str, filename: str, content_type: str, content: bytes) -> RenderedFile:
    return RenderedFile(fmt, filename, content_type, content, hashlib.sha256(content).hexdigest())


def file_stem(data: ReportData) -> str:
    code = data["centre"].get("code") or "cus"
    return f"{code}-report-{data['month']}-v{data['version']}"


def render_all(data: ReportData, *, logo: bytes | None = None) -> list[RenderedFile]:
    """Every file of a report run, rendered in the centre's language, each with its SHA-256.

    ``logo`` is the centre's logo (``Centre.logo`` file content: PNG, JPEG or SVG), shown in the PDF header.
    """
    stem = file_stem(data)
    with translation.override(data["centre"].get("language") or "en"):
        tables = report_tables(data)
        files = [
            _file(ReportFormat.PDF, f"{stem}.pdf", "application/pdf", render_pdf(data, tables, logo=logo)),
            _file(
                ReportFormat.XLSX,
                f"{stem}.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                render_xlsx(tables, title=stem),
            ),
            _file(ReportFormat.CSV, f"{stem}.csv", "text/csv; charset=utf-8", render_csv(tables)),
            _file(
                ReportFormat.PARTICIPANTS,
                f"{stem}-participants.csv",
                "text/csv; charset=utf-8",
                render_participants_csv(data.get("participant_rows", [])),
            ),
        ]
    return files
