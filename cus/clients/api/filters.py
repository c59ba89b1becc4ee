"""The client registry's list filters (beyond the plain ``filterset_fields`` of the viewsets)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import Client, Participation


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

    class Meta:
        model = Participation
        fields = ["client", "funding_source", "open"]
