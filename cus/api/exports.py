"""Exports of the API's lists as CSV or XLSX: the rows of a list endpoint, written as a file.

An export is the list endpoint's answer in another format, so it is made by the list's own viewset: the same
selector (tenancy and role scoping), the same filters, search and ordering (``filter_queryset``, replayed with the
filters as the query string), the same serializer (a role gets in the file exactly what the list shows it, never
more). A list opts in with ``export_name`` on its viewset (``ScopedViewSet``); its columns are the serializer's
fields without ids and nested records (or ``export_fields``), headed by their translated labels. Every client on
an export is written to their access log as exported.

The records of exports (who asked, progress, the file, its expiry) are the reports app's (``cus.reports.
list_exports``, endpoints at ``/api/v1/list-exports/``); the worker wires the two together (domain code never
imports DRF or django-filter, so the rows are made here).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import get_resolver
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.request import Request

from cus.core.context import Actor
from cus.core.errors import NotFound
from cus.core.reads import Origin, client_id_at, record_reads
from cus.core.spreadsheets import csv_writer, neutralise

from .search import SEARCH_HEADER_META
from .views import EXPORTABLE, ScopedViewSet, allows

if TYPE_CHECKING:
    pass

CHUNK = 2000  # rows read and written at a time (and between two progress saves)
BOM = "\ufeff"  # so that Excel reads a CSV's diacritics
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# Headers of the fields a list serializer declares without a label of the model's (names computed for the list).
LABELS: dict[str, Any] = {
    "client_name": gettext_lazy("Client"),
    "client_reference": gettext_lazy("Client reference"),
    "coordinator_name": gettext_lazy("Coordinator"),
    "provider_name": gettext_lazy("Provider"),
    "service_type_name": gettext_lazy("Service type"),
    "service_type_code": gettext_lazy("Service type code"),
    "funding_source_name": gettext_lazy("Funding source"),
    "plan_status": gettext_lazy("Plan status"),
    "flags": gettext_lazy("Needs attention"),
    "confirmation": gettext_lazy("Confirmation"),
    "waiting_days": gettext_lazy("Days waiting"),
    "unit": gettext_lazy("Unit"),
    "area": gettext_lazy("Area / district"),
}
NAME_KEYS = ("name", "full_name", "display", "title", "reference", "label", "email")


def exportable_lists() -> dict[str, type[ScopedViewSet]]:
    """The lists that may be exported, by name (``clients``, ``deliveries``...)."""
    get_resolver().url_patterns  # noqa: B018 -- loads the URLconf, whose apps' viewsets declare their lists
    return dict(EXPORTABLE)


# --- the list, replayed -----------------------------------------------------------------------------------------


def list_view(viewset: type[ScopedViewSet], actor: Actor, filters: dict[str, list[str]]) -> ScopedViewSet:
    """The list endpoint's viewset as it would serve ``GET /<list>/?<filters>`` to ``actor``."""
    http = HttpRequest()
    http.method = "GET"
    query = QueryDict(mutable=True)
    for key, values in filters.items():
        if key == "search" and values:  # as the screen sends it: in the header, out of the URL (cus.api.search)
            http.META[SEARCH_HEADER_META] = quote(values[0])
            continue
        query.setlist(key, values)
    query._mutable = False
    http.GET = query  # type: ignore[assignment]
    http.user = actor.user
    request = Request(http)
    request.user = actor.user
    view = viewset()
    view.request = request
    view.args, view.kwargs = (), {}
    view.action = "list"
    view.format_kwarg = None
    view.actor = actor
    return view


def list_rows(view: ScopedViewSet) -> QuerySet[Any]:
    """The rows of the list with its filters, search and ordering (invalid filters: 400, as on the list)."""
    if not allows(view.actor, view.read_perm):
        raise NotFound()
    try:
        return view.filter_queryset(view.get_queryset())
    except DrfValidationError as error:
        raise DrfValidationError({"filters": error.detail}) from None


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    value: Callable[[Any], Any]


def _is_id(field: serializers.Field) -> bool:
    return isinstance(field, serializers.UUIDField | serializers.PrimaryKeyRelatedField | serializers.ManyRelatedField)


def _text(item: Any) -> str:
    if isinstance(item, dict):
        for key in NAME_KEYS:
            if item.get(key):
                return str(item[key])
        return ", ".join(str(value) for value in item.values() if value not in (None, ""))
    return str(item)


def _cell(field: serializers.Field) -> Callable[[Any], Any]:
    """How a field's rendered value becomes a spreadsheet cell: choices by their label, dates and amounts as such."""
    if isinstance(field, serializers.ChoiceField):
        choices = field.choices
        return lambda value: str(choices.get(value, value)) if value not in (None, "") else None
    if isinstance(field, serializers.DecimalField):
        def decimal(value: Any) -> Any:
            try:
                return Decimal(value) if value not in (None, "") else None
            except InvalidOperation:
                return value
        return decimal
    if isinstance(field, serializers.DateTimeField):
        def moment(value: Any) -> Any:
            if not value:
                return None
            parsed = dt.datetime.fromisoformat(str(value))
            return timezone.localtime(parsed).replace(tzinfo=None) if timezone.is_aware(parsed) else parsed
        return moment
    if isinstance(field, serializers.DateField):
        return lambda value: dt.date.fromisoformat(str(value)) if value else None

    def plain(value: Any) -> Any:
        if isinstance(value, list):
            return "; ".join(_text(item) for item in value) or None
        if isinstance(value, dict):
            return _text(value) or None
        return value

    return plain


