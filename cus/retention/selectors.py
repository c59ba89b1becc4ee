"""Reads on subject rights and retention, scoped to the actor; and the disposal plan (what has passed its retention
on a given day), which the dry run shows and the daily job carries out.

When a client's file has passed its retention (all of these must hold; a legal hold in force stops it):

- the case is closed, with no ongoing plan and no open ESF+ participation;
- the *case file* rule's years (or the *unsuccessful referral* rule's, for a client who never had an activated
  plan nor a delivery) have passed since the closure;
- the *delivery logs* rule's years have passed since the client's last delivery;
- if the client took part in an ESF+ project or received ESF+-funded services: the *EU project* rule's date.

Years run from 1 January of the year after the event (archival practice in PL, CZ and SI): a case closed on
12 March 2020 and kept 10 years is due on 1 January 2031. Delivery logs past their own retention lose their free
text even while the client's file is kept (not those of an ESF+ source before its date); subject-access copies
are removed when their download period ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone

from cus.clients.models import Client, ClientStatus, Participation
from cus.contracts.models import FundingKind
from cus.core.access import Perm, can, scope
from cus.core.context import Actor
from cus.core.models import Centre
from cus.deliveries.models import Delivery
from cus.plans.models import ONGOING_PLAN_STATUSES, Plan

from .anonymiser import delivery_texts_present
from .defaults import default_rule
from .models import (
    FIXED_DATE_CATEGORIES,
    Anonymisation,
    DisposalCategory,
    DisposalLog,
    ErasureRequest,
    LegalHold,
    RecordCategory,
    RetentionRule,
    SubjectAccessExport,
)

EU_FUNDING_KINDS = (FundingKind.ESF_PLUS,)
PLAN_ITEMS_SHOWN = 200  # items a dry run lists per category (the count is always complete)

# --- records, scoped to the actor ------------------------------------------------------------------------------


def exports_for(actor: Actor) -> QuerySet[SubjectAccessExport]:
    """Subject-access copies of the centre's clients (their content is not loaded)."""
    if not can(actor, Perm.VIEW_SUBJECT_RIGHTS):
        return SubjectAccessExport.objects.none()
    return scope(
        SubjectAccessExport.objects.select_related("client", "requested_by", "task_run").defer("content"), actor
    )


def export_content(export: SubjectAccessExport) -> bytes | None:
    content = SubjectAccessExport.objects.filter(pk=export.pk).values_list("content", flat=True).first()
    return bytes(content) if content is not None else None


def erasure_requests_for(actor: Actor) -> QuerySet[ErasureRequest]:
    if not can(actor, Perm.VIEW_SUBJECT_RIGHTS):
        return ErasureRequest.objects.none()
    return scope(ErasureRequest.objects.select_related("client", "recorded_by", "decided_by"), actor)


def holds_for(actor: Actor) -> QuerySet[LegalHold]:
    """Legal holds: for who reads retention, and for who handles subject rights (a hold decides an erasure)."""
    if not (can(actor, Perm.VIEW_RETENTION) or can(actor, Perm.VIEW_SUBJECT_RIGHTS)):
        return LegalHold.objects.none()
    return scope(LegalHold.objects.select_related("client", "placed_by", "released_by"), actor)


def rules_for(actor: Actor) -> QuerySet[RetentionRule]:
    if not can(actor, Perm.VIEW_RETENTION):
        return RetentionRule.objects.none()
    return scope(RetentionRule.objects.all(), actor)


def disposal_log_for(actor: Actor) -> QuerySet[DisposalLog]:
    if not can(actor, Perm.VIEW_RETENTION):
        return DisposalLog.objects.none()
    return scope(DisposalLog.objects.all(), actor)


def subjects_for(actor: Actor) -> QuerySet[Client]:
    """The clients whose rights the actor may act on: the centre's, for who handles subject rights."""
    if not can(actor, Perm.VIEW_SUBJECT_RIGHTS):
        return Client.objects.none()
    return scope(Client.objects.all(), actor)


