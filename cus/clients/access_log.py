"""The access log as people read it: the centre's log exported to CSV for the data-protection officer, and a
client's own log printed (PDF) for a subject-access request. One set of columns for both."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cus.core.admin_access import OPERATOR_ROLE
from cus.core.dates import centre_zone
from cus.core.models import Centre, Role
from cus.core.reads import AccessPurpose
from cus.core.spreadsheets import csv_writer

from .models import AccessAction, Client, ClientAccessLog


def role_label(role: str) -> str:
    if role == OPERATOR_ROLE:
        return _("Platform operator")
    return str(dict(Role.choices).get(role, role))


def _label(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value))


def headers(*, with_client: bool) -> list[str]:
    client = [_("Case reference"), _("Client")] if with_client else []
    return [_("When"), *client, _("Who"), _("Role"), _("What"), _("Record"), _("Purpose"), _("From (IP address)"),
            _("Path")]


def row(entry: ClientAccessLog, zone: Any, *, with_client: bool, for_print: bool = False) -> list[Any]:
    at = timezone.localtime(entry.at, zone)
    client = [entry.client.reference, entry.client.full_name] if with_client else []
    return [
        formats.localize(at) if for_print else at.replace(microsecond=0).isoformat(),
        *client,
        str(entry.user),
        role_label(entry.role),
        _label(AccessAction.choices, entry.action),
        entry.what,
        _label(AccessPurpose.choices, entry.purpose),
        entry.ip_address or "",
        entry.path,
    ]


class _Line:
    """A file-like buffer that hands back what was written since the last read (for a streamed CSV)."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


def csv_lines(entries: Iterable[ClientAccessLog], centre: Centre) -> Iterator[str]:
    """The centre's access log as CSV, a line at a time (formulas neutralised: ``cus.core.spreadsheets``)."""
    zone = centre_zone(centre)
    line = _Line()
    writer = csv_writer(line)
    writer.writerow(headers(with_client=True))
    yield "\ufeff" + line.take()  # a byte-order mark: spreadsheet programs then read the file as UTF-8
    for entry in entries:
        writer.writerow(row(entry, zone, with_client=True))
        yield line.take()


def client_log_pdf(client: Client, entries: Iterable[ClientAccessLog], *, requested_by: str, at: dt.datetime) -> bytes:
    """A client's access log, printed in their language (else the centre's) for a subject-access request."""
    from weasyprint import HTML  # loading Pango is slow: only when a PDF is made

    language = client.language or client.centre.language
    with translation.override(language):
        zone = centre_zone(client.centre)
        html = render_to_string(
            "clients/access_log.html",
            {
                "language": language,
                "title": _("Who read your file"),
                "centre": client.centre,
                "client_name": client.full_name,
                "reference": client.reference,
                "generated": formats.localize(timezone.localtime(at, zone)),
                "requested_by": requested_by,
                "headers": headers(with_client=False),
                "rows": [row(entry, zone, with_client=False, for_print=True) for entry in entries],
            },
        )
    return HTML(string=html).write_pdf() or b""
