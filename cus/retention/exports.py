"""The subject-access copy (GDPR Art. 15 and 20): one ZIP with

- ``data.json``: every row about the client, per table, found by walking the foreign keys to the client
  (``records``), with every historical version of each; the volunteer's records where the client is also one of
  the centre's volunteers; the staff notifications that name one of those rows. Machine-readable: field names
  and codes as the API uses them, with the names of related records beside their ids;
- ``copy.pdf``: the same, readable, in the client's language (WeasyPrint);
- ``files/...``: the stored files (consent evidence), as uploaded.

Secrets (token hashes, request fingerprints, keys) and binary contents are never written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from django.db import models
from django.db.models import Model, Q
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cus.clients.models import Client
from cus.clients.selectors import client_timeline
from cus.core.history import TimelineEntry
from cus.notifications.models import Notification
from cus.reports.rendering.pdf import css_string, page_counter_css
from cus.volunteers.models import Volunteer

from . import records

FORMAT = "cus-subject-access/1"
SECRET_PARTS = ("token", "hash", "fingerprint", "password", "secret")
HIDDEN_IN_PDF = frozenset({"id", "centre", "created_at", "updated_at", "revision"})
PDF_TEXT_LIMIT = 1500
CARDS_UP_TO = 12  # records a section shows one by one; more are a table where the model has compact columns

# The order of the PDF's sections (others follow in the order the walk found them; the access log comes last).
SECTION_ORDER = (
    "clients.contactperson", "clients.consent", "clients.referral", "clients.assessment", "clients.assessmentarea",
    "clients.identifiedneed", "plans.plan", "plans.goal", "plans.plannedservice", "plans.review",
    "plans.goalprogress", "deliveries.delivery", "clients.participation", "quality.satisfactionsurvey",
    "volunteers.volunteerassignment", "volunteers.volunteerhours",
)
LAST_SECTIONS = ("retention.subjectaccessexport", "retention.erasurerequest", "retention.legalhold",
                 "retention.anonymisation", "clients.clientaccesslog")
COMPACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "deliveries.delivery": ("date", "service_type", "units", "duration_minutes", "outcome", "status", "provider"),
    "clients.clientaccesslog": ("at", "user", "role", "action", "purpose"),
    "volunteers.volunteerhours": ("date", "minutes", "activity_type", "volunteer", "status"),
    "clients.assessmentarea": ("assessment", "area", "score", "description"),
    "plans.goalprogress": ("review", "goal", "status", "note"),
}


def exported_fields(model: type[Model]) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields
        if not isinstance(f, models.BinaryField) and not any(part in f.name for part in SECRET_PARTS)
    ]


def json_value(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


class Names:
    """The readable names of related records, looked up once per model (one query per related model)."""

    def __init__(self) -> None:
        self._names: dict[type[Model], dict[Any, str]] = {}

    def prefetch(self, model: type[Model], rows: Iterable[Any]) -> None:
        wanted: dict[type[Model], set[Any]] = defaultdict(set)
        for fk in records.foreign_keys(model):
            if fk.name in HIDDEN_IN_PDF:
                continue
            for row in rows:
                value = getattr(row, fk.attname, None)
                if value is not None:
                    wanted[cast(type[Model], fk.related_model)].add(value)
        for related, ids in wanted.items():
            known = self._names.setdefault(related, {})
            missing = [pk for pk in ids if pk not in known]
            for start in range(0, len(missing), records.CHUNK):
                for pk, instance in related._base_manager.in_bulk(missing[start : start + records.CHUNK]).items():
                    known[pk] = str(instance)

    def name(self, model: Any, pk: Any) -> str:
        return self._names.get(model, {}).get(pk, "")


def _row_json(model: type[Model], row: Any, names: Names, *, historical: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if historical:
        data.update(
            history_id=row.history_id,
            history_date=row.history_date.isoformat(),
            history_type={"+": "created", "~": "changed", "-": "deleted"}[row.history_type],
            history_user=str(row.history_user) if row.history_user_id else None,
            history_change_reason=row.history_change_reason or "",
        )
    tracked = {f.attname for f in type(row)._meta.concrete_fields}
    for model_field in exported_fields(model):
        if model_field.attname not in tracked:
            continue
        value = getattr(row, model_field.attname)
        data[model_field.name] = json_value(value)
        if model_field.is_relation and value is not None and model_field.name != "centre":
            data[f"{model_field.name}_name"] = names.name(model_field.related_model, value)
    if not historical:
        for m2m in model._meta.many_to_many:
            data[m2m.name] = [str(pk) for pk in getattr(row, m2m.name).values_list("pk", flat=True)]
    return data


@dataclass
class Holding:
    """What is held about one person: rows and history per model, as collected."""

    root: type[Model]
    rows: dict[type[Model], list[Any]] = field(default_factory=dict)
    history: dict[type[Model], list[Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, root: type[Model], ids: Iterable[Any]) -> Holding:
        holding = cls(root)
        for model, model_ids in records.collect(root, ids).items():
            if not model_ids:
                continue
            found = records.rows(model, model_ids)
            if found:
                holding.rows[model] = found
            versions = records.history_rows(model, model_ids)
            if versions:
                holding.history[model] = versions
        return holding

    def all_ids(self) -> set[Any]:
        return {row.pk for rows in self.rows.values() for row in rows}

    def as_json(self, names: Names) -> dict[str, Any]:
        for model, rows in [*self.history.items(), *self.rows.items()]:
            names.prefetch(model, rows)
        return {
            "records": {
                model._meta.label_lower: [_row_json(model, row, names) for row in rows]
                for model, rows in self.rows.items()
            },
            "history": {
                model._meta.label_lower: [_row_json(model, row, names, historical=True) for row in rows]
                for model, rows in self.history.items()
            },
        }


def volunteers_matching(client: Client) -> list[Volunteer]:
    """The centre's volunteers who are this client: the same name and birth date, or the same e-mail."""
    same = Q(first_name__iexact=client.first_name.strip(), last_name__iexact=client.last_name.strip(),
             birth_date=client.birth_date)
    if client.email:
        same |= Q(email__iexact=client.email)
    return list(Volunteer.objects.filter(same, centre_id=client.centre_id))