def is_anonymised(client: Client) -> bool:
    return Anonymisation.objects.filter(client=client).exists()


def has_active_hold(client: Client) -> bool:
    return LegalHold.objects.filter(client=client, released_at__isnull=True).exists()


# --- rules -----------------------------------------------------------------------------------------------------


def default_for(centre: Centre, category: str) -> RetentionRule:
    """The country's default rule for a category, as an unsaved rule of the centre."""
    default = default_rule(centre.country, category)
    return RetentionRule(
        centre=centre, category=category, years=default.years, keep_until=default.keep_until,
        legal_basis=default.legal_basis,
    )


def effective_rules(centre: Centre) -> dict[str, RetentionRule]:
    """Each category's rule: the centre's, or the country default where the centre has none yet."""
    saved = {rule.category: rule for rule in RetentionRule.objects.filter(centre=centre)}
    return {category: saved.get(category) or default_for(centre, category) for category in RecordCategory.values}


def is_shorter_than_default(rule: RetentionRule) -> bool:
    """Flag: the centre keeps this category for less time than its country's default says."""
    default = default_rule(rule.centre.country, rule.category)
    if rule.category in FIXED_DATE_CATEGORIES:
        return bool(rule.keep_until and default.keep_until and rule.keep_until < default.keep_until)
    return bool(rule.years is not None and default.years is not None and rule.years < default.years)


def years_after(event: dt.date, years: int) -> dt.date:
    """The day a record of ``event`` kept ``years`` years is due: 1 January after ``years`` full years from the
    end of the event's year."""
    return dt.date(event.year + 1 + years, 1, 1)


# --- the disposal plan -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    client_id: UUID
    reference: str
    count: int
    due_on: dt.date


@dataclass
class CategoryPlan:
    category: str
    rule: RetentionRule | None
    items: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(item.count for item in self.items)


@dataclass
class DisposalPlan:
    today: dt.date
    categories: dict[str, CategoryPlan]
    held: list[Item] = field(default_factory=list)  # would be disposed of, but a legal hold stops it

    def clients(self, category: str) -> list[UUID]:
        return [item.client_id for item in self.categories[category].items]


def _annotated_closed_clients(centre: Centre) -> QuerySet[Client]:
    client = OuterRef("pk")
    eu_delivery = Delivery.objects.filter(client=client, funding_source__kind__in=EU_FUNDING_KINDS)
    eu_participation = Participation.objects.filter(client=client, funding_source__kind__in=EU_FUNDING_KINDS)
    return (
        Client.objects.filter(centre=centre, status=ClientStatus.CLOSED, closed_at__isnull=False)
        .exclude(Exists(Anonymisation.objects.filter(client=client)))
        .annotate(
            held=Exists(LegalHold.objects.filter(client=client, released_at__isnull=True)),
            ongoing=Exists(Plan.objects.filter(client=client, status__in=ONGOING_PLAN_STATUSES))
            | Exists(Participation.objects.filter(client=client, exit_date__isnull=True)),
            served=Exists(Plan.objects.filter(client=client, activated_at__isnull=False))
            | Exists(Delivery.objects.filter(client=client)),
            eu_funded=Exists(eu_delivery) | Exists(eu_participation),
            last_delivery=Subquery(Delivery.objects.filter(client=client).order_by("-date").values("date")[:1]),
        )
        .order_by("closed_at", "reference")
    )


def client_due_on(client: Any, rules: dict[str, RetentionRule]) -> tuple[str, dt.date]:
    """The retention category of an annotated closed client and the day its file is due."""
    category = RecordCategory.CASE_FILE if client.served else RecordCategory.UNSUCCESSFUL_REFERRAL
    years = rules[category].years or 0
    due = years_after(client.closed_at, years)
    if client.last_delivery is not None:
        due = max(due, years_after(client.last_delivery, rules[RecordCategory.DELIVERY_LOGS].years or 0))
    eu_until = rules[RecordCategory.EU_PROJECT].keep_until
    if client.eu_funded and eu_until is not None:
        due = max(due, eu_until + dt.timedelta(days=1))
    return category, due


