"""Fast bulk inserts for the demo: the rows and their first history rows written as ``bulk_create_with_history``
would write them, without building a model instance per history row or compiling a multi-row INSERT per batch.

On PostgreSQL the rows go in with ``COPY ... FROM STDIN`` (psycopg adapts each value), elsewhere with one
prepared ``INSERT`` run over every row (``executemany``). A city of two million logs is built in minutes this way
instead of hours; the 300-client demo gets the very same rows.

Only models whose primary key is set before saving (the UUIDs of ``cus.core.models.UUIDModel``) take this path;
the others (auto-incremented keys) go through ``bulk_create_with_history`` as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone
from simple_history.models import HistoricalChanges
from simple_history.utils import bulk_create_with_history, get_history_model_for_model

# Django fields whose database value on PostgreSQL is the Python value itself (psycopg adapts it): no
# ``get_db_prep_save`` call per value. Any other field is prepared by Django as ``bulk_create`` would.
_NATIVE_ON_POSTGRESQL: tuple[type[models.Field[Any, Any]], ...] = (
    models.CharField, models.TextField, models.UUIDField, models.DateField, models.TimeField,
    models.DecimalField, models.IntegerField, models.BooleanField, models.ForeignKey,
)
COPY_CHUNK = 5000

Prepare = Callable[[Any], Any]


def _preparer(field: models.Field[Any, Any]) -> Prepare | None:
    """How a value of ``field`` is turned into what the database driver takes (None: taken as it is)."""
    if (
        connection.vendor == "postgresql"
        and isinstance(field, _NATIVE_ON_POSTGRESQL)
        and type(field).__module__.startswith("django.db.models.fields")  # Django's own, not a subclass elsewhere
    ):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _takes_fast_path(model: type[models.Model], objs: Sequence[models.Model]) -> bool:
    pk = model._meta.pk
    return (
        bool(objs)
        and pk is not None
        and not isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField)
        and all(obj.pk is not None for obj in objs)
    )


def _write(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor
            with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            batch: list[Sequence[Any]] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= COPY_CHUNK:
                    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", batch)  # noqa: S608
                    batch = []
            if batch:
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", batch)  # noqa: S608


def insert_with_history[M: models.Model](
    model: type[M], objs: Sequence[M], *, history: bool, default_user: Any, reason: str, batch_size: int
) -> list[M]:
    """Insert ``objs`` (and, with ``history``, one "created" history row each: the user, date and reason stamped
    on the object as ``_history_user``/``_history_date``/``_change_reason``, else ``default_user``, now and
    ``reason``), as ``bulk_create_with_history`` does. Returns the objects, saved."""
    if not _takes_fast_path(model, objs):
        if history:
            return bulk_create_with_history(
                list(objs), model, batch_size=batch_size, default_user=default_user, default_change_reason=reason
            )
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    now = timezone.now()
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    stamped = [field for field in fields if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)]
    for obj in objs:
        for field in stamped:
            setattr(obj, field.attname, now)
    preparers = [_preparer(field) for field in fields]
    attnames = [field.attname for field in fields]

    def values(obj: M) -> list[Any]:
        row = [getattr(obj, attname) for attname in attnames]
        for index, prepare in enumerate(preparers):
            if prepare is not None:
                row[index] = prepare(row[index])
        return row

    rows = [values(obj) for obj in objs]
    _write(model._meta.db_table, [str(field.column) for field in fields], rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    if history:
        _write_history(model, objs, rows, attnames, default_user=default_user, reason=reason, now=now)
    return list(objs)


def _write_history(
    model: type[models.Model], objs: Sequence[models.Model], rows: list[list[Any]], attnames: list[str], *,
    default_user: Any, reason: str, now: dt.datetime,
) -> None:
    historical: type[HistoricalChanges] = get_history_model_for_model(model)
    position = {attname: index for index, attname in enumerate(attnames)}
    columns: list[str] = []
    picks: list[Callable[[models.Model, list[Any]], Any]] = []
    for field in historical._meta.concrete_fields:
        name = field.attname
        if name == "history_id":
            continue  # the database numbers them
        columns.append(field.column)
        if name in position:  # a column of the record: its value as prepared for the record's row
            picks.append(_column_pick(position[name]))
            continue
        if name == "history_date":
            pick: Callable[[models.Model], Any] = lambda obj: getattr(obj, "_history_date", now)  # noqa: E731
        elif name == "history_user_id":
            # As simple-history: the user stamped on the object (even None), else the default one.
            pick = lambda obj: getattr(getattr(obj, "_history_user", default_user), "pk", None)  # noqa: E731
        elif name == "history_change_reason":
            pick = lambda obj: getattr(obj, "_change_reason", None) or reason  # noqa: E731
        elif name == "history_type":
            pick = lambda obj: "+"  # noqa: E731
        else:
            raise ValueError(f"{historical.__name__}.{name}: a history column the demo's bulk insert does not know")
        picks.append(_history_pick(pick, _preparer(field)))
    history_rows = ([pick(obj, row) for pick in picks] for obj, row in zip(objs, rows, strict=True))
    _write(historical._meta.db_table, columns, history_rows)


def _column_pick(index: int) -> Callable[[models.Model, list[Any]], Any]:
    def pick(obj: models.Model, row: list[Any]) -> Any:
        return row[index]
    return pick


def _history_pick(
    pick: Callable[[models.Model], Any], prepare: Prepare | None,
) -> Callable[[models.Model, list[Any]], Any]:
    def history_value(obj: models.Model, row: list[Any]) -> Any:
        return _prepared(prepare, pick(obj))
    return history_value


def _prepared(prepare: Prepare | None, value: Any) -> Any:
    return value if prepare is None else prepare(value)
