"""Reads on the client registry, scoped to the actor: clients, what is recorded under them, history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import CharField, Model, Q, QuerySet, Value
from django.db.models.fields.files import FieldFile

from cus.catalogue.models import Provider, ServiceType
from cus.core.access import Perm, can, scope
from cus.core.context import Actor
from cus.core.models import Role, User

from .models import (
    Assessment,
    AssessmentArea,
    Client,
    ClientAccessLog,
    Consent,
    ContactPerson,
    IdentifiedNeed,
    Participation,
    Referral,
)

# --- Clients and what is recorded under them ----------------------------------------------------------


def clients_for(actor: Actor) -> QuerySet[Client]:
    """The clients the actor may read in this registry.

    The centre's staff (admin, manager, coordinator) read every client of the centre. Provider staff
    read the clients their provider serves (an assigned planned service on an ongoing plan), and the API
    shows them only what delivery needs (``ProviderClientSerializer``). Volunteers read none here.
    """
    queryset = scope(Client.objects.select_related("coordinator").prefetch_related("distinct_from"), actor)
    if can(actor, Perm.VIEW_CLIENTS):
        return queryset
    if can(actor, Perm.VIEW_ASSIGNED_SERVICES) and actor.provider_id is not None:
        from cus.plans.selectors import client_ids_assigned_to_provider  # plans builds on clients

        return queryset.filter(pk__in=client_ids_assigned_to_provider(actor.provider_id))
    return queryset.none()


def filter_has_active_plan(queryset: QuerySet[Client], has_active_plan: bool) -> QuerySet[Client]:
    """The clients with (True) or without (False) an active individual plan."""
    from cus.plans.selectors import client_ids_with_active_plan  # plans builds on clients

    ids = client_ids_with_active_plan()
    return queryset.filter(pk__in=ids) if has_active_plan else queryset.exclude(pk__in=ids)


def can_edit_client(actor: Actor, client: Client) -> bool:
    """Coordinators edit their own caseload and unassigned clients; everyone else only reads."""
    return can(actor, Perm.EDIT_CLIENTS) and client.coordinator_id in (None, actor.user.pk)


def can_view_access_log(actor: Actor, client: Client) -> bool:
    """Admins, and the client's own coordinator."""
    if not can(actor, Perm.VIEW_ACCESS_LOG):
        return False
    return actor.role == Role.ADMIN or client.coordinator_id == actor.user.pk


def _under_clients[M: Model](queryset: QuerySet[M], actor: Actor) -> QuerySet[M]:
    """Records kept under a client: only for roles that read the full record (never for providers)."""
    queryset = scope(queryset, actor)
    if can(actor, Perm.VIEW_CLIENTS) and can(actor, Perm.VIEW_SENSITIVE):
        return queryset
    return queryset.none()


def consents_for(actor: Actor) -> QuerySet[Consent]:
    return _under_clients(
        Consent.objects.select_related("client", "recorded_by").prefetch_related("providers"), actor
    )


def contacts_for(actor: Actor) -> QuerySet[ContactPerson]:
    return _under_clients(ContactPerson.objects.select_related("client"), actor)


def referrals_for(actor: Actor) -> QuerySet[Referral]:
    return _under_clients(Referral.objects.select_related("client", "received_by"), actor)


def assessments_for(actor: Actor) -> QuerySet[Assessment]:
    return _under_clients(
        Assessment.objects.select_related("client", "assessor").prefetch_related(
            "areas", "needs__service_type"
        ),
        actor,
    )


def participations_for(actor: Actor) -> QuerySet[Participation]:
    """ESF+ participations: every one of the centre for its staff (coordinators change only their own
    caseload's: see services); none for provider staff and volunteers."""
    if not can(actor, Perm.VIEW_PARTICIPATIONS):
        return Participation.objects.none()
    return scope(Participation.objects.select_related("client", "funding_source"), actor)


def participation_projects_for(actor: Actor) -> QuerySet[Any]:
    """The funding sources (projects) a participation may be in: the centre's, as the actor reads them."""
    from cus.contracts.selectors import funding_sources_for  # here: contracts builds on clients


    return funding_sources_for(actor)


def can_manage_participation(actor: Actor, client: Client) -> bool:
    """Coordinators manage the participations of their own caseload and of unassigned clients."""
    return can(actor, Perm.MANAGE_PARTICIPATIONS) and client.coordinator_id in (None, actor.user.pk)


def access_log_of(client: Client) -> QuerySet[ClientAccessLog]:
    """Who read the client's record, newest first (the caller checks can_view_access_log)."""
    return ClientAccessLog.objects.filter(client=client).select_related("user").order_by("-at", "-id")


# --- Choices offered to writers -------------------------------------------------------------------------


def coordinators_for(actor: Actor) -> QuerySet[User]:
    """Users who may be a client's coordinator: active coordinators of the actor's centre."""
    return User.objects.filter(
        memberships__centre_id=actor.centre_id,
        memberships__role=Role.COORDINATOR,
        memberships__is_active=True,
        is_active=True,
    ).distinct()


def consent_providers_for(actor: Actor) -> QuerySet[Provider]:
    """Providers a consent may name: the centre's own."""
    return scope(Provider.objects.all(), actor)


def need_service_types_for(actor: Actor) -> QuerySet[ServiceType]:
    """Service types a need may map to: active shipped types and the centre's own active types."""
    return ServiceType.objects.filter(Q(centre__isnull=True) | Q(centre_id=actor.centre_id), active=True)


