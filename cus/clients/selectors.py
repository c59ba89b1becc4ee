"""Reads on the client registry, scoped to the actor: clients, what is recorded under them, their timeline.

The registry sits below plans, contracts and deliveries and imports none of them: what only those apps know
(which clients a provider serves, who has an active plan, the plans on a client's timeline) they contribute
from their ``AppConfig.ready()`` (see ``contributed`` and ``client_timeline``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import BooleanField, Exists, ExpressionWrapper, Model, OuterRef, Q, QuerySet

from cus.catalogue.models import Provider, ServiceType
from cus.core.access import Perm, can, scope
from cus.core.context import Actor
from cus.core.dates import add_months, last_of_month
from cus.core.history import HistorySource, Timeline
from cus.core.models import Role, User

from . import matching
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

# --- What the apps built on the registry contribute -------------------------------------------------------


def _no_clients(*args: Any) -> QuerySet[Any]:
    return Client.objects.none().values("pk")


@dataclass
class Contributions:
    """Queries on clients that only the apps built on the registry can answer, set from their
    ``AppConfig.ready()`` (the plans app sets both). Each returns a lazy queryset of client ids, used as a
    subquery; until an app sets it, it names no client (so nobody sees more than they should)."""

    # The clients a provider serves (an assigned planned service on an ongoing plan): fn(provider_id).
    served_by_provider: Callable[[UUID], QuerySet[Any]] = _no_clients
    # The clients whose plan is active now: fn().
    with_active_plan: Callable[[], QuerySet[Any]] = _no_clients


contributed = Contributions()

# --- Clients and what is recorded under them ----------------------------------------------------------


def clients_for(actor: Actor) -> QuerySet[Client]:
    """The clients the actor may read in this registry.

    The centre's staff (admin, manager, coordinator) read every client of the centre. Provider staff
    read the clients their provider serves (an assigned planned service on an ongoing plan), and the API
    shows them only what delivery needs (``ProviderClientSerializer``). Volunteers read none here.
    """
    queryset = scope(
        Client.objects.filter(merged_into__isnull=True).select_related("coordinator").prefetch_related("distinct_from"),
        actor,
    )
    if can(actor, Perm.VIEW_CLIENTS):
        return queryset
    if can(actor, Perm.VIEW_ASSIGNED_SERVICES) and actor.provider_id is not None:
        return queryset.filter(pk__in=contributed.served_by_provider(actor.provider_id))
    return queryset.none()


def client_summaries_for(actor: Actor) -> QuerySet[Client]:
    """The clients the actor may read, for a list: with ``has_active_plan``, without the ``distinct_from`` pairs."""
    return clients_for(actor).prefetch_related(None).annotate(
        has_active_plan=ExpressionWrapper(Q(pk__in=contributed.with_active_plan()), output_field=BooleanField())
    )


def filter_has_active_plan(queryset: QuerySet[Client], has_active_plan: bool) -> QuerySet[Client]:
    """The clients with (True) or without (False) an active individual plan."""
    ids = contributed.with_active_plan()
    return queryset.filter(pk__in=ids) if has_active_plan else queryset.exclude(pk__in=ids)


def can_edit_client(actor: Actor, client: Client) -> bool:
    """Coordinators edit their own caseload and unassigned clients; everyone else only reads."""
    return can(actor, Perm.EDIT_CLIENTS) and client.coordinator_id in (None, actor.user.pk)


def can_view_access_log(actor: Actor, client: Client) -> bool:
    """Admins and the data-protection officer (the centre's whole log), and the client's own coordinator."""
    if not can(actor, Perm.VIEW_ACCESS_LOG):
        return False
    return can(actor, Perm.AUDIT_ACCESS_LOG) or client.coordinator_id == actor.user.pk


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


def followup_cutoff(today: dt.date) -> dt.date:
    """The latest exit date whose six-month follow-up is due by ``today`` (the inverse of ``followup_due``:
    leaving on 31 August is due on 28 February, so on the last day of a month every later day of the month six
    months back is due too)."""
    back = add_months(today, -6)
    last = last_of_month(back)
    if today == last_of_month(today):
        return last
    return back.replace(day=min(today.day, last.day))


def due_for_followup(queryset: QuerySet[Participation], today: dt.date) -> QuerySet[Participation]:
    """Ended participations whose six months have passed and whose follow-up is not recorded."""
    return queryset.filter(
        exit_date__isnull=False,
        exit_date__lte=followup_cutoff(today),
        followup_in_employment__isnull=True,
        followup_improved_situation__isnull=True,
    )


# A participation's project is a contracts.FundingSource; the registry reaches that model through the
# participation's foreign key rather than importing contracts (which builds on clients).
FundingSource: type[Model] = Participation._meta.get_field("funding_source").related_model


def participation_projects_for(actor: Actor) -> QuerySet[Any]:
    """The funding sources (projects) a participation may be in: the centre's, for who manages participations."""
    if not can(actor, Perm.MANAGE_PARTICIPATIONS):
        return FundingSource._default_manager.none()
    return scope(FundingSource._default_manager.all(), actor)


def can_manage_participation(actor: Actor, client: Client) -> bool:
    """Coordinators manage the participations of their own caseload and of unassigned clients."""
    return can(actor, Perm.MANAGE_PARTICIPATIONS) and client.coordinator_id in (None, actor.user.pk)


def access_log_of(client: Client) -> QuerySet[ClientAccessLog]:
    """Who read the client's record, newest first (the caller checks can_view_access_log)."""
    return ClientAccessLog.objects.filter(client=client).select_related("user").order_by("-at", "-id")


def access_log_for(actor: Actor) -> QuerySet[ClientAccessLog]:
    """The centre's whole access log, newest first: for the data-protection officer and the administrators."""
    if not can(actor, Perm.AUDIT_ACCESS_LOG):
        return ClientAccessLog.objects.none()
    return scope(ClientAccessLog.objects.select_related("user", "client"), actor).order_by("-at", "-id")



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
    return ServiceType.objects.usable_in(actor.centre_id).filter(active=True)


def possible_duplicates(
    *,
    centre_id: UUID,
    first_name: str,
    last_name: str,
    birth_date: dt.date,
    sex: str,
    exclude: Client | None = None,
) -> list[Client]:
    """Live clients of the centre likely the same person: same birth date and names alike (``matching``), ignoring
    case, accents and small spelling differences.

    Pairs already confirmed as different persons (``distinct_from``) are not offered again.
    """
    queryset = Client.objects.filter(centre_id=centre_id, merged_into__isnull=True)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk).exclude(distinct_from=exclude)
    matches = matching.likely_same_person_as(
        queryset, first_name=first_name, last_name=last_name, birth_date=birth_date, sex=sex
    )
    return list(matches.order_by("reference"))