def columns(view: ScopedViewSet) -> list[Column]:
    """The columns of the list's export, in its serializer's order."""
    serializer_class = view.get_serializer_class()
    fields: dict[str, serializers.Field] = serializer_class(context=view.get_serializer_context()).fields  # type: ignore[attr-defined]
    wanted = getattr(view, "export_fields", None)
    names = list(wanted) if wanted else [
        name for name, field in fields.items() if not _is_id(field) and not isinstance(field, serializers.BaseSerializer)
    ]
    result = []
    for name in names:
        field = fields[name]
        label = LABELS.get(name) or field.label or name
        result.append(Column(name=name, header=capfirst(str(label)), value=_cell(field)))
    return result


def rows(view: ScopedViewSet, queryset: QuerySet[Any], cols: list[Column]) -> Iterator[tuple[list[Any], list[Any]]]:
    """(The records, their cells) chunk by chunk: the serializer renders each chunk as the list would."""
    serializer_class = view.get_serializer_class()
    context = view.get_serializer_context()
    chunk: list[Any] = []
    for record in queryset.iterator(chunk_size=CHUNK):
        chunk.append(record)
        if len(chunk) == CHUNK:
            yield chunk, _cells(serializer_class, context, chunk, cols)
            chunk = []
    if chunk:
        yield chunk, _cells(serializer_class, context, chunk, cols)


def _cells(serializer_class: type[serializers.BaseSerializer], context: dict[str, Any], records: list[Any],
           cols: list[Column]) -> list[Any]:
    data = serializer_class(records, many=True, context=context).data
    return [[column.value(item.get(column.name)) for column in cols] for item in data]


# --- files ------------------------------------------------------------------------------------------------------


def write_file(
    format: str, cols: list[Column], chunks: Iterator[tuple[list[Any], list[Any]]],
    on_chunk: Callable[[list[Any]], None],
) -> tuple[bytes, int]:
    """The file's bytes and its number of rows; ``on_chunk(records)`` after each chunk is written."""
    count = 0
    headers = [column.header for column in cols]
    if format == "csv":
        buffer = io.StringIO()
        buffer.write(BOM)
        writer = csv_writer(buffer)
        writer.writerow(headers)
        for records, cells in chunks:
            for line in cells:
                writer.writerow(line)
            count += len(cells)
            on_chunk(records)
        return buffer.getvalue().encode("utf-8"), count
    workbook = Workbook(write_only=True)  # streams rows: memory stays flat however long the list
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for records, cells in chunks:
        for line in cells:
            sheet.append([neutralise(cell) for cell in line])  # text never starts a formula (spreadsheets.py)
        count += len(cells)
        on_chunk(records)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), count


def filename(list_name: str, format: str) -> str:
    return f"{list_name}-{timezone.localdate():%Y-%m-%d}.{format}"


def _client_ids(view: ScopedViewSet, records: list[Any]) -> list[Any]:
    path = view.logs_client_reads
    return [] if path is None else [client_id_at(record, path) for record in records]


def build(view: ScopedViewSet, queryset: QuerySet[Any], format: str,
          progress: Callable[[int], None] | None = None) -> tuple[bytes, int, list[Any]]:
    """The export's file, its rows and the ids of the clients on it."""
    cols = columns(view)
    clients: list[Any] = []
    done = 0

    def on_chunk(records: list[Any]) -> None:
        nonlocal done
        clients.extend(_client_ids(view, records))
        done += len(records)
        if progress is not None:
            progress(done)

    content, count = write_file(format, cols, rows(view, queryset, cols), on_chunk)
    return content, count, clients


def log_reads(view: ScopedViewSet, actor: Actor, client_ids: list[Any], origin: Origin) -> None:
    queryset = type(view).queryset
    what = (queryset.model._meta.model_name or "") if queryset is not None else ""
    record_reads(actor, action="export", what=what, client_ids=client_ids, origin=origin)




def open_list(list_name: str, actor: Actor, filters: dict[str, list[str]]) -> tuple[ScopedViewSet, QuerySet[Any]]:
    """The list ``list_name`` as ``actor`` sees it with ``filters`` (404: no such list for the role; 400: a filter
    the list refuses)."""
    viewset = exportable_lists().get(list_name)
    if viewset is None:
        raise NotFound()
    view = list_view(viewset, actor, filters)
    return view, list_rows(view)


@dataclass(frozen=True)
class Made:
    content: bytes
    rows: int
    filename: str


def make(
    *, list_name: str, actor: Actor, filters: dict[str, list[str]], format: str, origin: Origin,
    progress: Callable[[int], None] | None = None,
) -> Made:
    """Write the list as ``format`` (csv, xlsx) and log the clients on it as exported by ``actor``."""
    view, queryset = open_list(list_name, actor, filters)
    content, count, clients = build(view, queryset, format, progress)
    log_reads(view, actor, clients, origin)
    return Made(content=content, rows=count, filename=filename(list_name, format))