def possible_duplicates(
    *,
    centre_id: UUID,
    first_name: str,
    last_name: str,
    birth_date: dt.date,
    national_id: str,
    exclude: Client | None = None,
) -> list[Client]:
    """Clients of the centre that may be the same person: same national ID, or same name and birth date.

    Pairs already confirmed as different persons (``distinct_from``) are not offered again.
    """
    match = Q(first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip(), birth_date=birth_date)
    if national_id:
        match |= Q(national_id=national_id)
    queryset = Client.objects.filter(match, centre_id=centre_id)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk).exclude(distinct_from=exclude)
    return list(queryset.order_by("reference"))


# --- History: one timeline of the client and everything under it ---------------------------------------


@dataclass(frozen=True)
class HistorySource:
    """One historical model that belongs on a client's timeline.

    ``records_of`` returns that model's historical records for a client (including records of
    deleted rows). Other apps (plans, deliveries) add their own sources with ``add_history_source``.
    """

    name: str
    history_model: Any  # the historical model simple_history generated (untyped)
    records_of: Callable[[Client], QuerySet[Any]]
    excluded_fields: frozenset[str] = field(default_factory=frozenset)


# Bookkeeping fields that say nothing to a reader of the timeline.
TIMELINE_EXCLUDED_FIELDS = frozenset({"id", "centre", "created_at", "updated_at"})


def _assessment_ids(client: Client) -> QuerySet[Any]:
    return Assessment.history.filter(client_id=client.pk).values("id")


HISTORY_SOURCES: list[HistorySource] = [
    HistorySource("client", Client.history.model, lambda c: Client.history.filter(id=c.pk)),
    HistorySource("consent", Consent.history.model, lambda c: Consent.history.filter(client_id=c.pk)),
    HistorySource("contact", ContactPerson.history.model, lambda c: ContactPerson.history.filter(client_id=c.pk)),
    HistorySource("referral", Referral.history.model, lambda c: Referral.history.filter(client_id=c.pk)),
    HistorySource("assessment", Assessment.history.model, lambda c: Assessment.history.filter(client_id=c.pk)),
    HistorySource(
        "assessment_area",
        AssessmentArea.history.model,
        lambda c: AssessmentArea.history.filter(assessment_id__in=_assessment_ids(c)),
        frozenset({"assessment"}),
    ),
    HistorySource(
        "identified_need",
        IdentifiedNeed.history.model,
        lambda c: IdentifiedNeed.history.filter(assessment_id__in=_assessment_ids(c)),
        frozenset({"assessment"}),
    ),
]


def add_history_source(source: HistorySource) -> None:
    """Put another app's historical model on the client timeline (call from its AppConfig.ready)."""
    if all(existing.name != source.name for existing in HISTORY_SOURCES):
        HISTORY_SOURCES.append(source)


def history_index(client: Client) -> QuerySet[Any]:
    """Every historical record of the client's timeline as rows {timeline_source, history_id, history_date},
    newest first: one query, so it can be counted and paginated; ``timeline_entries`` renders a page.
    """
    parts = [
        source.records_of(client)
        .order_by()
        .annotate(timeline_source=Value(source.name, output_field=CharField()))
        .values("timeline_source", "history_id", "history_date")
        for source in HISTORY_SOURCES
    ]
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    user: User | None
    model: str
    object_id: Any
    change_type: str
    reason: str
    changes: list[FieldChange]


CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def _plain(value: Any) -> Any:
    """A value fit for JSON: files become their stored name."""
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def _changes(record: Any, previous: Any | None, source: HistorySource) -> list[FieldChange]:
    excluded = TIMELINE_EXCLUDED_FIELDS | source.excluded_fields
    opts = source.history_model._meta
    if record.history_type == "-":
        return []
    if previous is None:
        # A creation: every field it was created with, from nothing.
        names = sorted(f.name for f in record.tracked_fields if f.editable and f.name not in excluded)
        values = {name: _plain(getattr(record, opts.get_field(name).attname)) for name in names}
        return [FieldChange(name, None, value) for name, value in values.items() if value not in (None, "", [], {})]
    delta = record.diff_against(previous, excluded_fields=excluded)
    return [FieldChange(change.field, _plain(change.old), _plain(change.new)) for change in delta.changes]


def timeline_entries(rows: Iterable[dict[str, Any]]) -> list[TimelineEntry]:
    """Render rows of ``history_index`` (one page) as entries with the field-by-field changes.

    Queries: two per kind of record on the page (the records, and every record of their objects to
    find each one's predecessor), whatever the page size.
    """
    rows = list(rows)
    sources = {source.name: source for source in HISTORY_SOURCES}
    wanted: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        wanted[row["timeline_source"]].append(row["history_id"])
    rendered: dict[tuple[str, int], TimelineEntry] = {}
    for name, history_ids in wanted.items():
        source = sources[name]
        records = list(
            source.history_model._default_manager.filter(history_id__in=history_ids).select_related("history_user")
        )
        predecessors = _predecessors(source, {record.id for record in records})
        for record in records:
            rendered[(name, record.history_id)] = TimelineEntry(
                at=record.history_date,
                user=record.history_user,
                model=name,
                object_id=record.id,
                change_type=CHANGE_TYPES[record.history_type],
                reason=record.history_change_reason or "",
                changes=_changes(record, predecessors.get(record.history_id), source),
            )
    return [rendered[(row["timeline_source"], row["history_id"])] for row in rows]


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
