"""Anonymisation: what is about a person is removed or replaced; the rows stay, so every count stays the same.

Never a delete. For the clients given, every row found by ``records.collect`` (live and in the history tables) is
rewritten: names and the case reference replaced by a token, the birth date coarsened to its year, national IDs,
contacts, addresses, free text and evidence files removed (``ANONYMISED_FIELDS``), the change reasons of their
history cleared, and the same values written into every historical version, so no old value survives there.
What reports count (dates, codes, amounts, units, the ESF+ snapshots, the links between rows) is never touched,
so every figure computed before is computed again the same. Finally a sweep removes the person's names,
identifiers, phones and e-mails wherever they were written as text in any other record (a reason naming the
case reference, a note naming the person), history included.

Delivery logs past their own retention lose their free text the same way (``clear_delivery_texts``) while the
client's file is still kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Model, Q

from cus.clients.models import Client
from cus.core.history import stamp
from cus.deliveries.models import Delivery

from . import records
from .models import Anonymisation

REMOVED = "[removed]"
ANONYMISED_NAME = "Anonymised"

# Text that is not about the person and stays (codes, the staff's own access-log entries, the coarse area a
# service was planned for). Every other text, file or free-form field of a row about the client is cleared,
# so a field added later is anonymised unless it is named here.
KEPT_TEXT: dict[str, frozenset[str]] = {
    "clients.client": frozenset({"municipality", "area"}),
    "clients.contactperson": frozenset({"relation"}),
    "clients.clientaccesslog": frozenset({"role", "action", "path", "user_agent", "purpose"}),
    "plans.plan": frozenset({"closure_reason"}),
    "volunteers.volunteerassignment": frozenset({"community_activity"}),
    "quality.surveyinvitation": frozenset({"token_hash"}),
    "retention.subjectaccessexport": frozenset({"filename", "sha256"}),
}
# Choice fields that still identify the person.
CLEARED_CHOICES: dict[str, frozenset[str]] = {"clients.client": frozenset({"national_id_country"})}
# The history of these models is the staff's own accountability record and keeps its reasons.
KEEPS_CHANGE_REASONS = frozenset({"clients.clientaccesslog"})
# Where the sweep never looks: the staff's own accounts (a colleague may share a client's name).
NOT_SWEPT = frozenset({"core.user", "core.historicaluser", "core.invitation", "core.historicalinvitation"})
# Terms shorter than this are not swept (a two-letter fragment would match everywhere).
MIN_TERM = 5


def _text_field(field: models.Field) -> bool:
    return isinstance(field, models.CharField | models.TextField | models.FileField)


def cleared_values(model: type[Model]) -> dict[str, Any]:
    """Field name -> the value a row of ``model`` about an anonymised client gets (the client's own names,
    reference and birth date are set per client in ``_anonymise_client_rows``)."""
    label = model._meta.label_lower
    kept = KEPT_TEXT.get(label, frozenset())
    cleared_choices = CLEARED_CHOICES.get(label, frozenset())
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.is_relation or field.name in kept:
            continue
        if isinstance(field, models.BinaryField):
            values[field.name] = None if field.null else b""
        elif isinstance(field, models.JSONField):
            values[field.name] = field.get_default()
        elif _text_field(field):
            if field.choices and field.name not in cleared_choices:
                continue
            values[field.name] = ""
    return values


@dataclass(frozen=True)
class Terms:
    """What identifies the people being anonymised, as text that may have been written anywhere."""

    literal: frozenset[str]

    def pattern(self) -> re.Pattern[str] | None:
        if not self.literal:
            return None
        alternatives = "|".join(re.escape(term) for term in sorted(self.literal, key=len, reverse=True))
        return re.compile(rf"(?<![\w/])(?:{alternatives})(?![\w/])", re.IGNORECASE)


def identifying_terms(client_ids: Iterable[Any]) -> Terms:
    """Every name (both orders), national ID, phone, e-mail and case reference the clients ever had (their
    history included)."""
    history = Client.history.model
    terms: set[str] = set()
    fields = ("first_name", "last_name", "national_id", "phone", "carer_phone", "email", "reference")
    ids = list(client_ids)
    versions = [*Client.objects.filter(pk__in=ids).values(*fields), *history._default_manager.filter(id__in=ids).values(*fields)]
    for version in versions:
        first, last = version["first_name"].strip(), version["last_name"].strip()
        if first and last:
            terms.update({f"{first} {last}", f"{last} {first}", f"{last}, {first}"})
        for key in ("national_id", "email", "reference"):
            terms.add(version[key].strip())
        for key in ("phone", "carer_phone"):
            phone = version[key].strip()
            terms.add(phone)
            digits = re.sub(r"\D", "", phone)
            if len(digits) >= 7:
                terms.add(digits)
    return Terms(frozenset(term for term in terms if len(term) >= MIN_TERM and not term.startswith("ANON-")))


def anonymised_reference(client_id: Any) -> str:
    return f"ANON-{str(client_id).replace('-', '')[:12].upper()}"


@transaction.atomic
def anonymise_clients(clients: Sequence[Client], *, category: str, reason: str = "") -> int:
    """Anonymise the clients and everything about them, and mark them (``Anonymisation``); the clients already
    anonymised are skipped. Returns how many were anonymised. One transaction: all or nothing."""
    ids = [client.pk for client in clients]
    done = set(Anonymisation.objects.filter(client_id__in=ids).values_list("client_id", flat=True))
    ids = [pk for pk in ids if pk not in done]
    if not ids:
        return 0
    list(Client.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    terms = identifying_terms(ids)
    held = records.collect(Client, ids)
    _anonymise_client_rows(ids)
    for linked in records.linked_models(Client):
        _clear_rows(linked.model, held.get(linked.model, set()))
    sweep(terms)
    centre_of = dict(Client.objects.filter(pk__in=ids).values_list("pk", "centre_id"))
    Anonymisation.objects.bulk_create(
        Anonymisation(centre_id=centre_of[pk], client_id=pk, category=category) for pk in ids
    )
    for client in Client.objects.filter(pk__in=ids):  # one history entry saying what happened, with no old value
        stamp(client, user=None, reason=reason or f"anonymised ({category})")
        client.save(update_fields=["updated_at"])
    return len(ids)


def _anonymise_client_rows(ids: Sequence[Any]) -> None:
    cleared = cleared_values(Client)
    history = Client.history.model
    for pk, birth_date in Client.objects.filter(pk__in=ids).values_list("pk", "birth_date"):
        values = {
            **cleared,
            "first_name": ANONYMISED_NAME,
            "last_name": "",
            "reference": anonymised_reference(pk),
            "birth_date": birth_date.replace(month=1, day=1),
        }
        _delete_files(Client, Client.objects.filter(pk=pk))
        _delete_files(Client, history._default_manager.filter(id=pk))
        Client.objects.filter(pk=pk).update(**values)
        history._default_manager.filter(id=pk).update(**values, history_change_reason="")


def _clear_rows(model: type[Model], ids: Iterable[Any], values: dict[str, Any] | None = None) -> int:
    """Clear the fields of the rows with these ids and of every historical version of them; the number of
    live rows."""
    ids = list(ids)
    if not ids:
        return 0
    values = cleared_values(model) if values is None else values
    history = records.history_model(model)
    changed = 0
    for start in range(0, len(ids), records.CHUNK):
        chunk = ids[start : start + records.CHUNK]
        live = model._base_manager.filter(pk__in=chunk)
        _delete_files(model, live)
        if values:
            changed += live.update(**values)
        if history is not None:
            versions = history._default_manager.filter(id__in=chunk)
            tracked = {field.name for field in history._meta.concrete_fields}
            history_values = {name: value for name, value in values.items() if name in tracked}
            if model._meta.label_lower not in KEEPS_CHANGE_REASONS:
                history_values["history_change_reason"] = ""
            _delete_files(model, versions)
            if history_values:
                versions.update(**history_values)
    return changed


def _delete_files(model: type[Model], queryset: Any) -> None:
    """Remove the stored files the rows name, once the transaction commits (a rollback keeps them)."""
    file_fields = [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]
    for field in file_fields:
        names = [name for name in queryset.exclude(**{field.attname: ""}).values_list(field.attname, flat=True) if name]
        for name in names:
            transaction.on_commit(_deleter(field.storage, name))


def _deleter(storage: Any, name: str) -> Any:
    return lambda: storage.delete(name)


DELIVERY_TEXT_FIELDS = ("worker_name", "note", "status_reason", "request_fingerprint", "confirmation_signature")


def delivery_texts_present() -> Q:
    """The delivery logs that still hold some free text."""
    present = Q()
    for name in DELIVERY_TEXT_FIELDS:
        present |= ~Q(**{name: ""})
    return present


@transaction.atomic
def clear_delivery_texts(delivery_ids: Iterable[Any]) -> int:
    """Delivery logs past their retention keep their figures (date, units, cost, outcome) and lose what was
    written about the visit: the worker's name, notes, reasons and the client's signature."""
    return _clear_rows(Delivery, delivery_ids, dict.fromkeys(DELIVERY_TEXT_FIELDS, ""))


# --- the sweep --------------------------------------------------------------------------------------------------


def swept_columns() -> list[tuple[type[Model], str]]:
    """Every text column of CUS's own tables (history tables included) where a name may have been written."""
    columns = []
    for model in apps.get_models():
        if not model.__module__.startswith("cus.") or model._meta.label_lower in NOT_SWEPT:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices and not field.is_relation:
                columns.append((model, field.attname))
    return columns


TERMS_PER_QUERY = 50


def sweep(terms: Terms) -> int:
    """Replace the terms wherever they were written in a text column; the number of values changed."""
    pattern = terms.pattern()
    if pattern is None:
        return 0
    literal = sorted(terms.literal)
    changed = 0
    for model, column in swept_columns():
        manager = model._base_manager
        found: dict[Any, str] = {}
        for start in range(0, len(literal), TERMS_PER_QUERY):
            match = Q()
            for term in literal[start : start + TERMS_PER_QUERY]:
                match |= Q(**{f"{column}__icontains": term})
            found.update(manager.filter(match).values_list("pk", column))
        updates: dict[str, list[Any]] = defaultdict(list)
        for pk, text in found.items():
            if text and pattern.search(text):
                updates[pattern.sub(REMOVED, text)].append(pk)
        for text, pks in updates.items():
            changed += manager.filter(pk__in=pks).update(**{column: text})
    return changed
