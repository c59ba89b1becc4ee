"""Audit: every change to case data is saved with the acting user and a reason (``stamp``), and read back as one
kind of timeline (``Timeline``) whatever the app.

A timeline is a list of sources, each a tracked model and how to find its historical records for a subject
(a client, a plan, a standard...). Apps add their sources where they own the model: the clients app builds
the client timeline, the plans app adds plans to it and builds the plan timeline. ``Timeline.index`` is one
UNION query over the sources (so it can be counted and paginated) and ``Timeline.entries`` renders one page:
each change names the field by its label in the reader's language and shows values as a reader reads them
(choice labels, the names of related records, yes/no), next to the raw values for machine clients.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Model, QuerySet, Value
from django.db.models.fields.files import FieldFile
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def stamp(instance: Model, *, user: Any, reason: str = "") -> Model:
    """Mark ``instance`` so that its next save writes history with ``user`` and ``reason``.

    simple_history reads ``_history_user`` and ``_change_reason`` from the instance; setting them
    explicitly makes history correct outside a request too (worker, management commands).
    """
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
    return instance


# Bookkeeping fields that say nothing to a reader of a timeline.
BOOKKEEPING_FIELDS = frozenset({"id", "centre", "created_at", "updated_at", "revision"})
CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class HistorySource:
    """One tracked model on a timeline: ``records_of(subject)`` gives its historical records for the subject
    (records of deleted rows included). ``excluded_fields`` are left out of the changes (typically the field
    naming the parent: the timeline already says whose record it is)."""

    name: str
    model: type[Model]
    records_of: Callable[[Any], QuerySet[Any]]
    excluded_fields: frozenset[str] = frozenset()

    @property
    def history_model(self) -> Any:
        return self.model.history.model  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any
    old_display: str | None
    new_display: str | None
    hidden: bool = False  # the values are withheld from this reader (special-category data, see ``entries``)


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    user: Any
    model: str
    model_label: str
    object_id: Any
    change_type: str
    reason: str
    changes: list[FieldChange]
    version: int | None = None


@dataclass
class Timeline:
    """The history of a subject and everything under it, newest first (see the module)."""

    name: str
    sources: list[HistorySource] = field(default_factory=list)

    def add(self, *sources: HistorySource) -> Timeline:
        """Add sources (once each, by name: an app's ready() may run more than once in tests)."""
        for source in sources:
            if all(existing.name != source.name for existing in self.sources):
                self.sources.append(source)
        return self

    def index(self, subject: Any) -> QuerySet[Any]:
        """Rows {timeline_source, history_id, history_date} of every record on the subject's timeline, newest
        first, in one query; ``entries`` renders a page of them."""
        parts = [
            source.records_of(subject)
            .order_by()
            .annotate(timeline_source=Value(source.name, output_field=CharField()))
            .values("timeline_source", "history_id", "history_date")
            for source in self.sources
        ]
        first, *rest = parts
        return first.union(*rest, all=True).order_by("-history_date", "-history_id")

    def entries(self, rows: Iterable[dict[str, Any]], *, reveal_special: bool = True) -> list[TimelineEntry]:
        """Render rows of ``index`` (one page) with their field-by-field changes.

        ``reveal_special=False`` withholds the values of special-category fields (a model's
        ``SPECIAL_CATEGORY_FIELDS``): the reader sees that the field changed, when and by whom, not what it said.
        Both values are withheld: a value that a later change replaced is an old value too.

        Queries: two per kind of record on the page (the records, and their objects' records to find each
        one's predecessor) and one per kind of related record named in the changes, whatever the page size.
        """
        rows = list(rows)
        sources = {source.name: source for source in self.sources}
        wanted: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            wanted[row["timeline_source"]].append(row["history_id"])
        raw: dict[tuple[str, int], tuple[Any, list[_RawChange]]] = {}
        for name, history_ids in wanted.items():
            source = sources[name]
            records = list(
                source.history_model._default_manager.filter(history_id__in=history_ids).select_related("history_user")
            )
            predecessors = _predecessors(source, {record.id for record in records})
            for record in records:
                raw[(name, record.history_id)] = (record, _raw_changes(record, predecessors.get(record.history_id), source))
        names = _related_names([change for _record, changes in raw.values() for change in changes])
        entries = []
        for row in rows:
            record, changes = raw[(row["timeline_source"], row["history_id"])]
            source = sources[row["timeline_source"]]
            entries.append(
                TimelineEntry(
                    at=record.history_date,
                    user=record.history_user,
                    model=source.name,
                    model_label=str(capfirst(source.model._meta.verbose_name)),
                    object_id=record.id,
                    change_type=CHANGE_TYPES[record.history_type],
                    reason=record.history_change_reason or "",
                    changes=[
                        change.rendered(names, hidden=not reveal_special and change.field.name in special_fields(source.model))
                        for change in changes
                    ],
                )
            )
        return entries


def object_timeline(instance: Model, *children: HistorySource) -> Timeline:
    """The timeline of one record (and of ``children`` under it): for records without a timeline of their own."""
    model = type(instance)
    name = model._meta.model_name or model.__name__.lower()
    own = HistorySource(name, model, lambda subject: model.history.filter(id=subject.pk))  # type: ignore[attr-defined]
    return Timeline(name).add(own, *children)


def with_versions(entries: list[TimelineEntry], versions: list[tuple[dt.datetime, int]]) -> list[TimelineEntry]:
    """Each entry with the version its subject had once the change was made (``versions``: when each version
    began, oldest first), so what an earlier version said stays readable."""

    def version_at(at: dt.datetime) -> int:
        current = 1
        for changed_at, version in versions:
            if changed_at > at:
                break
            current = version
        return current

    return [replace(entry, version=version_at(entry.at)) for entry in entries]


def special_fields(model: type[Model]) -> frozenset[str]:
    """The model's special-category fields (GDPR Art. 9, and national identifiers): ``SPECIAL_CATEGORY_FIELDS``."""
    return frozenset(getattr(model, "SPECIAL_CATEGORY_FIELDS", frozenset()))


# --- rendering changes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RawChange:
    field: Any  # the model field
    old: Any
    new: Any

    def rendered(self, names: dict[tuple[type[Model], Any], str], *, hidden: bool = False) -> FieldChange:
        if hidden:
            return FieldChange(
                field=self.field.name, label=str(capfirst(self.field.verbose_name)),
                old=None, new=None, old_display=None, new_display=None, hidden=True,
            )
        return FieldChange(
            field=self.field.name,
            label=str(capfirst(self.field.verbose_name)),
            old=_plain(self.old),
            new=_plain(self.new),
            old_display=_display(self.field, self.old, names),
            new_display=_display(self.field, self.new, names),
        )


def _raw_changes(record: Any, previous: Any | None, source: HistorySource) -> list[_RawChange]:
    if record.history_type == "-":
        return []
    excluded = BOOKKEEPING_FIELDS | source.excluded_fields
    tracked = {f.attname for f in source.history_model._meta.concrete_fields}
    model_fields = [
        f for f in source.model._meta.concrete_fields if f.name not in excluded and f.editable and f.attname in tracked
    ]
    changes = []
    for model_field in model_fields:
        new = getattr(record, model_field.attname)
        if previous is None:
            if new in (None, "", [], {}):
                continue  # a creation lists what it was created with
            changes.append(_RawChange(model_field, None, new))
            continue
        old = getattr(previous, model_field.attname)
        if _plain(old) != _plain(new):
            changes.append(_RawChange(model_field, old, new))
    return changes


def _predecessors(source: HistorySource, object_ids: set[Any]) -> dict[int, Any]:
    """For every historical record of these objects: the record just before it in time (or None)."""
    history = source.history_model._default_manager.filter(id__in=object_ids).order_by(
        "id", "history_date", "history_id"
    )
    previous_of: dict[int, Any] = {}
    last_by_object: dict[Any, Any] = {}
    for record in history:
        previous_of[record.history_id] = last_by_object.get(record.id)
        last_by_object[record.id] = record
    return previous_of


def _plain(value: Any) -> Any:
    """A value fit for JSON, as the API writes it elsewhere: files by their stored name, decimals, dates, times
    and ids as strings."""
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, Decimal | dt.date | dt.time):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    if value is not None and not isinstance(value, bool | int | float | str | list | dict):
        return str(value)
    return value


def _related_names(changes: list[_RawChange]) -> dict[tuple[type[Model], Any], str]:
    """The names of the related records the changes point to: one query per related model."""
    wanted: dict[type[Model], set[Any]] = defaultdict(set)
    for change in changes:
        if change.field.is_relation and (change.field.many_to_one or change.field.one_to_one):
            for value in (change.old, change.new):
                if value is not None:
                    wanted[change.field.related_model].add(value)
    names: dict[tuple[type[Model], Any], str] = {}
    for model, ids in wanted.items():
        for pk, instance in model._default_manager.in_bulk(list(ids)).items():
            names[(model, pk)] = str(instance)
    return names


def _display(model_field: Any, value: Any, names: dict[tuple[type[Model], Any], str]) -> str | None:
    """The value as its reader reads it, in their language; None for "nothing"."""
    if value is None or value == "":
        return None
    if model_field.is_relation:
        return names.get((model_field.related_model, value), _("(deleted record)"))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, FieldFile):
        return value.name.rsplit("/", 1)[-1] if value.name else None
    if isinstance(value, dt.datetime | dt.date | dt.time | Decimal | int | float):
        return str(formats.localize(value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