def notifications_about(centre_id: Any, ids: set[Any]) -> list[Notification]:
    uuids = sorted((pk for pk in ids if isinstance(pk, UUID)), key=str)
    found: list[Notification] = []
    for start in range(0, len(uuids), records.CHUNK):
        found.extend(Notification.objects.filter(centre_id=centre_id, subject_id__in=uuids[start : start + records.CHUNK]))
    return sorted(found, key=lambda n: n.created_at)


# --- the package ------------------------------------------------------------------------------------------------


@dataclass
class Package:
    content: bytes
    sha256: str
    files: int


def build_package(
    client: Client, *, language: str, requested_by: str, progress: Callable[[int], None] = lambda percent: None
) -> Package:
    """The ZIP of everything held about ``client`` (see the module)."""
    now = timezone.now()
    names = Names()
    holding = Holding.of(Client, [client.pk])
    progress(25)
    volunteers = volunteers_matching(client)
    volunteer_holding = Holding.of(Volunteer, [v.pk for v in volunteers]) if volunteers else None
    notifications = notifications_about(client.centre_id, holding.all_ids())
    files = _stored_files(holding, volunteer_holding)
    data: dict[str, Any] = {
        "format": FORMAT,
        "generated_at": now.isoformat(),
        "centre": {"name": client.centre.name, "country": client.centre.country, "email": client.centre.email},
        "subject": {"id": str(client.pk), "reference": client.reference},
        **holding.as_json(names),
        "volunteer": volunteer_holding.as_json(names) if volunteer_holding else None,
        "notifications": [
            {"created_at": n.created_at.isoformat(), "kind": n.kind, "title": n.title, "body": n.body,
             "subject_type": n.subject_type, "subject_id": json_value(n.subject_id)}
            for n in notifications
        ],
        "files": [{"table": label, "id": str(pk), "field": name, "path": path} for label, pk, name, path, _f in files],
    }
    progress(45)
    with translation.override(language):
        pdf = render_pdf(client, holding, volunteer_holding, names, requested_by=requested_by, at=now)
    progress(85)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=1, default=str))
        archive.writestr("copy.pdf", pdf)
        for _label, _pk, _name, path, stored in files:
            archive.writestr(path, stored)
    content = buffer.getvalue()
    return Package(content=content, sha256=hashlib.sha256(content).hexdigest(), files=len(files))


def _stored_files(*holdings: Holding | None) -> list[tuple[str, str, str, str, bytes]]:
    """(table, row id, field, path in the ZIP, content) of every stored file the rows (or their earlier versions)
    name; a file gone missing from the storage is left out."""
    found: list[tuple[str, str, str, str, bytes]] = []
    seen: set[str] = set()
    for holding in holdings:
        if holding is None:
            continue
        for model, rows in [*holding.rows.items(), *holding.history.items()]:
            file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
            for row in rows:
                for file_field in file_fields:
                    name = getattr(row, file_field.attname, "")
                    name = name.name if isinstance(name, FieldFile) else name
                    if not name or name in seen:
                        continue
                    seen.add(name)
                    try:
                        with file_field.storage.open(name, "rb") as stored:
                            content = stored.read()
                    except OSError:
                        continue
                    label = model._meta.label_lower
                    path = f"files/{label}/{row.id}/{name.rsplit('/', 1)[-1]}"
                    found.append((label, str(row.id), file_field.name, path, content))
    return found


