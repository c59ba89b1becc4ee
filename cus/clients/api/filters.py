"""The client registry's list filters (beyond the plain ``filterset_fields`` of the viewsets)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cus.core.dates import centre_today

from .. import selectors
from ..models import AccessAction, Client, ClientAccessLog, Participation


class ClientFilter(django_filters.FilterSet):
    # A choice, not a BooleanFilter: django-filter's boolean widget silently ignores a value like "maybe".
    has_active_plan = django_filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        method="filter_has_active_plan",
        label=_("Only clients with (true) or without (false) an active plan."),
    )

    class Meta:
        model = Client
        fields = ["status", "coordinator"]

    def filter_has_active_plan(self, queryset: QuerySet[Client], name: str, value: bool | None) -> QuerySet[Client]:
        return queryset if value is None else selectors.filter_has_active_plan(queryset, value)


class ParticipationFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(
        field_name="exit_date", lookup_expr="isnull", label=_("Only open (true) or only ended (false) participations.")
    )
    due_for_followup = django_filters.BooleanFilter(
        method="filter_due_for_followup",
        label=_("Only (true) those left six months ago or more whose follow-up is not recorded."),
    )

    def filter_due_for_followup(self, queryset: Any, name: str, value: Any) -> Any:
        if value is None:
            return queryset
        view = self.request.parser_context["view"]
        due = selectors.due_for_followup(queryset, centre_today(view.actor.centre))
        return due if value else queryset.exclude(pk__in=due.values("pk"))

    class Meta:
        model = Participation
        fields = ["client", "funding_source", "open", "due_for_followup"]


class AccessLogFilter(django_filters.FilterSet):
    """The access log searched by client, reader and period (dates in the centre's time zone, both included)."""

    client = django_filters.UUIDFilter(label=_("Client"))
    client_search = django_filters.CharFilter(method="filter_client_search", label=_("Client's name or case reference"))
    user = django_filters.UUIDFilter(label=_("Who read"))
    user_search = django_filters.CharFilter(method="filter_user_search", label=_("Reader's name or e-mail"))
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From (date)"))
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("Until (date)"))
    action = django_filters.ChoiceFilter(choices=AccessAction.choices)

    class Meta:
        model = ClientAccessLog
        fields = ["client", "user", "action", "since", "until"]

    def filter_client_search(self, queryset: QuerySet[ClientAccessLog], name: str, value: str) -> QuerySet[ClientAccessLog]:
        for term in value.split():
            queryset = queryset.filter(
                Q(client__reference__icontains=term) | Q(client__first_name__icontains=term)
                | Q(client__last_name__icontains=term)
            )
        return queryset

    def filter_user_search(self, queryset: QuerySet[ClientAccessLog], name: str, value: str) -> QuerySet[ClientAccessLog]:
        for term in value.split():
            queryset = queryset.filter(
                Q(user__first_name__icontains=term) | Q(user__last_name__icontains=term)
                | Q(user__email__icontains=term)
            )
        return queryset