def national_id_holder(*, centre_id: UUID, national_id: str, exclude: Client | None = None) -> Client | None:
    """The live client of the centre registered with ``national_id`` (unique: a constraint), if any."""
    if not national_id:
        return None
    queryset = Client.objects.filter(centre_id=centre_id, national_id=national_id, merged_into__isnull=True)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.first()


def survivor_of(actor: Actor, client_id: Any) -> Client | None:
    """The record a merged client of the actor's reach was merged into (a pointer for a reader of the old id)."""
    try:
        UUID(str(client_id))
    except ValueError:
        return None
    return clients_for(actor).filter(absorbed__pk=client_id).first()


@dataclass(frozen=True)
class DuplicatePair:
    """Two live records of a centre likely the same person, with how alike their names are (0 to 1)."""

    left: Client
    right: Client
    score: float


def duplicate_pairs_for(actor: Actor) -> list[DuplicatePair]:
    """The likely duplicates among the centre's live records, most alike first (for who may merge them).

    Two queries whatever the size of the centre: the records sharing a birth date with another live record, and
    the pairs confirmed as different persons; the pairs are scored in Python with the rule of ``matching`` (the
    same trigram similarity pg_trgm computes), within each birth date.
    """
    if not can(actor, Perm.MERGE_CLIENTS):
        return []
    live = scope(Client.objects.filter(merged_into__isnull=True), actor)
    twin = live.filter(birth_date=OuterRef("birth_date")).exclude(pk=OuterRef("pk"))
    candidates = list(live.filter(Exists(twin)).select_related("coordinator").order_by("birth_date", "reference"))
    through = Client.distinct_from.through
    distinct = set(
        through.objects.filter(from_client__in=[c.pk for c in candidates]).values_list("from_client_id", "to_client_id")
    ) if candidates else set()
    by_date: dict[dt.date, list[Client]] = {}
    for candidate in candidates:
        by_date.setdefault(candidate.birth_date, []).append(candidate)
    pairs: list[DuplicatePair] = []
    for group in by_date.values():
        for index, left in enumerate(group):
            for right in group[index + 1 :]:
                if (left.pk, right.pk) in distinct:
                    continue
                score = matching.likely_same_person(left, right)
                if score is not None:
                    pairs.append(DuplicatePair(left, right, round(score, 3)))
    pairs.sort(key=lambda pair: (-pair.score, pair.left.reference, pair.right.reference))
    return pairs


# --- History: one timeline of the client and everything under it ---------------------------------------


def _assessment_ids(client: Client) -> QuerySet[Any]:
    return Assessment.history.filter(client_id=client.pk).values("id")


def _under_client(model: Any) -> Callable[[Client], QuerySet[Any]]:
    return lambda client: model.history.filter(client_id=client.pk)


# The client's record and everything recorded under it, newest first; the plans app adds plans, goals,
# planned services and reviews from its AppConfig.ready().
client_timeline = Timeline("client").add(
    HistorySource("client", Client, lambda client: Client.history.filter(id=client.pk)),
    HistorySource("consent", Consent, _under_client(Consent)),
    HistorySource("contact", ContactPerson, _under_client(ContactPerson)),
    HistorySource("referral", Referral, _under_client(Referral)),
    HistorySource("assessment", Assessment, _under_client(Assessment)),
    HistorySource(
        "assessment_area",
        AssessmentArea,
        lambda client: AssessmentArea.history.filter(assessment_id__in=_assessment_ids(client)),
        frozenset({"assessment"}),
    ),
    HistorySource(
        "identified_need",
        IdentifiedNeed,
        lambda client: IdentifiedNeed.history.filter(assessment_id__in=_assessment_ids(client)),
        frozenset({"assessment"}),
    ),
)
