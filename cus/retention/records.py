"""Everything held about a person, found by walking the models' foreign keys (so a new table cannot be forgotten).

``linked_models(Client)`` is every model that points to a client through a chain of foreign keys (a consent, an
assessment's areas, a plan's goals, a planned service's deliveries, a volunteer's hours for the client, ...), in an
order where the models a row points to come first. ``collect(Client, ids)`` follows those keys through the live
tables *and* the history tables (records deleted since are found through their history), giving the ids of every
row that is about those clients. The subject-access copy writes them out; the anonymiser rewrites them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from graphlib import TopologicalSorter
from typing import Any, cast

from django.apps import apps
from django.db import models
from django.db.models import Model
from simple_history.models import HistoricalChanges

CHUNK = 500  # ids per IN (...) list: well inside SQLite's and PostgreSQL's limits


@dataclass(frozen=True)
class Linked:
    """A model that holds data about the root, and the foreign keys through which it does (name, target model)."""

    model: type[Model]
    links: tuple[tuple[str, type[Model]], ...]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def is_historical(model: type[Model]) -> bool:
    return issubclass(model, HistoricalChanges)


def history_model(model: type[Model]) -> type[Model] | None:
    """The model's history table (django-simple-history), if it keeps one."""
    manager = getattr(model, "history", None)
    found = getattr(manager, "model", None)
    return found if found is not None and is_historical(found) else None


def foreign_keys(model: type[Model]) -> list[models.Field]:
    return [
        field for field in model._meta.concrete_fields
        if field.is_relation and (field.many_to_one or field.one_to_one) and field.related_model is not None
    ]


@cache
def linked_models(root: type[Model]) -> tuple[Linked, ...]:
    """Every model that points to ``root`` through foreign keys, each after the models it points through."""
    candidates = [model for model in apps.get_models() if not is_historical(model) and model is not root]
    reached: set[type[Model]] = {root}
    grew = True
    while grew:
        grew = False
        for model in candidates:
            if model not in reached and any(fk.related_model in reached for fk in foreign_keys(model)):
                reached.add(model)
                grew = True
    links = {
        model: tuple(
            (fk.name, fk.related_model) for fk in foreign_keys(model)
            if fk.related_model in reached and fk.related_model is not model
        )
        for model in reached - {root}
    }
    graph = {model: {target for _name, target in model_links if target is not root}
             for model, model_links in links.items()}
    order = TopologicalSorter(graph).static_order()  # raises CycleError if the keys ever go round in a circle
    return tuple(Linked(model, links[model]) for model in order)


def _ids_where(queryset: Any, attname: str, values: Iterable[Any], id_field: str = "pk") -> set[Any]:
    found: set[Any] = set()
    values = list(values)
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        found.update(queryset.filter(**{f"{attname}__in": chunk}).values_list(id_field, flat=True))
    return found


def collect(root: type[Model], root_ids: Iterable[Any]) -> dict[type[Model], set[Any]]:
    """The ids of every row about the ``root_ids`` (the root's own included), per model, live or deleted."""
    ids: dict[type[Model], set[Any]] = {root: set(root_ids)}
    for linked in linked_models(root):
        found: set[Any] = set()
        history = history_model(linked.model)
        tracked = {field.attname for field in history._meta.concrete_fields} if history is not None else set()
        for name, target in linked.links:
            attname = cast(models.Field, linked.model._meta.get_field(name)).attname
            if not ids.get(target):
                continue
            found |= _ids_where(linked.model._base_manager.all(), attname, ids[target])
            if history is not None and attname in tracked:
                found |= _ids_where(history._default_manager.all(), attname, ids[target], "id")
        ids[linked.model] = found
    return ids


def rows(model: type[Model], ids: Iterable[Any]) -> list[Model]:
    """The live rows of ``model`` with these ids, oldest first."""
    found: list[Model] = []
    ids = sorted(ids, key=str)
    for start in range(0, len(ids), CHUNK):
        found.extend(model._base_manager.filter(pk__in=ids[start : start + CHUNK]))
    return sorted(found, key=_created_order)


def history_rows(model: type[Model], ids: Iterable[Any]) -> list[Any]:
    """The history records of the rows with these ids, oldest first (none when the model keeps no history)."""
    history = history_model(model)
    if history is None:
        return []
    found: list[Any] = []
    ids = sorted(ids, key=str)
    for start in range(0, len(ids), CHUNK):
        found.extend(history._default_manager.filter(id__in=ids[start : start + CHUNK]).select_related("history_user"))
    return sorted(found, key=lambda record: (record.history_date, record.history_id))


def _created_order(row: Model) -> tuple[str, str]:
    created = getattr(row, "created_at", None) or getattr(row, "at", None)
    return (created.isoformat() if created else "", str(row.pk))