def delivery_logs_due(centre: Centre, today: dt.date, rules: dict[str, RetentionRule]) -> QuerySet[Delivery]:
    """Delivery logs past their retention that still hold free text (not those of a client already anonymised;
    an ESF+-funded log only once the EU project documentation's date has passed)."""
    years = rules[RecordCategory.DELIVERY_LOGS].years or 0
    logs = Delivery.objects.filter(centre=centre, date__lt=dt.date(today.year - years, 1, 1)).filter(
        delivery_texts_present()
    ).exclude(Exists(Anonymisation.objects.filter(client=OuterRef("client"))))
    eu_until = rules[RecordCategory.EU_PROJECT].keep_until
    if eu_until is None or today <= eu_until:
        logs = logs.exclude(funding_source__kind__in=EU_FUNDING_KINDS)
    return logs


def _logs_by_client(logs: QuerySet[Delivery], years: int) -> list[Item]:
    grouped = logs.order_by().values("client_id", "client__reference").annotate(n=Count("id"), first=Min("date"))
    return [
        Item(row["client_id"], row["client__reference"], row["n"], years_after(row["first"], years))
        for row in grouped.order_by("first", "client__reference")
    ]


def disposal_plan(centre: Centre, today: dt.date, now: dt.datetime | None = None) -> DisposalPlan:
    """What has passed its retention in the centre on ``today`` (see the module): the dry run, and the job's work."""
    now = now or timezone.now()
    rules = effective_rules(centre)
    categories: dict[str, CategoryPlan] = {
        str(category): CategoryPlan(category, rules.get(category)) for category in (
            DisposalCategory.CASE_FILE, DisposalCategory.UNSUCCESSFUL_REFERRAL, DisposalCategory.DELIVERY_LOGS,
            DisposalCategory.SUBJECT_ACCESS_COPIES,
        )
    }
    plan = DisposalPlan(today=today, categories=categories)
    due_clients: set[UUID] = set()
    client: Any
    for client in _annotated_closed_clients(centre):
        if client.ongoing:
            continue  # a closed case with a plan or participation still open: nothing is disposed of
        category, due_on = client_due_on(client, rules)
        if due_on > today:
            continue
        item = Item(client.pk, client.reference, 1, due_on)
        if client.held:
            plan.held.append(item)
        else:
            categories[category].items.append(item)
            due_clients.add(client.pk)
    held_clients = LegalHold.objects.filter(centre=centre, released_at__isnull=True).values("client_id")
    logs = delivery_logs_due(centre, today, rules).exclude(client_id__in=due_clients)
    years = rules[RecordCategory.DELIVERY_LOGS].years or 0
    plan.held += _logs_by_client(logs.filter(client_id__in=held_clients), years)
    categories[DisposalCategory.DELIVERY_LOGS].items = _logs_by_client(logs.exclude(client_id__in=held_clients), years)
    copies = (
        SubjectAccessExport.objects.filter(centre=centre, content__isnull=False, expires_at__lte=now)
        .exclude(client_id__in=held_clients)
        .order_by()
        .values("client_id", "client__reference")
        .annotate(n=Count("id"), first=Min("expires_at"))
    )
    categories[DisposalCategory.SUBJECT_ACCESS_COPIES].items = [
        Item(row["client_id"], row["client__reference"], row["n"], timezone.localdate(row["first"]))
        for row in copies.order_by("first")
    ]
    return plan


def expired_copies(centre: Centre, now: dt.datetime) -> QuerySet[SubjectAccessExport]:
    held_clients = LegalHold.objects.filter(centre=centre, released_at__isnull=True).values("client_id")
    return SubjectAccessExport.objects.filter(
        centre=centre, content__isnull=False, expires_at__lte=now
    ).exclude(client_id__in=held_clients)


def active_hold_ids(client_ids: list[Any]) -> set[Any]:
    return set(
        LegalHold.objects.filter(client_id__in=client_ids, released_at__isnull=True).values_list("client_id", flat=True)
    )