# --- the readable PDF -------------------------------------------------------------------------------------------


def display(model_field: models.Field, value: Any, names: Names) -> str:
    """A value as its reader reads it, in the current language; "" for nothing."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if model_field.is_relation:
        return names.name(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, FieldFile) or isinstance(model_field, models.FileField):
        text = (value.name if isinstance(value, FieldFile) else str(value)) or ""
        return text.rsplit("/", 1)[-1]
    if isinstance(value, dt.datetime):
        return str(formats.localize(timezone.localtime(value)))
    if isinstance(value, dt.date | dt.time | Decimal | int | float):
        return str(formats.localize(value))
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    if text.startswith(("data:", "<svg")):
        return _("(image)")
    return text if len(text) <= PDF_TEXT_LIMIT else text[: PDF_TEXT_LIMIT - 1] + "…"


@dataclass
class PdfSection:
    title: str
    cards: list[list[tuple[str, str]]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)


def _shown_fields(model: type[Model], root: type[Model]) -> list[models.Field]:
    return [
        f for f in exported_fields(model)
        if f.name not in HIDDEN_IN_PDF and not (f.is_relation and f.related_model is root)
    ]


def _section(model: type[Model], rows: list[Any], root: type[Model], names: Names) -> PdfSection:
    section = PdfSection(title=str(capfirst(model._meta.verbose_name_plural)))
    fields = _shown_fields(model, root)
    compact = COMPACT_COLUMNS.get(model._meta.label_lower)
    if compact and len(rows) > CARDS_UP_TO:
        columns = [f for name in compact for f in fields if f.name == name]
        section.headers = [str(capfirst(f.verbose_name)) for f in columns]
        section.table = [[display(f, getattr(row, f.attname), names) for f in columns] for row in rows]
        return section
    for row in rows:
        card = [(str(capfirst(f.verbose_name)), display(f, getattr(row, f.attname), names)) for f in fields]
        section.cards.append([(label, text) for label, text in card if text])
    return section


def _ordered(models_found: Iterable[type[Model]]) -> list[type[Model]]:
    found = list(models_found)

    def key(model: type[Model]) -> tuple[int, int]:
        label = model._meta.label_lower
        if label in SECTION_ORDER:
            return (0, SECTION_ORDER.index(label))
        if label in LAST_SECTIONS:
            return (2, LAST_SECTIONS.index(label))
        return (1, found.index(model))

    return sorted(found, key=key)


def _timeline_rows(client: Client) -> list[list[str]]:
    entries: list[TimelineEntry] = client_timeline.entries(client_timeline.index(client))
    table = []
    for entry in entries:
        changes = "; ".join(
            f"{change.label}: {change.old_display or '—'} → {change.new_display or '—'}" for change in entry.changes
        )
        table.append([
            str(formats.localize(timezone.localtime(entry.at))),
            str(entry.user) if entry.user else "",
            f"{entry.model_label} ({entry.change_type})",
            changes if len(changes) <= PDF_TEXT_LIMIT else changes[: PDF_TEXT_LIMIT - 1] + "…",
            entry.reason,
        ])
    return table


def render_pdf(
    client: Client, holding: Holding, volunteer: Holding | None, names: Names, *, requested_by: str, at: dt.datetime
) -> bytes:
    from weasyprint import HTML  # loading Pango is slow: only when a PDF is made

    for model, rows in holding.rows.items():
        names.prefetch(model, rows)
    own = _section(Client, holding.rows.get(Client, []), Client, names)
    sections = [_section(model, holding.rows[model], Client, names)
                for model in _ordered(m for m in holding.rows if m is not Client)]
    volunteer_sections = []
    if volunteer is not None:
        for model, rows in volunteer.rows.items():
            names.prefetch(model, rows)
        volunteer_sections = [_section(model, volunteer.rows[model], Volunteer, names) for model in volunteer.rows]
    title = _("Copy of your personal data")
    html = render_to_string(
        "retention/subject_access.html",
        {
            "language": translation.get_language(),
            "title": title,
            "centre": client.centre,
            "client_name": client.full_name,
            "reference": client.reference,
            "generated": formats.localize(timezone.localtime(at)),
            "requested_by": requested_by,
            "own": own,
            "sections": sections,
            "volunteer_sections": volunteer_sections,
            "timeline_headers": [_("When"), _("Who"), _("What"), _("Changes"), _("Reason")],
            "timeline": _timeline_rows(client),
            # Safe: CSS strings escaped by css_string.
            "page_counter": mark_safe(page_counter_css()),  # noqa: S308
            "title_css": mark_safe(css_string(f"{client.centre.name} – {title}")),  # noqa: S308
        },
    )
    return HTML(string=html).write_pdf() or b""
