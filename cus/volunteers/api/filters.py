"""Filters of the volunteer centre's lists."""

from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _lazy

from cus.api.fields import MonthFilter

from ..models import HoursStatus, VolunteerAgreement, VolunteerAssignment, VolunteerHours


class AgreementFilter(filters.FilterSet):
    volunteer = filters.UUIDFilter(field_name="volunteer_id")

    class Meta:
        model = VolunteerAgreement
        fields = ["volunteer", "insured"]


class AssignmentFilter(filters.FilterSet):
    volunteer = filters.UUIDFilter(field_name="volunteer_id")
    client = filters.UUIDFilter(field_name="client_id")
    activity_type = filters.UUIDFilter(field_name="activity_type_id")

    class Meta:
        model = VolunteerAssignment
        fields = ["volunteer", "client", "activity_type", "is_active"]


class HoursFilter(filters.FilterSet):
    volunteer = filters.UUIDFilter(field_name="volunteer_id")
    client = filters.UUIDFilter(field_name="client_id")
    activity_type = filters.UUIDFilter(field_name="activity_type_id")
    assignment = filters.UUIDFilter(field_name="assignment_id")
    status = filters.ChoiceFilter(choices=HoursStatus.choices)
    month = MonthFilter(field_name="date", help_text=_lazy("A month, as YYYY-MM."))
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = VolunteerHours
        fields = ["volunteer", "client", "activity_type", "assignment", "status", "month", "date_from", "date_to"]
